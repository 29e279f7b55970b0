package attnlab.model;

import java.nio.file.Path;

/**
 * Text to token ids and back, exactly as the model's Hugging Face tokenizer does it.
 * {@code strTokens} spells each token as TransformerLens prints it (GPT-2's {@code "Ġ"} shown as a space).
 */
public interface Tokenizer {
    int[] encode(String text);

    String decode(int[] ids);

    /** Each token of {@code text} as a string, e.g. {@code ["When", " Mary", " and"]}. */
    String[] strTokens(String text);

    /** One id's text, as in {@link #strTokens}. */
    String tokenText(int id);

    int vocabSize();

    /**
     * The tokenizer of a Hugging Face model directory: {@code tokenizer.json}, or GPT-2's {@code vocab.json} +
     * {@code merges.txt}. Fails naming the directory and the files looked for when there is none.
     */
    static Tokenizer load(Path dir) {
        throw new UnsupportedOperationException("Tokenizer.load: not built yet (issue 19, tokenizer work)");
    }
}
