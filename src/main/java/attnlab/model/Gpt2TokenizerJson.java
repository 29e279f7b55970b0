package attnlab.model;

import attnlab.io.BadFileException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.Map;

/**
 * GPT-2's tokenizer files as the {@code tokenizer.json} Hugging Face builds from them ({@code GPT2TokenizerFast}):
 * <pre>
 *   model          BPE, vocab = vocab.json, merges = merges.txt (its "#version" line and blank lines skipped)
 *   pre_tokenizer  ByteLevel, add_prefix_space false, GPT-2's regex
 *   decoder        ByteLevel
 *   added_tokens   &lt;|endoftext|&gt; (special), when vocab.json holds it (id 50256 in GPT-2)
 * </pre>
 */
final class Gpt2TokenizerJson {
    static final String END_OF_TEXT = "<|endoftext|>";

    private Gpt2TokenizerJson() {}

    static JsonObject build(JsonObject vocab, String vocabFile, String merges, String mergesFile) {
        for (Map.Entry<String, JsonElement> e : vocab.entrySet()) {
            JsonElement v = e.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber())
                throw new BadFileException(vocabFile, "token " + quote(e.getKey()) + " must map to an integer id but"
                        + " maps to " + v);
        }
        JsonArray mergeList = new JsonArray();
        String[] lines = merges.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) continue;
            String[] pair = line.split(" ", -1);
            if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty())
                throw new BadFileException(mergesFile, "line " + (i + 1) + " must be two tokens separated by one space"
                        + " but is " + quote(line));
            if (!vocab.has(pair[0] + pair[1]))
                throw new BadFileException(mergesFile, "line " + (i + 1) + " merges to " + quote(pair[0] + pair[1])
                        + ", which the vocabulary (" + vocabFile + ") does not hold");
            mergeList.add(line);
        }

        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", JsonNull.INSTANCE);
        model.add("unk_token", JsonNull.INSTANCE);
        model.addProperty("continuing_subword_prefix", "");
        model.addProperty("end_of_word_suffix", "");
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        model.add("vocab", vocab);
        model.add("merges", mergeList);

        JsonObject json = new JsonObject();
        json.addProperty("version", "1.0");
        json.add("truncation", JsonNull.INSTANCE);
        json.add("padding", JsonNull.INSTANCE);
        JsonArray added = new JsonArray();
        if (vocab.has(END_OF_TEXT)) {
            JsonObject eot = new JsonObject();
            eot.addProperty("id", vocab.get(END_OF_TEXT).getAsInt());
            eot.addProperty("content", END_OF_TEXT);
            eot.addProperty("single_word", false);
            eot.addProperty("lstrip", false);
            eot.addProperty("rstrip", false);
            eot.addProperty("normalized", true);
            eot.addProperty("special", true);
            added.add(eot);
        }
        json.add("added_tokens", added);
        json.add("normalizer", JsonNull.INSTANCE);
        json.add("pre_tokenizer", byteLevel(false));
        json.add("post_processor", JsonNull.INSTANCE);
        json.add("decoder", byteLevel(true));
        json.add("model", model);
        return json;
    }

    private static JsonObject byteLevel(boolean addPrefixSpace) {
        JsonObject o = new JsonObject();
        o.addProperty("type", "ByteLevel");
        o.addProperty("add_prefix_space", addPrefixSpace);
        o.addProperty("trim_offsets", true);
        o.addProperty("use_regex", true);
        return o;
    }

    private static String quote(String s) {
        return new JsonPrimitive(s).toString();
    }
}
