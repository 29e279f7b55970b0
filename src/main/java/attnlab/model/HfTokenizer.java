package attnlab.model;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import attnlab.io.BadFileException;
import attnlab.tensor.Checks;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A {@link Tokenizer} run by Hugging Face's own implementation (the Rust {@code tokenizers} crate through DJL's JNI
 * binding), from a {@code tokenizer.json} or from GPT-2's {@code vocab.json} + {@code merges.txt}
 * ({@link Gpt2TokenizerJson} turns those into the equivalent {@code tokenizer.json} in memory).
 *
 * <p>Two native tokenizers are held: one for {@code encode}/{@code decode}, and one for labels whose decoder does not
 * strip a sentence's leading space ({@link DisplayDecoder}), so a SentencePiece {@code "▁the"} reads {@code " the"}
 * as GPT-2's {@code "Ġthe"} does; the second is built at the first label. Thread-safe: the native tokenizers are
 * immutable once built.
 */
public final class HfTokenizer implements Tokenizer {
    static final String TOKENIZER_JSON = "tokenizer.json", VOCAB_JSON = "vocab.json", MERGES_TXT = "merges.txt";

    /** No truncation, no padding, no special tokens added: ids are exactly the text's tokens. */
    private static final Map<String, String> OPTIONS = Map.of("addSpecialTokens", "false", "truncation", "false",
            "padding", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final String json; // the tokenizer.json text: the label decoder is derived from it when first needed
    private volatile HuggingFaceTokenizer display; // built at the first label: encode/decode alone never need it
    private final int vocabSize;
    private final String source;
    private final String[] texts;

    private HfTokenizer(JsonObject json, String source) {
        this.source = source;
        this.vocabSize = vocabSize(json, source);
        this.json = json.toString();
        this.tokenizer = create(this.json, source);
        this.texts = new String[vocabSize];
    }

    /** See {@link Tokenizer#load}. */
    public static HfTokenizer load(Path dir) {
        Checks.notNull(dir, "dir");
        if (!Files.isDirectory(dir))
            throw new IllegalArgumentException("tokenizer directory " + dir + " does not exist or is not a directory");
        Path json = dir.resolve(TOKENIZER_JSON), vocab = dir.resolve(VOCAB_JSON), merges = dir.resolve(MERGES_TXT);
        if (Files.isRegularFile(json)) return fromJson(json);
        if (Files.isRegularFile(vocab) && Files.isRegularFile(merges)) return fromGpt2Files(vocab, merges);
        throw new IllegalArgumentException("no tokenizer in " + dir + ": looked for " + TOKENIZER_JSON + ", or "
                + VOCAB_JSON + " + " + MERGES_TXT + " (GPT-2)"
                + (Files.isRegularFile(vocab) ? "; found " + VOCAB_JSON + " but not " + MERGES_TXT
                : Files.isRegularFile(merges) ? "; found " + MERGES_TXT + " but not " + VOCAB_JSON : ""));
    }

    /** A tokenizer from a {@code tokenizer.json} file. */
    public static HfTokenizer fromJson(Path file) {
        return new HfTokenizer(parse(read(file), file.toString()), file.toString());
    }

    /** A GPT-2 tokenizer from its {@code vocab.json} and {@code merges.txt} (see {@link Gpt2TokenizerJson}). */
    public static HfTokenizer fromGpt2Files(Path vocab, Path merges) {
        JsonObject v = parse(read(vocab), vocab.toString());
        JsonObject json = Gpt2TokenizerJson.build(v, vocab.toString(), read(merges), merges.toString());
        return new HfTokenizer(json, vocab + " + " + merges.getFileName());
    }

    @Override
    public int[] encode(String text) {
        Checks.notNull(text, "text");
        checkUnicode(text);
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = Math.toIntExact(ids[i]);
        return out;
    }

    @Override
    public String decode(int[] ids) {
        Checks.notNull(ids, "ids");
        return tokenizer.decode(checked(ids), false);
    }

    @Override
    public String[] strTokens(String text) {
        int[] ids = encode(text);
        String[] s = new String[ids.length];
        for (int i = 0; i < ids.length; i++) s[i] = tokenText(ids[i]);
        return s;
    }

    /**
     * The text of one token decoded alone, as TransformerLens's {@code to_str_tokens} does: a byte-level token
     * that is part of a multi-byte character reads {@code "�"}; a SentencePiece {@code "▁"} reads as a space.
     */
    @Override
    public String tokenText(int id) {
        String t = texts[checked(id)];
        if (t == null) texts[id] = t = display().decode(new long[] {id}, false);
        return t;
    }

    private HuggingFaceTokenizer display() {
        HuggingFaceTokenizer d = display;
        if (d == null) {
            synchronized (this) {
                d = display;
                if (d == null)
                    display = d = create(DisplayDecoder.of(JsonParser.parseString(json).getAsJsonObject()).toString(),
                            source);
            }
        }
        return d;
    }

    @Override
    public int vocabSize() { return vocabSize; }

    @Override
    public String toString() {
        return "Tokenizer (" + vocabSize + " tokens, " + source + ")";
    }

    /**
     * An unpaired surrogate has no UTF-8 form: Python refuses such a string, and the native side would read JNI's
     * modified UTF-8 bytes as three tokens that decode to "���", so it is refused here, by position.
     */
    private static void checkUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))
                i++;
            else if (Character.isSurrogate(c))
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "text must be valid Unicode"
                        + " but has an unpaired surrogate U+%04X at index %d", (int) c, i));
        }
    }

    private long[] checked(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) l[i] = checked(ids[i]);
        return l;
    }

    private int checked(int id) {
        if (id < 0 || id >= vocabSize)
            throw new IllegalArgumentException("token id must be in [0, " + vocabSize + ") but was " + id);
        return id;
    }

    private static HuggingFaceTokenizer create(String json, String source) {
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    OPTIONS);
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // the Rust side's message says what is wrong ("unknown variant ...", "missing field ...")
            throw new BadFileException(source, "not a tokenizer the Hugging Face library accepts: " + e.getMessage());
        }
    }

    /** The number of ids: one past the largest id of the model's vocabulary and the added tokens. */
    private static int vocabSize(JsonObject json, String source) {
        int max = -1;
        JsonElement model = json.get("model");
        if (model == null || !model.isJsonObject())
            throw new BadFileException(source, "no \"model\" object (the vocabulary)");
        JsonElement vocab = model.getAsJsonObject().get("vocab");
        try {
            if (vocab != null && vocab.isJsonObject())
                for (Map.Entry<String, JsonElement> e : vocab.getAsJsonObject().entrySet())
                    max = Math.max(max, e.getValue().getAsInt());
            else if (vocab != null && vocab.isJsonArray()) max = vocab.getAsJsonArray().size() - 1; // Unigram
            JsonElement added = json.get("added_tokens");
            if (added != null && added.isJsonArray())
                for (JsonElement a : added.getAsJsonArray()) max = Math.max(max, a.getAsJsonObject().get("id").getAsInt());
        } catch (RuntimeException e) {
            throw new BadFileException(source, "a token id is not a number: " + e.getMessage());
        }
        if (max < 0) throw new BadFileException(source, "the vocabulary (\"model\".\"vocab\") is missing or empty");
        return max + 1;
    }

    static JsonObject parse(String text, String source) {
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) throw new BadFileException(source, "not a JSON object");
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new BadFileException(source, "not valid JSON: " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getMessage();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
    }
}
