package attnlab.jupyter;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection file a Jupyter client writes before it starts the kernel: where to bind the five sockets and the
 * key that signs every message.
 * <pre>
 *   {"transport": "tcp", "ip": "127.0.0.1", "shell_port": 53794, "iopub_port": 53795, "stdin_port": 53796,
 *    "control_port": 53797, "hb_port": 53798, "key": "a0436f6c-...", "signature_scheme": "hmac-sha256"}
 * </pre>
 *
 * @param transport "tcp" (or "ipc")
 * @param ip        the only address the sockets bind to (127.0.0.1 in the usual case)
 * @param key       the HMAC key; empty means messages are not signed
 */
public record ConnectionFile(String transport, String ip, int shellPort, int iopubPort, int stdinPort,
                             int controlPort, int hbPort, String key, String signatureScheme) {

    /**
     * Reads a connection file.
     *
     * @throws IOException              when it cannot be read
     * @throws IllegalArgumentException naming the field when a field is missing or the scheme is not hmac-sha256
     */
    public static ConnectionFile read(Path file) throws IOException {
        JsonObject j = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        String scheme = string(j, "signature_scheme", "hmac-sha256");
        String key = string(j, "key", "");
        if (!key.isEmpty() && !scheme.equals("hmac-sha256"))
            throw new IllegalArgumentException("signature_scheme must be hmac-sha256 but was " + scheme
                    + " in " + file);
        return new ConnectionFile(string(j, "transport", "tcp"), string(j, "ip", "127.0.0.1"),
                port(j, "shell_port", file), port(j, "iopub_port", file), port(j, "stdin_port", file),
                port(j, "control_port", file), port(j, "hb_port", file), key, scheme);
    }

    /** The ZeroMQ endpoint for {@code port}: {@code tcp://127.0.0.1:53794}, or {@code ipc://path-53794}. */
    public String endpoint(int port) {
        return transport.equals("ipc") ? "ipc://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }

    private static String string(JsonObject j, String name, String fallback) {
        return j.has(name) && !j.get(name).isJsonNull() ? j.get(name).getAsString() : fallback;
    }

    private static int port(JsonObject j, String name, Path file) {
        if (!j.has(name)) throw new IllegalArgumentException("connection file " + file + " has no " + name);
        return j.get(name).getAsInt();
    }
}
