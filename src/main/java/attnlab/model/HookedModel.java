package attnlab.model;

import java.util.function.Predicate;

/**
 * A transformer that can be looked inside: one API for the toy models trained in the lab ({@code attnlab.train}) and
 * the real checkpoints ({@link attnlab.model}). A run gives logits and an {@link ActivationCache} with TransformerLens
 * hook names; hooks edit activations on the way; {@link HeadDetector} scores every head from the patterns.
 */
public interface HookedModel {
    /** Number of blocks. */
    int layers();

    /** Query heads per block. */
    int heads();

    /** Token ids are {@code 0 .. vocab()-1}. */
    int vocab();

    /** The longest input, in tokens. */
    int context();

    /**
     * One forward pass over {@code tokens} ({@code [L]}): logits {@code [L, vocab]} and the activations that
     * {@code names} keeps, with {@code hooks} applied on the way.
     */
    ModelRun run(int[] tokens, Predicate<String> names, Hook... hooks);

    /** {@link #run(int[], Predicate, Hook...)} keeping every activation. */
    default ModelRun run(int[] tokens, Hook... hooks) {
        return run(tokens, ActivationCache.ALL, hooks);
    }

    /** The beginning-of-sequence token the model expects first, or −1 when it has none. */
    default int bos() {
        return -1;
    }

    /** How a token id reads in labels and tables (a tokenizer's string, or the id itself for toy models). */
    default String tokenText(int id) {
        return Integer.toString(id);
    }
}
