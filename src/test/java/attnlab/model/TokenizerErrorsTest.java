package attnlab.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad tokenizer directories and bad calls: each error names the directory or file and what was expected. */
class TokenizerErrorsTest {
    @TempDir
    Path dir;

    @Test
    void missingDirectory() {
        Path nowhere = dir.resolve("no-such-model");
        String m = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(nowhere)).getMessage();
        assertTrue(m.contains(nowhere.toString()) && m.contains("not a directory"), m);
    }

    @Test
    void directoryWithoutTokenizer() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{}");
        String m = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir)).getMessage();
        assertTrue(m.contains(dir.toString()) && m.contains("tokenizer.json") && m.contains("vocab.json")
                && m.contains("merges.txt"), m);
    }

    @Test
    void vocabWithoutMerges() throws IOException {
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0}");
        String m = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir)).getMessage();
        assertTrue(m.contains("found vocab.json but not merges.txt"), m);
    }

    @Test
    void truncatedTokenizerJson() throws IOException {
        Path f = dir.resolve("tokenizer.json");
        String json = HfTokenizerSentencePieceTest.llama().toString();
        Files.writeString(f, json.substring(0, json.length() / 2), StandardCharsets.UTF_8);
        String m = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir)).getMessage();
        assertTrue(m.startsWith(f + ": not valid JSON"), m);
    }

    @Test
    void tokenizerJsonTheLibraryRefuses() throws IOException {
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(f, HfTokenizerSentencePieceTest.llama().toString().replace("\"BPE\"", "\"NoSuchModel\""),
                StandardCharsets.UTF_8);
        String m = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir)).getMessage();
        assertTrue(m.startsWith(f + ": not a tokenizer the Hugging Face library accepts"), m);
    }

    @Test
    void tokenizerJsonWithoutVocabulary() throws IOException {
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(f, "{\"version\": \"1.0\"}", StandardCharsets.UTF_8);
        String m = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir)).getMessage();
        assertTrue(m.startsWith(f + ": no \"model\""), m);
    }

    @Test
    void badMergesLine() throws IOException {
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0, \"b\": 1, \"ab\": 2}");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\na b\na b c\n");
        String m = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir)).getMessage();
        assertTrue(m.startsWith(dir.resolve("merges.txt") + ": line 3 must be two tokens"), m);
    }

    @Test
    void mergeOutsideTheVocabulary() throws IOException {
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0, \"b\": 1}");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\na b\n");
        String m = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir)).getMessage();
        assertTrue(m.contains("merges.txt: line 2 merges to \"ab\", which the vocabulary"), m);
    }

    @Test
    void badIdsAndText() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), HfTokenizerSentencePieceTest.llama().toString(),
                StandardCharsets.UTF_8);
        Tokenizer t = Tokenizer.load(dir);
        String m = assertThrows(IllegalArgumentException.class, () -> t.decode(new int[] {271, 277})).getMessage();
        assertTrue(m.equals("token id must be in [0, 277) but was 277"), m);
        m = assertThrows(IllegalArgumentException.class, () -> t.tokenText(-1)).getMessage();
        assertTrue(m.equals("token id must be in [0, 277) but was -1"), m);
        m = assertThrows(IllegalArgumentException.class, () -> t.encode(null)).getMessage();
        assertTrue(m.contains("text"), m);
        m = assertThrows(IllegalArgumentException.class, () -> t.encode("ab\uD800c")).getMessage();
        assertTrue(m.equals("text must be valid Unicode but has an unpaired surrogate U+D800 at index 2"), m);
        m = assertThrows(IllegalArgumentException.class, () -> t.strTokens("\uDC00")).getMessage();
        assertTrue(m.equals("text must be valid Unicode but has an unpaired surrogate U+DC00 at index 0"), m);
        assertArrayEquals(t.encode("héllo 你"), t.encode(new String("héllo 你")), "valid text still encodes");
        assertTrue(t.decode(t.encode("x 😀 y")).equals("x 😀 y"), "a pair is fine");
    }
}
