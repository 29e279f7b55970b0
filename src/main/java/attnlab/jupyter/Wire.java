package attnlab.jupyter;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The wire format of one message (multipart):
 * <pre>
 *   identities..., "&lt;IDS|MSG&gt;", hmac-hex, header, parent_header, metadata, content [, buffers...]
 * </pre>
 * The signature covers the four JSON frames' exact bytes. A message whose signature does not match is dropped and
 * logged, never run. ZeroMQ sockets are not thread-safe: each socket is read and written by one thread (iopub goes
 * through {@link Iopub}, which serialises its callers).
 */
final class Wire {
    static final String DELIMITER = "<IDS|MSG>";
    static final String PROTOCOL = "5.3";
    private static final byte[] DELIMITER_BYTES = DELIMITER.getBytes(StandardCharsets.UTF_8);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final Signer signer;
    private final Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private final String session = UUID.randomUUID().toString();
    private final PrintStream log;

    /** @param log where dropped messages are reported (the kernel's stderr) */
    Wire(String key, PrintStream log) {
        this.signer = new Signer(key);
        this.log = log;
    }

    /** This kernel's session id (the {@code session} of every header it writes). */
    String session() {
        return session;
    }

    /**
     * Receives one message from {@code socket}; blocks.
     *
     * @return the message, or null when the socket was closed or the message was malformed or wrongly signed
     *         (logged, dropped)
     */
    Message receive(ZMQ.Socket socket) {
        return receive(socket, 0);
    }

    /** As {@link #receive(ZMQ.Socket)}; with {@code ZMQ.DONTWAIT}, null at once when nothing is queued. */
    Message receive(ZMQ.Socket socket, int flags) {
        ZMsg msg;
        try {
            msg = ZMsg.recvMsg(socket, flags);
        } catch (RuntimeException e) { // context closed at shutdown
            return null;
        }
        if (msg == null) return null;
        List<byte[]> frames = new ArrayList<>();
        for (ZFrame f : msg) frames.add(f.getData());
        int d = 0;
        while (d < frames.size() && !Arrays.equals(frames.get(d), DELIMITER_BYTES)) d++;
        if (frames.size() < d + 6) {
            log.println("attnlab kernel: dropped a malformed message (" + frames.size() + " frames, no "
                    + DELIMITER + " or too few frames after it)");
            return Message.MALFORMED;
        }
        byte[] signature = frames.get(d + 1);
        byte[] h = frames.get(d + 2), p = frames.get(d + 3), m = frames.get(d + 4), c = frames.get(d + 5);
        if (!signer.verify(signature, h, p, m, c)) {
            log.println("attnlab kernel: dropped a message with a bad signature (not run)");
            return Message.MALFORMED;
        }
        try {
            return new Message(List.copyOf(frames.subList(0, d)), object(h), object(p), object(m), object(c));
        } catch (JsonParseException | IllegalStateException e) {
            log.println("attnlab kernel: dropped a message that is not JSON: " + e.getMessage());
            return Message.MALFORMED;
        }
    }

    private static JsonObject object(byte[] frame) {
        return JsonParser.parseString(new String(frame, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** Sends {@code message} (identities first) on {@code socket}. */
    void send(ZMQ.Socket socket, Message message) {
        byte[] h = bytes(message.header()), p = bytes(message.parent()), m = bytes(message.metadata()),
                c = bytes(message.content());
        ZMsg msg = new ZMsg();
        for (byte[] id : message.identities()) msg.add(id);
        msg.add(DELIMITER_BYTES);
        msg.add(signer.sign(h, p, m, c).getBytes(StandardCharsets.US_ASCII));
        msg.add(h);
        msg.add(p);
        msg.add(m);
        msg.add(c);
        msg.send(socket);
    }

    private byte[] bytes(JsonObject o) {
        return gson.toJson(o).getBytes(StandardCharsets.UTF_8);
    }

    /** A reply to {@code request} (same identities, its header as parent). */
    Message reply(Message request, String type, JsonObject content) {
        return new Message(request.identities(), header(type), request.header(), new JsonObject(), content);
    }

    /** A new message of {@code type} whose parent is {@code parent} (may be null: no parent). */
    Message create(List<byte[]> identities, String type, JsonObject parent, JsonObject content) {
        return new Message(identities, header(type), parent == null ? new JsonObject() : parent, new JsonObject(),
                content);
    }

    /** A fresh header: {@code msg_id, session, username, date, msg_type, version}. */
    JsonObject header(String type) {
        JsonObject h = new JsonObject();
        h.addProperty("msg_id", UUID.randomUUID().toString());
        h.addProperty("session", session);
        h.addProperty("username", "attnlab");
        h.addProperty("date", DATE.format(OffsetDateTime.now(ZoneOffset.UTC)));
        h.addProperty("msg_type", type);
        h.addProperty("version", PROTOCOL);
        return h;
    }
}
