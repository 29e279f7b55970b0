package attnlab.train;

import attnlab.tensor.Checks;

import java.util.Random;

/**
 * A synthetic sequence task: uniform random input tokens {@code x_0 .. x_{L−1}} in {@code 0 .. vocab−1}, and at each
 * position {@code t} a target class computed from earlier tokens, or none ({@link #NO_TARGET}) where the rule has
 * nothing to look at. Three tasks answer the questions of exercise 5.9:
 * <pre>
 *   previousToken(V, L)   y_t = x_{t−1}                       t ≥ 1   one head attending to t−1 solves it
 *   copy(V, L, k)         y_t = x_{t−k}                       t ≥ k   one head attending to t−k
 *   difference(V, L)      y_t = x_{t−1} − x_{t−2} + (V − 1)   t ≥ 2   2V−1 classes; needs TWO heads (see below)
 * </pre>
 * Why {@code difference} needs two heads: a one-layer attention model predicts with logits linear in
 * {@code x + Σ_h head_h}. The difference is linear in {@code (x_{t−1}, −x_{t−2})} (logit_c = 2c·(a − b) − c² ranks
 * c = a − b first), but one head applies the same value/output map to every position it attends, so it can only add
 * {@code w·f(a) + w'·f(b)} with {@code w, w' ≥ 0}: it cannot give the two tokens opposite signs. Two heads, one at
 * t−1 and one at t−2, can.
 *
 * <p>Sampling is deterministic given the {@link Random}; tokens are drawn row-major with {@code nextInt(vocab)}.
 */
public final class Task {
    /** The target value of a position that has no target (excluded from loss and accuracy). */
    public static final int NO_TARGET = -1;

    /** How a task computes the target at position t from the tokens of one sequence. */
    @FunctionalInterface
    interface Rule {
        int target(int[] tokens, int t);
    }

    /**
     * One batch: {@code tokens[b][t]} in {@code 0..vocab−1} and {@code targets[b][t]} in {@code 0..outputVocab−1} or
     * {@link #NO_TARGET}. Shapes {@code [B][L]}.
     */
    public record Batch(int[][] tokens, int[][] targets) {
        public int size() { return tokens.length; }
    }

    private final String name;
    private final int vocab, outputVocab, length, firstTarget;
    private final Rule rule;

    private Task(String name, int vocab, int outputVocab, int length, int firstTarget, Rule rule) {
        this.name = name;
        this.vocab = vocab;
        this.outputVocab = outputVocab;
        this.length = length;
        this.firstTarget = firstTarget;
        this.rule = rule;
    }

    /** {@code y_t = x_{t−1}} for {@code t ≥ 1}. */
    public static Task previousToken(int vocab, int length) {
        return copy(vocab, length, 1, "previous token");
    }

    /** {@code y_t = x_{t−k}} for {@code t ≥ k}; {@code k ≥ 1}, {@code k < length}. */
    public static Task copy(int vocab, int length, int k) {
        return copy(vocab, length, k, "copy at offset " + k);
    }

    private static Task copy(int vocab, int length, int k, String name) {
        check(vocab, length);
        if (k < 1 || k >= length)
            throw new IllegalArgumentException("offset k must be in 1.." + (length - 1) + " (length − 1) but was " + k);
        return new Task(name, vocab, vocab, length, k, (x, t) -> x[t - k]);
    }

    /** {@code y_t = x_{t−1} − x_{t−2} + (vocab − 1)} for {@code t ≥ 2}: {@code 2·vocab − 1} output classes. */
    public static Task difference(int vocab, int length) {
        check(vocab, length);
        if (length < 3) throw new IllegalArgumentException("length must be >= 3 for the difference task but was "
                + length);
        return new Task("difference x[t-1] - x[t-2]", vocab, 2 * vocab - 1, length, 2,
                (x, t) -> x[t - 1] - x[t - 2] + vocab - 1);
    }

    private static void check(int vocab, int length) {
        if (vocab < 2) throw new IllegalArgumentException("vocab must be >= 2 but was " + vocab);
        if (length < 2) throw new IllegalArgumentException("length must be >= 2 but was " + length);
    }

    /** A fresh batch of {@code batch} sequences drawn from {@code rng}. */
    public Batch sample(Random rng, int batch) {
        Checks.positive(batch, "batch");
        return sample(rng, new Batch(new int[batch][length], new int[batch][length]));
    }

    /** Refills {@code into} (allocated for this task's length) from {@code rng}; returns it. */
    public Batch sample(Random rng, Batch into) {
        Checks.notNull(rng, "rng");
        Checks.notNull(into, "into");
        for (int b = 0; b < into.size(); b++) {
            int[] x = into.tokens()[b];
            if (x.length != length)
                throw new IllegalArgumentException("into.tokens()[" + b + "] has length " + x.length
                        + " but the task has length " + length);
            for (int t = 0; t < length; t++) x[t] = rng.nextInt(vocab);
            targets(x, into.targets()[b]);
        }
        return into;
    }

    /** The targets of one sequence of tokens (any length ≥ 1), {@link #NO_TARGET} where there is none. */
    public int[] targets(int[] tokens) {
        Checks.notNull(tokens, "tokens");
        for (int t = 0; t < tokens.length; t++)
            if (tokens[t] < 0 || tokens[t] >= vocab)
                throw new IllegalArgumentException("tokens[" + t + "] must be in 0.." + (vocab - 1)
                        + " (vocab − 1) but was " + tokens[t]);
        return targets(tokens, new int[tokens.length]);
    }

    private int[] targets(int[] x, int[] y) {
        for (int t = 0; t < x.length; t++) y[t] = t < firstTarget ? NO_TARGET : rule.target(x, t);
        return y;
    }

    public String name() { return name; }

    /** Number of input token ids. */
    public int vocab() { return vocab; }

    /** Number of target classes (the unembedding width). */
    public int outputVocab() { return outputVocab; }

    /** Sequence length L. */
    public int length() { return length; }

    /** The first position that has a target. */
    public int firstTarget() { return firstTarget; }

    @Override
    public String toString() {
        return "Task " + name + ": vocab " + vocab + ", classes " + outputVocab + ", length " + length;
    }
}
