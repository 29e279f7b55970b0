package attnlab.model;

import java.nio.file.Path;

/**
 * Text to token ids and back, exactly as the model's Hugging Face tokenizer does it.
 * {@code strTokens} spells each token as TransformerLens prints it (GPT-2's {@code "Ġ"} shown as a space).
 *
 * <p>{@link #encode} adds no special tokens (Hugging Face's {@code encode(text, add_special_tokens=False)}): a model
 * that wants a BOS token prepends it itself. Special tokens written in the text, such as {@code <|endoftext|>}, are
 * recognised as one token each. {@code decode(encode(s))} returns {@code s}.
 */
public interface Tokenizer {
    int[] encode(String text);

    /** The text of {@code ids}, special tokens included (nothing is skipped). */
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
        return HfTokenizer.load(dir);
    }
}
