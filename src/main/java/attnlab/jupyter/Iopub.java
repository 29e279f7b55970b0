package attnlab.jupyter;

import com.google.gson.JsonObject;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The iopub (PUB) socket, shared by every thread that publishes: the shell thread (status, results), the snippet's
 * thread (output, displays) and the control thread (status). ZeroMQ sockets are not thread-safe, so every send goes
 * through this one lock. Messages are published with the topic {@code kernel.<session>.<msg_type>}, as ipykernel does.
 */
final class Iopub {
    private final ZMQ.Socket socket;
    private final Wire wire;
    private volatile JsonObject parent = new JsonObject();

    Iopub(ZMQ.Socket socket, Wire wire) {
        this.socket = socket;
        this.wire = wire;
    }

    /** The request whose output is being published now (set by the shell thread before it runs a request). */
    void parent(JsonObject header) {
        parent = header;
    }

    JsonObject parent() {
        return parent;
    }

    /** Publishes {@code type} with {@code content}, as a child of {@code parent}. */
    synchronized void publish(String type, JsonObject content, JsonObject parent) {
        byte[] topic = ("kernel." + wire.session() + "." + type).getBytes(StandardCharsets.UTF_8);
        wire.send(socket, wire.create(List.of(topic), type, parent, content));
    }

    /** Publishes as a child of the current {@link #parent()}. */
    void publish(String type, JsonObject content) {
        publish(type, content, parent);
    }

    /** {@code status} busy / idle / starting. */
    void status(String state, JsonObject parent) {
        JsonObject c = new JsonObject();
        c.addProperty("execution_state", state);
        publish("status", c, parent);
    }
}
