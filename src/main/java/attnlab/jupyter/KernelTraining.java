package attnlab.jupyter;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** What the launcher's class-data archive records for the kernel. */
public final class KernelTraining {
    private KernelTraining() {}

    /**
     * The kernel's part of the launcher's class-data training run ({@code Main --cds-training}): a kernel on free
     * local ports and an in-process client that asks for kernel_info, runs {@code 1+1}, completes, and shuts it
     * down, so the archive holds ZeroMQ, Gson and the kernel's classes and the next start reaches
     * {@code kernel_info_reply} sooner.
     */
    public static int run(String startup, Path home) throws IOException, InterruptedException {
        int[] ports = new int[5];
        for (int i = 0; i < ports.length; i++)
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                ports[i] = s.getLocalPort();
            }
        String key = UUID.randomUUID().toString();
        ConnectionFile c = new ConnectionFile("tcp", "127.0.0.1", ports[0], ports[1], ports[2], ports[3], ports[4],
                key, "hmac-sha256");
        Kernel k = new Kernel(c);
        k.start(startup, home);
        try (ZContext ctx = new ZContext()) {
            Wire client = new Wire(key, k.log());
            ZMQ.Socket shell = ctx.createSocket(SocketType.DEALER), control = ctx.createSocket(SocketType.DEALER);
            shell.connect(c.endpoint(c.shellPort()));
            control.connect(c.endpoint(c.controlPort()));
            shell.setReceiveTimeOut(60_000); // a training run must never hang the launcher's first start
            control.setReceiveTimeOut(60_000);
            String[][] requests = {{"kernel_info_request", "{}"},
                    {"execute_request", "{\"code\": \"1+1\", \"silent\": false, \"store_history\": true}"},
                    {"complete_request", "{\"code\": \"Math.ma\", \"cursor_pos\": 7}"},
                    {"is_complete_request", "{\"code\": \"int f() {\"}"}};
            for (String[] r : requests) {
                client.send(shell, client.create(List.of(), r[0], null,
                        JsonParser.parseString(r[1]).getAsJsonObject()));
                client.receive(shell);
            }
            client.send(control, client.create(List.of(), "shutdown_request", null, new JsonObject()));
            client.receive(control);
        }
        k.awaitShutdown(60);
        k.close();
        return 0;
    }
}
