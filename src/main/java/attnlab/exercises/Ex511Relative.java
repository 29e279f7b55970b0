package attnlab.exercises;

import attnlab.attention.relative.TransformerXL;
import attnlab.tensor.Tensor;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static attnlab.exercises.Mutants.*;

/**
 * Exercise 5.11: Transformer-XL relative attention (Dai et al. 2019 §3.3, numerics §8.1), one head with its global
 * content bias u, global position bias v and the projection W_R of the relative embeddings. Keys are memory then
 * segment, {@code mlen = Lk − Lq}; row r of posEmbed {@code [Lk, d_R]} holds distance {@code Lk − 1 − r}:
 * <pre>
 *   RW    = posEmbed W_R                                          [Lk, d]
 *   S_ij  = ((q_i + u) · k_j + (q_i + v) · RW[Lq − 1 − i + j]) / sqrt(d)    for j &lt;= i + mlen,  −inf otherwise
 *   O     = softmax_row(S) V
 * </pre>
 * Checked against {@link TransformerXL#forward} (one sequence at a time) on the sheet's special case (u = v = 0,
 * W_R = I), then on cases where u and v are non-zero and different and W_R is neither the identity nor symmetric (a
 * swap of u and v, a missing or transposed W_R all show there), with sinusoidal and random embeddings, d_R != d,
 * memory (Lq &lt; Lk), one token and an odd d.
 */
public final class Ex511Relative {
    private Ex511Relative() {}

    /**
     * One input: Q {@code [B, Lq, d]}, K {@code [B, Lk, d]}, V {@code [B, Lk, d_v]}, posEmbed R {@code [Lk, d_R]},
     * u and v {@code [1, d]}, W_R {@code [d_R, d]}.
     */
    record In(Tensor Q, Tensor K, Tensor V, Tensor R, Tensor u, Tensor v, Tensor W_R) {}

    static final String TITLE = "5.11 relative attention";
    static final String HOW_TO = Checker.howTo("ex5_11");

    /**
     * Arrays: {@code check511((Q, K, V, R, u, v, W_R) -> myRelativeAttention(Q, K, V, R, u, v, W_R))}, u and v as
     * {@code double[d]}.
     */
    public static Report check(Signatures.RelativeAttentionArrays f) {
        return report("check511", in -> Convert.fromArrays(f.apply(Convert.arrays(in.Q()), Convert.arrays(in.K()),
                Convert.arrays(in.V()), Convert.array(in.R()), Convert.array(in.u())[0], Convert.array(in.v())[0],
                Convert.array(in.W_R())), "out"));
    }

    /** Tensors; u and v are {@code [1, d]}. */
    public static Report checkTensor(Signatures.RelativeAttentionTensors f) {
        return report("check511Tensor", in -> Convert.fromTensor(f.apply(in.Q().copy(), in.K().copy(), in.V().copy(),
                in.R().copy(), in.u().copy(), in.v().copy(), in.W_R().copy())));
    }

    /** EJML matrices, one sequence per call; u and v are {@code 1 x d}. */
    public static Report checkEjml(Signatures.RelativeAttentionMatrices f) {
        return report("check511Ejml", in -> Convert.perSequence(a -> f.apply(a[0], a[1], a[2], a[3], a[4], a[5], a[6]),
                "out", in.Q(), in.K(), in.V(), in.R(), in.u(), in.v(), in.W_R()));
    }

    static Report report(String check, Function<In, Tensor> student) {
        return Checker.single(check, spec(), student);
    }

    static Checker.Spec<In> spec() {
        return new Checker.Spec<>(TITLE, HOW_TO, new String[] {"out"}, cases(), in -> new Tensor[] {reference(in)},
                mistakes());
    }

    static Tensor reference(In in) {
        Tensor out = Tensor.zeros(in.Q().batch(), in.Q().rows(), in.V().cols());
        for (int b = 0; b < in.Q().batch(); b++)
            out.slice(b).setTo(TransformerXL.forward(Tensor.of(in.Q().slice(b)), Tensor.of(in.K().slice(b)),
                    Tensor.of(in.V().slice(b)), in.R(), in.u(), in.v(), in.W_R()).out().matrix());
        return out;
    }

    static List<Checker.Case<In>> cases() {
        Random r = new Random(511);
        String rows = "RW = posEmbed W_R has Lk rows, row r for distance Lk-1-r: query i and key j use row Lq-1-i+j, "
                + "which exists only for the allowed keys j <= i + mlen (mlen = Lk - Lq); block the others with -inf";
        return List.of(
                of(r, "u = v = 0, W_R = I", 1, 4, 4, 4, 4, 4, true, false, rows),
                of(r, "4 tokens, sinusoidal", 1, 4, 4, 4, 4, 4, true, true, rows),
                of(r, "batch of 2, d_R = 8", 2, 5, 5, 6, 6, 8, false, true, "here d = 6 and d_R = 8: W_R is [d_R, d] "
                        + "= [8, 6] and RW = posEmbed W_R is [Lk, d]"),
                of(r, "memory: Lq = 2, Lk = 5", 1, 2, 5, 4, 3, 4, false, true, "with memory, query i sits at position "
                        + "i + mlen (here mlen = 3): it sees keys j <= i + mlen, and the distance is i + mlen - j"),
                of(r, "one token", 1, 1, 1, 3, 3, 3, false, true, "with a single key the output must equal V"),
                of(r, "odd d = 5", 1, 3, 3, 5, 5, 5, true, true, rows));
    }

    /** A case; {@code learned}: random non-zero u != v and a random (non-identity, non-symmetric) W_R. */
    private static Checker.Case<In> of(Random r, String name, int b, int lq, int lk, int d, int dv, int dR,
                                       boolean sinusoidal, boolean learned, String edgeHint) {
        Tensor Q = Tensor.randn(r, b, lq, d), K = Tensor.randn(r, b, lk, d), V = Tensor.randn(r, b, lk, dv);
        Tensor R = sinusoidal ? TransformerXL.positions(lk, dR) : Tensor.randn(r, lk, dR);
        In in = learned
                ? new In(Q, K, V, R, Tensor.randn(r, 1, d), Tensor.randn(r, 1, d), Tensor.randn(r, dR, d).times(0.7))
                : new In(Q, K, V, R, Tensor.zeros(1, d), Tensor.zeros(1, d), Tensor.eye(d));
        return new Checker.Case<>(name, Convert.shapes(new String[] {"Q", "K", "V", "posEmbed", "W_R"}, in.Q(), in.K(),
                in.V(), in.R(), in.W_R()), in, edgeHint);
    }

    // ------------------------------------------------------------------ mutated references

    /** Which bias vector a term adds to q_i. */
    private enum Bias { U, V, NONE }

    /** How posEmbed becomes RW: {@code R W_R} (right), {@code R} alone, {@code R W_Rᵀ}. */
    private enum Projection { RIGHT, NONE, TRANSPOSED }

    /** Which terms the 1/sqrt(d) divides: all (right), only the content terms, none, or all by 1/sqrt(d_R). */
    private enum Scale { ALL, CONTENT_ONLY, NONE, D_R }

    /** Which RW row query i, key j reads; -1 for none (no position term). */
    private interface Row { int of(int i, int j, int lq, int lk); }

    private static final Row RIGHT_ROW = (i, j, lq, lk) -> lq - 1 - i + j;

    /** One way to compute it: the right one is {@code new Way(RIGHT_ROW, U, V, RIGHT, ALL, false)}. */
    private record Way(Row row, Bias content, Bias position, Projection projection, Scale scale, boolean topLeft) {
        static final Way RIGHT = new Way(RIGHT_ROW, Bias.U, Bias.V, Projection.RIGHT, Scale.ALL, false);

        Way withRow(Row r) { return new Way(r, content, position, projection, scale, topLeft); }
        Way withBiases(Bias c, Bias p) { return new Way(row, c, p, projection, scale, topLeft); }
        Way withProjection(Projection p) { return new Way(row, content, position, p, scale, topLeft); }
        Way withScale(Scale s) { return new Way(row, content, position, projection, s, topLeft); }
        Way withTopLeft() { return new Way(row, content, position, projection, scale, true); }
    }

    static List<Checker.Mistake<In>> mistakes() {
        String formula = "S_ij = ((q_i + u) . k_j + (q_i + v) . RW[Lq-1-i+j]) / sqrt(d), RW = posEmbed W_R";
        return List.of(
                Checker.Mistake.of("it equals causal attention without the position term: add (q_i + v) . "
                        + "RW[Lq-1-i+j] (RW = posEmbed W_R) to (q_i + u) . k_j before scaling",
                        in -> rel(in, Way.RIGHT.withRow((i, j, lq, lk) -> -1))),
                Checker.Mistake.of("u and v are swapped: u, the global content bias, goes with the keys, (q_i + u) . k_j; "
                        + "v, the global position bias, goes with the positions, (q_i + v) . RW[Lq-1-i+j]",
                        in -> rel(in, Way.RIGHT.withBiases(Bias.V, Bias.U))),
                Checker.Mistake.of("the global content bias u is missing: the content term is (q_i + u) . k_j. (Adding u "
                        + "to the keys instead does nothing: q_i . u is the same for every key of a row, and the "
                        + "softmax ignores it)", in -> rel(in, Way.RIGHT.withBiases(Bias.NONE, Bias.V))),
                Checker.Mistake.of("the global position bias v is missing: the position term is (q_i + v) . "
                        + "RW[Lq-1-i+j]. (Adding v to RW instead does nothing: q_i . v is the same for every key of a "
                        + "row, and the softmax ignores it)", in -> rel(in, Way.RIGHT.withBiases(Bias.U, Bias.NONE))),
                Checker.Mistake.of("it equals the sheet's special case u = v = 0, W_R = I, whatever u, v and W_R are: "
                        + formula, in -> rel(in, Way.RIGHT.withBiases(Bias.NONE, Bias.NONE)
                        .withProjection(Projection.NONE))),
                Checker.Mistake.of("u and v are both missing: " + formula,
                        in -> rel(in, Way.RIGHT.withBiases(Bias.NONE, Bias.NONE))),
                Checker.Mistake.of("u is used in both terms: the position term adds v, (q_i + v) . RW[Lq-1-i+j]",
                        in -> rel(in, Way.RIGHT.withBiases(Bias.U, Bias.U))),
                Checker.Mistake.of("v is used in both terms: the content term adds u, (q_i + u) . k_j",
                        in -> rel(in, Way.RIGHT.withBiases(Bias.V, Bias.V))),
                Checker.Mistake.of("posEmbed is used without W_R: project it first, RW = posEmbed W_R ([Lk, d_R] times "
                        + "[d_R, d])", in -> rel(in, Way.RIGHT.withProjection(Projection.NONE))),
                Checker.Mistake.of("it equals posEmbed W_R^T: W_R is [d_R, d] and applied as RW = posEmbed W_R, "
                        + "RW[r][c] = sum_k posEmbed[r][k] W_R[k][c]",
                        in -> rel(in, Way.RIGHT.withProjection(Projection.TRANSPOSED))),
                Checker.Mistake.of("row r of posEmbed is distance Lk-1-r (farthest first, as in Transformer-XL): for "
                        + "distance i + mlen - j use row Lq-1-i+j, not row i + mlen - j",
                        in -> rel(in, Way.RIGHT.withRow((i, j, lq, lk) -> i + (lk - lq) - j))),
                Checker.Mistake.of("only the content term is divided by sqrt(d): scale the whole sum, " + formula,
                        in -> rel(in, Way.RIGHT.withScale(Scale.CONTENT_ONLY))),
                Checker.Mistake.of("the scores are not scaled: " + formula, in -> rel(in, Way.RIGHT.withScale(Scale.NONE))),
                Checker.Mistake.of("the scores are divided by sqrt(d_R): the scale uses d, the width of Q and K",
                        in -> rel(in, Way.RIGHT.withScale(Scale.D_R))),
                Checker.Mistake.of("with memory, query i sits at position i + mlen: it may attend to keys j <= i + mlen "
                        + "(bottom-right causal), not only j <= i", in -> rel(in, Way.RIGHT.withTopLeft())));
    }

    /** Relative attention computed {@code way}, plainly, entry by entry (formulas in the class comment). */
    private static Tensor[] rel(In in, Way way) {
        int B = in.Q().batch(), lq = in.Q().rows(), lk = in.K().rows(), d = in.Q().cols(), mlen = lk - lq;
        Tensor RW = switch (way.projection()) {                                  // RW = posEmbed W_R   [Lk, d]
            case RIGHT -> times(in.R(), in.W_R());
            case NONE -> in.R();
            case TRANSPOSED -> times(in.R(), transpose(in.W_R()));
        };
        if (RW.cols() != d) throw new IllegalArgumentException("RW has " + RW.cols() + " columns, d = " + d);
        double[] cb = bias(in, way.content()), pb = bias(in, way.position());
        double inner = way.scale() == Scale.NONE ? 1 : invSqrt(way.scale() == Scale.D_R ? in.R().cols() : d);
        Tensor S = Tensor.zeros(B, lq, lk);
        for (int b = 0; b < B; b++)
            for (int i = 0; i < lq; i++)
                for (int j = 0; j < lk; j++) {
                    if (j > i + (way.topLeft() ? 0 : mlen)) {
                        S.set(b, i, j, Double.NEGATIVE_INFINITY);
                        continue;
                    }
                    double ac = 0, bd = 0;                                       // (q_i + u).k_j, (q_i + v).RW[row]
                    int r = way.row().of(i, j, lq, lk);
                    for (int c = 0; c < d; c++) {
                        ac += (in.Q().get(b, i, c) + cb[c]) * in.K().get(b, j, c);
                        if (r >= 0) bd += (in.Q().get(b, i, c) + pb[c]) * RW.get(0, r, c);
                    }
                    S.set(b, i, j, way.scale() == Scale.CONTENT_ONLY ? inner * ac + bd : inner * (ac + bd));
                }
        return new Tensor[] {times(rows(S), in.V())};
    }

    private static double[] bias(In in, Bias which) {
        return switch (which) {
            case U -> in.u().matrix().data;
            case V -> in.v().matrix().data;
            case NONE -> new double[in.Q().cols()];
        };
    }
}
