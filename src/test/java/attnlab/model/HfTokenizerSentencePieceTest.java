package attnlab.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A SentencePiece-style tokenizer in Llama 2's {@code tokenizer.json} layout, built here: a {@code ▁}-prepending
 * normalizer, BPE with {@code byte_fallback} ({@code <0x00>..<0xFF>}), a template that would add {@code <s>}, and
 * the Replace/ByteFallback/Fuse/Strip decoder. The ids are worked out by hand from the merges below.
 * <pre>
 *   0 &lt;unk&gt;  1 &lt;s&gt;  2 &lt;/s&gt;   3..258 &lt;0x00&gt;..&lt;0xFF&gt;   259 ▁  260 h 261 e 262 l 263 o 264 w 265 r 266 d
 *   merges (rank order)       ▁ h → 267 ▁h,  e l → 268 el,  ▁h el → 269 ▁hel,  l o → 270 lo,  ▁hel lo → 271 ▁hello,
 *                             ▁ w → 272 ▁w,  o r → 273 or,  ▁w or → 274 ▁wor,  l d → 275 ld,  ▁wor ld → 276 ▁world
 *   "hello world" → "▁hello▁world" → ▁h e l l o → ▁h el l o → ▁hel l o → ▁hel lo → ▁hello (271); ▁world (276)
 *   "hello 你"    → "▁hello▁你": 你 is not in the vocabulary, so its UTF-8 bytes E4 BD A0 → 3 + byte = 231 192 163
 * </pre>
 */
class HfTokenizerSentencePieceTest {
    @TempDir
    Path dir;

    static final String[] PIECES = {"▁", "h", "e", "l", "o", "w", "r", "d"};
    static final String[] MERGES = {"▁ h", "e l", "▁h el", "l o", "▁hel lo", "▁ w", "o r", "▁w or", "l d", "▁wor ld"};

    @Test
    void llamaLayoutWithByteFallback() throws IOException {
        Tokenizer t = load(llama());
        assertArrayEquals(new int[] {271, 276}, t.encode("hello world"), "no <s>: special tokens are not added");
        assertArrayEquals(new String[] {" hello", " world"}, t.strTokens("hello world"), "▁ reads as a space");
        assertEquals("hello world", t.decode(new int[] {271, 276}));
        assertArrayEquals(new int[] {271, 259, 231, 192, 163}, t.encode("hello 你"));
        assertEquals("hello 你", t.decode(t.encode("hello 你")));
        assertArrayEquals(new String[] {" hello", " ", "\uFFFD", "\uFFFD", "\uFFFD"}, t.strTokens("hello 你"),
                "a byte of a multi-byte character alone reads as U+FFFD, as TransformerLens shows it");
        assertArrayEquals(new int[] {1, 271}, t.encode("<s>hello"), "<s> written in the text is one token");
        assertEquals("<s>", t.tokenText(1));
        assertEquals(277, t.vocabSize());
        for (String s : new String[] {"hello", "world hello", "  hello", "hold wer", "héllo wörld ✓"})
            assertEquals(s, t.decode(t.encode(s)), "round trip of \"" + s + "\"");
    }

    @Test
    void metaspaceLayout() throws IOException {
        JsonObject json = llama();
        json.add("normalizer", null);
        json.add("pre_tokenizer", JsonParser.parseString(
                "{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"always\",\"split\":true}"));
        json.add("decoder", JsonParser.parseString(
                "{\"type\":\"Metaspace\",\"replacement\":\"▁\",\"prepend_scheme\":\"always\",\"split\":true}"));
        Tokenizer t = load(json);
        assertArrayEquals(new int[] {271, 276}, t.encode("hello world"));
        assertEquals("hello world", t.decode(new int[] {271, 276}), "the sentence's first space is stripped");
        assertArrayEquals(new String[] {" hello", " world"}, t.strTokens("hello world"), "a label keeps it");
    }

    @Test
    void truncationAndPaddingInTheFileAreIgnored() throws IOException {
        JsonObject json = llama();
        json.add("truncation", JsonParser.parseString(
                "{\"direction\":\"Right\",\"max_length\":2,\"strategy\":\"LongestFirst\",\"stride\":0}"));
        json.add("padding", JsonParser.parseString("{\"strategy\":{\"Fixed\":8},\"direction\":\"Right\","
                + "\"pad_to_multiple_of\":null,\"pad_id\":2,\"pad_type_id\":0,\"pad_token\":\"</s>\"}"));
        Tokenizer t = load(json);
        assertArrayEquals(new int[] {271, 259, 231, 192, 163}, t.encode("hello 你"), "all the text's ids, no more");
    }

    private Tokenizer load(JsonObject json) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), json.toString(), StandardCharsets.UTF_8);
        return Tokenizer.load(dir);
    }

    static JsonObject llama() {
        JsonObject vocab = new JsonObject();
        vocab.addProperty("<unk>", 0);
        vocab.addProperty("<s>", 1);
        vocab.addProperty("</s>", 2);
        for (int b = 0; b < 256; b++) vocab.addProperty(String.format("<0x%02X>", b), 3 + b);
        int id = 259;
        for (String p : PIECES) vocab.addProperty(p, id++);
        JsonArray merges = new JsonArray();
        for (String m : MERGES) {
            vocab.addProperty(m.replace(" ", ""), id++);
            merges.add(m);
        }
        JsonObject json = JsonParser.parseString("{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,"
                + "\"added_tokens\":[" + special(0, "<unk>") + "," + special(1, "<s>") + "," + special(2, "</s>") + "],"
                + "\"normalizer\":{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"Prepend\",\"prepend\":\"▁\"},"
                + "{\"type\":\"Replace\",\"pattern\":{\"String\":\" \"},\"content\":\"▁\"}]},"
                + "\"pre_tokenizer\":null,"
                + "\"post_processor\":{\"type\":\"TemplateProcessing\","
                + "\"single\":[{\"SpecialToken\":{\"id\":\"<s>\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}}],"
                + "\"pair\":[{\"SpecialToken\":{\"id\":\"<s>\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}},"
                + "{\"SpecialToken\":{\"id\":\"<s>\",\"type_id\":1}},{\"Sequence\":{\"id\":\"B\",\"type_id\":1}}],"
                + "\"special_tokens\":{\"<s>\":{\"id\":\"<s>\",\"ids\":[1],\"tokens\":[\"<s>\"]}}},"
                + "\"decoder\":{\"type\":\"Sequence\",\"decoders\":[{\"type\":\"Replace\",\"pattern\":{\"String\":\"▁\"},"
                + "\"content\":\" \"},{\"type\":\"ByteFallback\"},{\"type\":\"Fuse\"},"
                + "{\"type\":\"Strip\",\"content\":\" \",\"start\":1,\"stop\":0}]}}").getAsJsonObject();
        JsonObject model = JsonParser.parseString("{\"type\":\"BPE\",\"dropout\":null,\"unk_token\":\"<unk>\","
                + "\"continuing_subword_prefix\":null,\"end_of_word_suffix\":null,\"fuse_unk\":true,"
                + "\"byte_fallback\":true}").getAsJsonObject();
        model.add("vocab", vocab);
        model.add("merges", merges);
        json.add("model", model);
        return json;
    }

    private static String special(int id, String content) {
        return "{\"id\":" + id + ",\"content\":\"" + content + "\",\"single_word\":false,\"lstrip\":false,"
                + "\"rstrip\":false,\"normalized\":false,\"special\":true}";
    }
}
