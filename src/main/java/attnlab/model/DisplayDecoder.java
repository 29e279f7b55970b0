package attnlab.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The decoder that spells one token for a label. A SentencePiece decoder strips the leading space of the decoded
 * text (a {@code Strip} step, or {@code Metaspace} with {@code prepend_scheme} "first"/"always"), which is right for a
 * sentence but turns the label of {@code "▁the"} into {@code "the"}, so word starts could not be told from word
 * middles. The copy built here leaves that space, as GPT-2's byte-level decoder does for {@code "Ġthe"}.
 */
final class DisplayDecoder {
    private DisplayDecoder() {}

    /** {@code tokenizerJson} with a decoder that keeps a token's leading space (changed in place, and returned). */
    static JsonObject of(JsonObject tokenizerJson) {
        JsonElement d = tokenizerJson.get("decoder");
        if (d != null && d.isJsonObject()) tokenizerJson.add("decoder", keepSpace(d.getAsJsonObject()));
        return tokenizerJson;
    }

    private static JsonElement keepSpace(JsonObject decoder) {
        String type = decoder.has("type") ? decoder.get("type").getAsString() : "";
        if (type.equals("Metaspace")) {
            decoder.remove("add_prefix_space");
            decoder.addProperty("prepend_scheme", "never");
        } else if (type.equals("Sequence") && decoder.has("decoders") && decoder.get("decoders").isJsonArray()) {
            JsonArray kept = new JsonArray();
            for (JsonElement step : decoder.getAsJsonArray("decoders")) {
                if (step.isJsonObject() && "Strip".equals(typeOf(step.getAsJsonObject()))) continue;
                kept.add(step.isJsonObject() ? keepSpace(step.getAsJsonObject()) : step);
            }
            decoder.add("decoders", kept);
        }
        return decoder;
    }

    private static String typeOf(JsonObject o) {
        return o.has("type") ? o.get("type").getAsString() : "";
    }
}
