package attnlab.kernel;

import com.google.gson.JsonObject;

import java.util.List;

/**
 * One Jupyter message: the routing identities it came with (replies go back to them), then header, parent header,
 * metadata and content. Binary buffers are not used by this kernel.
 *
 * @param identities ZeroMQ routing frames (for iopub: the topic)
 * @param header     {@code msg_id, session, username, date, msg_type, version}
 * @param parent     the header of the request this message answers, or empty
 */
record Message(List<byte[]> identities, JsonObject header, JsonObject parent, JsonObject metadata,
               JsonObject content) {

    /** What {@link Wire#receive} returns for a dropped message (bad signature, not JSON): the loop goes on. */
    static final Message MALFORMED = new Message(List.of(), new JsonObject(), new JsonObject(), new JsonObject(),
            new JsonObject());

    /** The {@code msg_type}, e.g. {@code execute_request}. */
    String type() {
        return header.has("msg_type") ? header.get("msg_type").getAsString() : "";
    }

    /** A string field of the content, or {@code fallback}. */
    String text(String field, String fallback) {
        return content.has(field) && content.get(field).isJsonPrimitive() ? content.get(field).getAsString() : fallback;
    }

    /** A boolean field of the content, or {@code fallback}. */
    boolean flag(String field, boolean fallback) {
        return content.has(field) && content.get(field).isJsonPrimitive() ? content.get(field).getAsBoolean() : fallback;
    }

    /** An int field of the content, or {@code fallback}. */
    int number(String field, int fallback) {
        return content.has(field) && content.get(field).isJsonPrimitive() ? content.get(field).getAsInt() : fallback;
    }
}
