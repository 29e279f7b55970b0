package attnlab.exercises;

import attnlab.attention.Attention;
import attnlab.tensor.Tensor;
import attnlab.tensor.TensorFormat;

import java.util.List;
import java.util.Random;

import static attnlab.exercises.Mutants.*;

/**
 * Exercise 5.5: {@code attention(Q, K, V) = softmax(Q Kᵀ / sqrt(d_k)) V}, checked against
 * {@link Attention#attention(Tensor, Tensor, Tensor)} on: a case small enough to do by hand, a square case that is not
 * symmetric (so Q K without the transpose, or V transposed, keep their shapes and show), a random batch, Lq != Lk with
 * d_v != d_k, a single token, logits large enough to overflow a naive {@code exp}, and an odd d_k.
 */
public final class Ex55DotProduct {
    private Ex55DotProduct() {}

    /** One input: Q {@code [B, Lq, d_k]}, K {@code [B, Lk, d_k]}, V {@code [B, Lk, d_v]}. */
    record In(Tensor Q, Tensor K, Tensor V) {}

    static final String TITLE = "5.5 dot-product attention";
    static final String HOW_TO = Checker.howTo("ex5_05");

    /** Arrays, as on the sheet: {@code check55((q, k, v) -> myAttention(q, k, v))}. */
    public static Report check(Signatures.AttentionArrays f) {
        return report("check55", in -> new Tensor[] {Convert.fromArrays(
                f.apply(Convert.arrays(in.Q()), Convert.arrays(in.K()), Convert.arrays(in.V())), "out")});
    }

    /** Tensors {@code [B, L, d]}. */
    public static Report checkTensor(Signatures.AttentionTensors f) {
        return report("check55Tensor", in -> new Tensor[] {Convert.fromTensor(f.apply(in.Q().copy(), in.K().copy(),
                in.V().copy()))});
    }

    /** EJML matrices, one sequence per call. */
    public static Report checkEjml(Signatures.AttentionMatrices f) {
        return report("check55Ejml", in -> new Tensor[] {Convert.perSequence(a -> f.apply(a[0], a[1], a[2]), "out",
                in.Q(), in.K(), in.V())});
    }

    static Report report(String check, java.util.function.Function<In, Tensor[]> student) {
        return new Report(check, List.of(Checker.run(spec(), student)));
    }

    static Checker.Spec<In> spec() {
        return new Checker.Spec<>(TITLE, HOW_TO, new String[] {"out"}, cases(),
                in -> new Tensor[] {Attention.attention(in.Q(), in.K(), in.V())}, mistakes());
    }

    static List<Checker.Case<In>> cases() {
        Random r = new Random(55), r2 = new Random(555); // r2: the square case, added later, leaves r's draws as they were
        Tensor eye = Tensor.of(new double[][][] {{{1, 0}, {0, 1}}});
        return List.of(
                of("two tokens by hand", new In(eye, eye, Tensor.of(new double[][][] {{{1, 2}, {3, 4}}})), null),
                of("square, asymmetric", new In(Tensor.randn(r2, 1, 3, 3), Tensor.randn(r2, 1, 3, 3),
                        Tensor.randn(r2, 1, 3, 3)), "here Lq = Lk = d_k = d_v = 3, so a transposed operand still has "
                        + "the right shape: scores = Q K^T (score[i][j] = q_i . k_j), output = weights V"),
                of("random batch", new In(Tensor.randn(r, 2, 4, 8), Tensor.randn(r, 2, 4, 8), Tensor.randn(r, 2, 4, 8)),
                        null),
                of("Lq != Lk, d_v != d_k", new In(Tensor.randn(r, 2, 3, 4), Tensor.randn(r, 2, 5, 4),
                        Tensor.randn(r, 2, 5, 6)), "here Lq = 3, Lk = 5, d_k = 4, d_v = 6: the scores are [Lq, Lk] "
                        + "and the output is [Lq, d_v]; check the bound of each loop"),
                of("one token", new In(Tensor.randn(r, 1, 1, 3), Tensor.randn(r, 1, 1, 3), Tensor.randn(r, 1, 1, 2)),
                        "with a single key its weight is exactly 1, so the output must equal V"),
                of("large logits", new In(Tensor.randn(r, 1, 3, 4).times(40), Tensor.randn(r, 1, 3, 4).times(40),
                        Tensor.randn(r, 1, 3, 4)), "scores here reach the thousands and Math.exp(710) is already "
                        + "infinite: subtract each row's max before exp (softmax does not change)"),
                of("odd d_k = 5", new In(Tensor.randn(r, 1, 4, 5), Tensor.randn(r, 1, 4, 5), Tensor.randn(r, 1, 4, 3)),
                        null));
    }

    private static Checker.Case<In> of(String name, In in, String edgeHint) {
        return new Checker.Case<>(name, Convert.shapes(new String[] {"Q", "K", "V"}, in.Q(), in.K(), in.V()), in, edgeHint);
    }

    static List<Checker.Mistake<In>> mistakes() {
        return List.of(
                Checker.Mistake.of(in -> out(rows(scores(in.Q(), in.K(), 1)), in.V()),
                        in -> "it equals attention without the scale: divide Q K^T by sqrt(d_k) (here sqrt("
                                + in.Q().cols() + ") = " + TensorFormat.number(Math.sqrt(in.Q().cols()))
                                + ") before the softmax"),
                Checker.Mistake.of("it equals attention scaled by 1/d_k: the scale is 1/sqrt(d_k)",
                        in -> out(rows(scores(in.Q(), in.K(), 1.0 / in.Q().cols())), in.V())),
                Checker.Mistake.of("it equals attention scaled by 1/sqrt(d_v): the scale uses d_k, the width of Q and "
                        + "K, not the width of V", in -> out(rows(scores(in.Q(), in.K(), invSqrt(in.V().cols()))), in.V())),
                Checker.Mistake.of("it equals attention multiplied by sqrt(d_k): divide the scores by sqrt(d_k)",
                        in -> out(rows(scores(in.Q(), in.K(), Math.sqrt(in.Q().cols()))), in.V())),
                Checker.Mistake.of("your weights sum to 1 down each column (over the queries): the softmax runs "
                        + "along each row of the [Lq, Lk] scores, over the keys (the last axis)",
                        in -> out(columns(scores(in.Q(), in.K(), invSqrt(in.Q().cols()))), in.V())),
                Checker.Mistake.of("it equals the raw scores times V: apply softmax to each row of the scores first",
                        in -> out(scores(in.Q(), in.K(), invSqrt(in.Q().cols())), in.V())),
                Checker.Mistake.of("exp overflowed (Math.exp(710) is infinite, and inf/inf is NaN): subtract each "
                        + "row's max from the scores before exp; the softmax is unchanged",
                        in -> out(naive(scores(in.Q(), in.K(), invSqrt(in.Q().cols()))), in.V())),
                Checker.Mistake.of("it equals softmax(Q K / sqrt(d_k)) V, without the transpose: the scores are "
                        + "Q K^T, score[i][j] = q_i . k_j (row i of Q dot row j of K)",
                        in -> out(rows(times(in.Q(), in.K()).times(invSqrt(in.Q().cols()))), in.V())),
                Checker.Mistake.of("it equals weights @ V^T: the output is weights @ V, row i = sum_j weights[i][j] * "
                        + "V[j] (V[j] is row j of V, one value per key)",
                        in -> out(rows(scores(in.Q(), in.K(), invSqrt(in.Q().cols()))), transpose(in.V()))),
                Checker.Mistake.of("it equals weights @ K: the output is weights @ V",
                        in -> out(rows(scores(in.Q(), in.K(), invSqrt(in.Q().cols()))), in.K())),
                Checker.Mistake.of("it equals transpose(weights) @ V: weights[i][j] is query i attending to key j, "
                        + "so output row i = sum_j weights[i][j] * V[j]",
                        in -> out(transpose(rows(scores(in.Q(), in.K(), invSqrt(in.Q().cols())))), in.V())));
    }

    private static Tensor[] out(Tensor P, Tensor V) {
        return new Tensor[] {times(P, V)};
    }
}
