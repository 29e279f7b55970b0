package attnlab.jupyter;

import attnlab.tensor.Interrupts;
import com.google.gson.JsonObject;
import org.zeromq.ZMQ;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code System.in} in the kernel: a cell that reads it ({@code new Scanner(System.in).nextLine()}, a
 * {@code BufferedReader}) asks the client for a line with {@code input_request} on the stdin channel and reads the
 * {@code input_reply}'s value, followed by a newline, as a terminal would give it.
 *
 * <p>Only while an {@code execute_request} runs ({@link #during}), and only when it allowed stdin
 * ({@code allow_stdin}: true in a notebook and {@code jupyter console}; false in {@code nbconvert --execute}). When
 * it did not, a read throws {@link NoInput}, which names the reason, rather than blocking or returning an end of
 * file that reads as an empty answer. Outside a cell, System.in is at its end.
 *
 * <p>Threads: the request is set by the shell thread; reads, and so the stdin socket, happen on the cell's own
 * thread, one at a time (the socket is used by no other thread). While it waits for the reply the read polls the
 * interrupt flag, so the interrupt button stops a cell that waits for input.
 */
final class StdinChannel extends InputStream {
    private static final long POLL_MILLIS = 20;

    /** A read of System.in in a cell whose client sends no input. */
    public static final class NoInput extends IllegalStateException {
        NoInput() {
            super("this cell reads System.in, but the client does not send input (allow_stdin is false, as in"
                    + " jupyter nbconvert --execute and graders): give the input in the code, e.g."
                    + " new Scanner(\"3 4\") instead of new Scanner(System.in)");
        }
    }

    private final ZMQ.Socket socket;
    private final Wire wire;
    private final StreamOutput streams;
    private volatile Message request; // the execute_request that runs, or null
    private volatile boolean allowed;
    private byte[] line = new byte[0];
    private int at;

    StdinChannel(ZMQ.Socket socket, Wire wire, StreamOutput streams) {
        this.socket = socket;
        this.wire = wire;
        this.streams = streams;
    }

    /** Runs {@code cell} (one execute_request) with System.in connected to that request's client. */
    JsonObject during(Message executeRequest, Supplier<JsonObject> cell) {
        synchronized (this) {
            line = new byte[0];
            at = 0;
        }
        allowed = executeRequest.flag("allow_stdin", false);
        request = executeRequest;
        try {
            return cell.get();
        } finally {
            request = null;
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
        if (len == 0) return 0;
        if (at >= line.length) {
            Message r = request;
            if (r == null) return -1;
            if (!allowed) throw new NoInput();
            line = (ask(r) + "\n").getBytes(StandardCharsets.UTF_8);
            at = 0;
        }
        int n = Math.min(len, line.length - at);
        System.arraycopy(line, at, b, off, n);
        at += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - at;
    }

    /** Sends {@code input_request} to the client of {@code r} and waits for its {@code input_reply}. */
    private String ask(Message r) {
        while (wire.receive(socket, ZMQ.DONTWAIT) != null) {
            // a stale reply (to a request that was interrupted) must not answer this one
        }
        streams.flush(); // the question the cell printed comes before the input box
        JsonObject content = new JsonObject();
        content.addProperty("prompt", "");
        content.addProperty("password", false);
        wire.send(socket, wire.create(r.identities(), "input_request", r.header(), content));
        while (true) { // polled, so that an interrupt (the thread's flag, or a stop on JDK 17) ends the wait
            Message reply = wire.receive(socket, ZMQ.DONTWAIT);
            if (reply != null && reply != Message.MALFORMED && reply.type().equals("input_reply"))
                return reply.text("value", "");
            if (reply != null) continue;
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                throw new Interrupts.Stopped();
            }
        }
    }
}
