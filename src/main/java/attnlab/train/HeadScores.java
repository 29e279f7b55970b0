package attnlab.train;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

/**
 * Per-head summary scores of self-attention weights {@code A} ({@code [B, H, L, L]}, rows = queries, averaged over
 * the batch), answering "does a head attend to the previous token?" with numbers (numerics §9):
 * <pre>
 *   prev     mean_{b, i ≥ 1} A[i][i−1]                         1 = a perfect previous-token head
 *   prevTL   Σ A∘D / Σ A,  D[i][i−1] = 1 (i ≥ 1)              TransformerLens head_detector "mul" score; rows sum to
 *                                                             1 (or 0 when fully masked), so under the causal mask
 *                                                             its maximum is (L−1)/L, under strict causal it is prev
 *   argmax   fraction of rows i ≥ 1 whose largest weight is at j = i−1
 *   back2    mean_{b, i ≥ 2} A[i][i−2]                         the two-back head of the difference task
 *   self     mean_{b, i} A[i][i]                              the current-token (diagonal) score; 0 under strict causal
 *   first    mean_{b, i ≥ 1} A[i][0]                           the first-token score (row 0 is left out: under a causal
 *                                                             mask it has nothing else to attend to)
 * </pre>
 * For a pair of heads, {@link #split} counts the rows where one head looks at t−1 and the other at t−2.
 * Baseline: uniform causal attention at L = 10 gives prev = 0.2143.
 */
public final class HeadScores {
    private final double[] prev, prevTL, argmax, back2, self, first;
    private final int[][][] top; // [h][b][i]: the key with the largest weight (-1 for an empty row)

    /** Scores of weights {@code [B, H, L, L]}, {@code [H, L, L]} (one sequence) or {@code [L, L]} (one head). */
    public static HeadScores of(Tensor weights) {
        Checks.notNull(weights, "weights");
        if (weights.rank() > 4 || weights.rows() != weights.cols())
            throw new IllegalArgumentException("weights must be [B, H, L, L], [H, L, L] or [L, L] (square:"
                    + " self-attention) but has shape " + Checks.str(weights.shape()));
        int heads = weights.rank() >= 3 ? weights.dim(-3) : 1;
        return new HeadScores(weights, heads);
    }

    /**
     * Scores of {@code model} on {@value #SEQUENCES} fresh sequences of {@code task} (seed {@value #SEED}); the model
     * runs one forward pass (its buffers are reused, its weights unchanged).
     */
    public static HeadScores of(AttentionModel model, Task task) {
        Checks.notNull(model, "model");
        Checks.notNull(task, "task");
        model.forward(task.sample(new java.util.Random(SEED), SEQUENCES).tokens());
        return of(model.attentionWeights());
    }

    /** How many sequences {@link #of(AttentionModel, Task)} averages over, and their seed. */
    public static final int SEQUENCES = 256;
    public static final long SEED = 12345;

    private HeadScores(Tensor A, int heads) {
        int L = A.rows(), batch = A.batch() / heads;
        prev = new double[heads];
        prevTL = new double[heads];
        argmax = new double[heads];
        back2 = new double[heads];
        self = new double[heads];
        first = new double[heads];
        top = new int[heads][batch][L];
        for (int h = 0; h < heads; h++) {
            double total = 0, diag1 = 0;
            for (int b = 0; b < batch; b++) {
                double[] a = A.slice(b * heads + h).data;
                for (int i = 0; i < L; i++) {
                    int best = 0;
                    for (int j = 0; j < L; j++) {
                        total += a[i * L + j];
                        if (a[i * L + j] > a[i * L + best]) best = j;
                    }
                    top[h][b][i] = a[i * L + best] > 0 ? best : -1;
                    self[h] += a[i * L + i];
                    if (i >= 1) {
                        diag1 += a[i * L + i - 1];
                        first[h] += a[i * L];
                        if (best == i - 1 && a[i * L + best] > 0) argmax[h]++;
                    }
                    if (i >= 2) back2[h] += a[i * L + i - 2];
                }
            }
            prevTL[h] = total == 0 ? 0 : diag1 / total;
            prev[h] = L < 2 ? 0 : diag1 / (batch * (L - 1.0));
            argmax[h] = L < 2 ? 0 : argmax[h] / (batch * (L - 1.0));
            first[h] = L < 2 ? 0 : first[h] / (batch * (L - 1.0));
            back2[h] = L < 3 ? 0 : back2[h] / (batch * (L - 2.0));
            self[h] /= batch * (double) L;
        }
    }

    public int heads() { return prev.length; }

    /** mean A[i][i−1] over i ≥ 1. */
    public double prev(int head) { return prev[check(head)]; }

    /** TransformerLens {@code Σ A∘D / Σ A}. */
    public double prevTL(int head) { return prevTL[check(head)]; }

    /** Fraction of rows i ≥ 1 whose argmax is i−1. */
    public double prevArgmax(int head) { return argmax[check(head)]; }

    /** mean A[i][i−2] over i ≥ 2. */
    public double back2(int head) { return back2[check(head)]; }

    /** mean A[i][i] (current token). */
    public double self(int head) { return self[check(head)]; }

    /** mean A[i][0] over i ≥ 1 (first token). */
    public double first(int head) { return first[check(head)]; }

    /**
     * How often two heads split the two previous positions between them: the fraction of rows {@code i ≥ 2} where
     * one head's top key is {@code i−1} and the other's is {@code i−2} (the difference task needs exactly that).
     */
    public double split(int headA, int headB) {
        check(headA);
        check(headB);
        int n = 0, hits = 0;
        for (int b = 0; b < top[headA].length; b++)
            for (int i = 2; i < top[headA][b].length; i++) {
                int a = top[headA][b][i], c = top[headB][b][i];
                n++;
                if ((a == i - 1 && c == i - 2) || (a == i - 2 && c == i - 1)) hits++;
            }
        return n == 0 ? 0 : (double) hits / n;
    }

    /** The head with the highest previous-token score. */
    public int best() {
        int b = 0;
        for (int h = 1; h < prev.length; h++) if (prev[h] > prev[b]) b = h;
        return b;
    }

    /** The previous-token score of the best head. */
    public double bestPrev() { return prev[best()]; }

    private int check(int head) {
        if (head < 0 || head >= prev.length)
            throw new IllegalArgumentException("head must be in 0.." + (prev.length - 1) + " but was " + head);
        return head;
    }

    /**
     * The table, three decimals, e.g.
     * <pre>
     * head   prev  prevTL  argmax   back2    self   first
     *    0  0.962   0.962  100.0%   0.011   0.000   0.016
     * </pre>
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("head   prev  prevTL  argmax   back2    self   first\n");
        for (int h = 0; h < prev.length; h++) {
            sb.append(Fixed.pad(Integer.toString(h), 4))
                    .append(Fixed.format(prev[h], 3, 7)).append(Fixed.format(prevTL[h], 3, 8))
                    .append(Fixed.pad(Fixed.percent(argmax[h], 1), 8))
                    .append(Fixed.format(back2[h], 3, 8)).append(Fixed.format(self[h], 3, 8))
                    .append(Fixed.format(first[h], 3, 8)).append('\n');
        }
        for (int h = 0; h < prev.length; h++)
            for (int g = h + 1; g < prev.length; g++)
                sb.append("heads ").append(h).append(" and ").append(g).append(": one tops t-1 and the other t-2 in ")
                        .append(Fixed.percent(split(h, g), 1)).append(" of rows i >= 2\n");
        return sb.toString();
    }
}
