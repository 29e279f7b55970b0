package attnlab.jupyter;

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
        return content.has(field) && content.get(field).isJsonPrimitive() ? content.get(field).getAsBoolean()
                : fallback;
    }

    /**
     * An int field of the content, or {@code fallback} when it is missing or null.
     *
     * @throws IllegalArgumentException naming the field and what it held, when that is not an integer
     */
    int number(String field, int fallback) {
        if (!content.has(field) || content.get(field).isJsonNull()) return fallback;
        com.google.gson.JsonElement v = content.get(field);
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
            double d = v.getAsDouble();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return (int) d;
        }
        throw new IllegalArgumentException(type() + ": " + field + " must be an integer, got " + v);
    }
}
