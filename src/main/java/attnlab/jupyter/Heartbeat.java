package attnlab.jupyter;

import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/** The heartbeat (REP) socket on its own thread: echoes every message, so clients see the kernel is alive. */
final class Heartbeat implements Runnable {
    private final ZMQ.Socket socket;

    Heartbeat(ZMQ.Socket socket) {
        this.socket = socket;
    }

    @Override
    public void run() {
        while (!Thread.currentThread().isInterrupted()) {
            ZMsg ping;
            try {
                ping = ZMsg.recvMsg(socket);
            } catch (RuntimeException e) { // context closed at shutdown
                return;
            }
            if (ping == null) return;
            ping.send(socket);
        }
    }
}
