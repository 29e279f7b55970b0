package attnlab.model;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.util.Random;
import java.util.function.Function;

/**
 * Scores a head against a detection pattern, as TransformerLens's {@code head_detector} does with its default
 * {@code "mul"} measure: the attention mass that falls on the pattern's positions.
 * <pre>
 *   D[i][j] ∈ {0, 1}        the detection pattern, lower-triangular ([L, L], rows = queries)
 *   PREVIOUS_TOKEN          D[i][i−1] = 1                         (i ≥ 1)
 *   DUPLICATE_TOKEN         D[i][j] = 1  if t[j] = t[i], j < i    (earlier copies of the same token)
 *   INDUCTION               D[i][j] = 1  if t[j−1] = t[i], 1 ≤ j ≤ i, j − 1 < i   (the token after an earlier copy)
 *
 *   score(A, D) = Σ_{i ∈ R} Σ_j A[i][j] D[i][j] / Σ_{i ∈ R} Σ_j A[i][j]
 *     R = rows where D has a 1      (ROWS_WITH_TARGET, the default: a perfect head scores exactly 1)
 *     R = every row                 (ALL_ROWS: TransformerLens's number; rows with no target count as 0, so on
 *                                    [BOS, x, x] an induction head scores at most n / (2n + 1))
 * </pre>
 * Multi-sequence scores are the mean over sequences, as TransformerLens averages a batch.
 */
public final class HeadDetector {
    private HeadDetector() {}

    /** The built-in detection patterns. */
    public enum Kind { PREVIOUS_TOKEN, DUPLICATE_TOKEN, INDUCTION }

    /** Which query rows a score averages over (see the class comment). */
    public enum Rows { ROWS_WITH_TARGET, ALL_ROWS }

    /** The detection pattern {@code [L, L]} of {@code kind} on {@code tokens}. */
    public static Tensor detectionPattern(Kind kind, int[] tokens) {
        Checks.notNull(kind, "kind");
        Checks.notNull(tokens, "tokens");
        int L = tokens.length;
        if (L == 0) throw new IllegalArgumentException("tokens must not be empty");
        Tensor d = Tensor.zeros(L, L);
        double[] a = d.matrix().data;
        for (int i = 0; i < L; i++)
            for (int j = 0; j <= i; j++) {
                boolean on;
                switch (kind) {
                    case PREVIOUS_TOKEN: on = j == i - 1; break;
                    case DUPLICATE_TOKEN: on = j < i && tokens[j] == tokens[i]; break;
                    default: on = j >= 1 && j - 1 < i && tokens[j - 1] == tokens[i]; break;
                }
                if (on) a[i * L + j] = 1;
            }
        return d;
    }

    /** The score of one head's pattern {@code A} ({@code [L, L]}) against {@code D} ({@code [L, L]}). */
    public static double score(Tensor A, Tensor D, Rows rows) {
        Checks.notNull(A, "pattern");
        Checks.notNull(D, "detection");
        Checks.notNull(rows, "rows");
        if (A.rank() != 2 || A.rows() != A.cols())
            throw new IllegalArgumentException("pattern must be one head's [L, L] but has shape " + Checks.str(A.shape()));
        Checks.sameShape(D, "detection", A, "pattern");
        int L = A.rows();
        double[] a = A.matrix().data, d = D.matrix().data;
        double hit = 0, total = 0;
        for (int i = 0; i < L; i++) {
            boolean target = false;
            for (int j = 0; j < L; j++) target |= d[i * L + j] != 0;
            if (!target && rows == Rows.ROWS_WITH_TARGET) continue;
            for (int j = 0; j < L; j++) {
                hit += a[i * L + j] * d[i * L + j];
                total += a[i * L + j];
            }
        }
        return total == 0 ? 0 : hit / total;
    }

    /**
     * Scores {@code [layers, heads]} of one run: {@code patterns[layer]} is that block's {@code [H, L, L]}.
     */
    public static Tensor scores(Tensor[] patterns, Tensor D, Rows rows) {
        Checks.notNull(patterns, "patterns");
        if (patterns.length == 0) throw new IllegalArgumentException("patterns must hold at least one layer");
        int H = patterns[0].batch();
        Tensor out = Tensor.zeros(patterns.length, H);
        for (int l = 0; l < patterns.length; l++) {
            Tensor p = Checks.notNull(patterns[l], "patterns[" + l + "]");
            if (p.batch() != H)
                throw new IllegalArgumentException("patterns[" + l + "] has " + p.batch() + " heads but patterns[0] has "
                        + H);
            for (int h = 0; h < H; h++) out.set(0, l, h, score(Tensor.of(p.slice(h)), D, rows));
        }
        return out;
    }

    /**
     * The detectors' input: {@code [bos,] x_1 .. x_n, x_1 .. x_n} with {@code x} drawn uniformly from
     * {@code [lo, hi)} by {@code new Random(seed)}; {@code bos < 0} means no BOS token.
     */
    public static int[] repeatedRandomTokens(int n, int lo, int hi, int bos, long seed) {
        Checks.positive(n, "n");
        if (hi - lo < 2) throw new IllegalArgumentException("token range [lo, hi) must hold at least 2 ids but was ["
                + lo + ", " + hi + ")");
        Random rng = new Random(seed);
        int off = bos >= 0 ? 1 : 0;
        int[] t = new int[off + 2 * n];
        if (bos >= 0) t[0] = bos;
        for (int i = 0; i < n; i++) t[off + i] = t[off + n + i] = lo + rng.nextInt(hi - lo);
        return t;
    }

    /** Random tokens per half in {@link #detect}'s input (fewer when the context is short). */
    public static final int HALF = 40;

    /** Sequences {@link #detect} averages over (seeds 0 .. SEQUENCES − 1). */
    public static final int SEQUENCES = 4;

    /**
     * Scores every head of {@code m} for {@code kind} on {@link #SEQUENCES} sequences of seeded random tokens repeated
     * ({@link #repeatedRandomTokens}, after the model's BOS when it has one), averaged, rows with a target only.
     */
    public static DetectedHeads detect(HookedModel m, Kind kind) {
        return detect(m, kind, Rows.ROWS_WITH_TARGET);
    }

    /** {@link #detect(HookedModel, Kind)} with the rows to average over ({@code ALL_ROWS}: TransformerLens's number). */
    public static DetectedHeads detect(HookedModel m, Kind kind, Rows rows) {
        Checks.notNull(kind, "kind");
        return detect(m, kind.name(), t -> detectionPattern(kind, t), rows);
    }

    /**
     * A detector of one's own: {@code pattern} gives the {@code [L, L]} detection pattern (1 where a head should look)
     * for the tokens it is handed, e.g. {@code t -> detectionPattern(PREVIOUS_TOKEN, t)} shifted by one more.
     */
    public static DetectedHeads detect(HookedModel m, String name, Function<int[], Tensor> pattern, Rows rows) {
        Checks.notNull(m, "model");
        Checks.notNull(name, "name");
        Checks.notNull(pattern, "pattern");
        Checks.notNull(rows, "rows");
        int bos = m.bos(), off = bos >= 0 ? 1 : 0;
        int n = Math.min(HALF, (m.context() - off) / 2);
        if (n < 1) throw new IllegalArgumentException("the model's context (" + m.context() + ") is too short for"
                + " a repeated sequence");
        int lo = 0, hi = m.vocab();
        if (bos >= 0) { if (bos < m.vocab() / 2) lo = bos + 1; else hi = bos; } // never draw BOS itself
        Tensor sum = null;
        for (int s = 0; s < SEQUENCES; s++) {
            int[] t = repeatedRandomTokens(n, lo, hi, bos, s);
            Tensor D = Checks.notNull(pattern.apply(t), "detection pattern");
            if (D.rank() != 2 || D.rows() != t.length || D.cols() != t.length)
                throw new IllegalArgumentException("the detection pattern must be [" + t.length + ", " + t.length
                        + "] for " + t.length + " tokens but has shape " + Checks.str(D.shape()));
            ModelRun r = m.run(t, x -> x.endsWith("attn.hook_pattern"));
            Tensor[] ps = new Tensor[m.layers()];
            for (int l = 0; l < ps.length; l++) ps[l] = r.pattern(l);
            Tensor sc = scores(ps, D, rows);
            sum = sum == null ? sc : sum.plus(sc);
        }
        return new DetectedHeads(name, sum.times(1.0 / SEQUENCES), rows, SEQUENCES + " sequences of " + n
                + " random tokens twice" + (bos >= 0 ? " after BOS " + bos : ""));
    }
}
