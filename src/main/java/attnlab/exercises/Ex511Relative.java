package attnlab.exercises;

import attnlab.attention.relative.TransformerXL;
import attnlab.tensor.Tensor;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static attnlab.exercises.Mutants.*;

/**
 * Exercise 5.11: Transformer-XL relative attention in the sheet's form {@code relative_attention(Q, K, V, pos_embed)},
 * i.e. one head with u = v = 0 and W_R = I (numerics §8.1). Keys are memory then segment, {@code mlen = Lk − Lq};
 * row r of posEmbed {@code [Lk, d]} holds distance {@code Lk − 1 − r}:
 * <pre>
 *   S_ij = (q_i · k_j + q_i · posEmbed[Lq − 1 − i + j]) / sqrt(d)    for j &lt;= i + mlen,  −inf otherwise
 *   O = softmax_row(S) V
 * </pre>
 * Checked against {@link TransformerXL#attention} (one sequence at a time) on sinusoidal and random embeddings,
 * memory (Lq &lt; Lk), one token and an odd d.
 */
public final class Ex511Relative {
    private Ex511Relative() {}

    /** One input: Q {@code [B, Lq, d]}, K {@code [B, Lk, d]}, V {@code [B, Lk, d_v]}, posEmbed {@code [Lk, d]}. */
    record In(Tensor Q, Tensor K, Tensor V, Tensor R) {}

    static final String TITLE = "5.11 relative attention";
    static final String HOW_TO = Checker.howTo("ex5_11");

    /** Arrays: {@code check511((q, k, v, r) -> myRelativeAttention(q, k, v, r))}. */
    public static Report check(Signatures.RelativeAttentionArrays f) {
        return report("check511", in -> Convert.fromArrays(f.apply(Convert.arrays(in.Q()), Convert.arrays(in.K()),
                Convert.arrays(in.V()), Convert.array(in.R())), "out"));
    }

    /** Tensors. */
    public static Report checkTensor(Signatures.RelativeAttentionTensors f) {
        return report("check511Tensor", in -> Convert.fromTensor(f.apply(in.Q().copy(), in.K().copy(), in.V().copy(), in.R().copy())));
    }

    /** EJML matrices, one sequence per call. */
    public static Report checkEjml(Signatures.RelativeAttentionMatrices f) {
        return report("check511Ejml", in -> Convert.perSequence(a -> f.apply(a[0], a[1], a[2], a[3]), "out", in.Q(), in.K(), in.V(),
                in.R()));
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
            out.slice(b).setTo(TransformerXL.attention(Tensor.of(in.Q().slice(b)), Tensor.of(in.K().slice(b)),
                    Tensor.of(in.V().slice(b)), in.R()).matrix());
        return out;
    }

    static List<Checker.Case<In>> cases() {
        Random r = new Random(511);
        String rows = "posEmbed has Lk rows, row r for distance Lk-1-r: query i and key j use row Lq-1-i+j, which "
                + "exists only for the allowed keys j <= i + mlen (mlen = Lk - Lq); block the others with -inf";
        return List.of(
                of(r, "4 tokens, sinusoidal", 1, 4, 4, 4, 4, true, rows),
                of(r, "batch of 2, random posEmbed", 2, 5, 5, 6, 6, false, rows),
                of(r, "memory: Lq = 2, Lk = 5", 1, 2, 5, 4, 3, false, "with memory, query i sits at position i + mlen "
                        + "(here mlen = 3): it sees keys j <= i + mlen, and the distance is i + mlen - j"),
                of(r, "one token", 1, 1, 1, 3, 3, false, "with a single key the output must equal V"),
                of(r, "odd d = 5", 1, 3, 3, 5, 5, true, rows));
    }

    private static Checker.Case<In> of(Random r, String name, int b, int lq, int lk, int d, int dv, boolean sinusoidal,
                                       String edgeHint) {
        In in = new In(Tensor.randn(r, b, lq, d), Tensor.randn(r, b, lk, d), Tensor.randn(r, b, lk, dv),
                sinusoidal ? TransformerXL.positions(lk, d) : Tensor.randn(r, lk, d));
        return new Checker.Case<>(name, Convert.shapes(new String[] {"Q", "K", "V", "posEmbed"}, in.Q(), in.K(), in.V(),
                in.R()), in, edgeHint);
    }

    // ------------------------------------------------------------------ mutated references

    /** Which posEmbed row query i, key j reads; -1 for none (no position term). */
    private interface Row { int of(int i, int j, int lq, int lk); }

    static List<Checker.Mistake<In>> mistakes() {
        Row right = (i, j, lq, lk) -> lq - 1 - i + j;
        return List.of(
                Checker.Mistake.of("it equals causal attention without the position term: add q_i . posEmbed[Lq-1-i+j] "
                        + "to q_i . k_j before scaling", in -> rel(in, (i, j, lq, lk) -> -1, true, 0)),
                Checker.Mistake.of("row r of posEmbed is distance Lk-1-r (farthest first, as in Transformer-XL): for "
                        + "distance i + mlen - j use row Lq-1-i+j, not row i + mlen - j",
                        in -> rel(in, (i, j, lq, lk) -> i + (lk - lq) - j, true, 0)),
                Checker.Mistake.of("only q.k is divided by sqrt(d): scale the sum (q_i . k_j + q_i . r) / sqrt(d)",
                        in -> rel(in, right, false, 0)),
                Checker.Mistake.of("with memory, query i sits at position i + mlen: it may attend to keys j <= i + mlen "
                        + "(bottom-right causal), not only j <= i", in -> rel(in, right, true, -1)));
    }

    /**
     * @param offset 0 for the bottom-right rule {@code j <= i + mlen}, -1 for the top-left {@code j <= i}
     */
    private static Tensor[] rel(In in, Row row, boolean scalePositions, int offset) {
        int B = in.Q().batch(), lq = in.Q().rows(), lk = in.K().rows(), d = in.Q().cols(), mlen = lk - lq;
        double s = invSqrt(d);
        Tensor S = Tensor.zeros(B, lq, lk);
        for (int b = 0; b < B; b++)
            for (int i = 0; i < lq; i++)
                for (int j = 0; j < lk; j++) {
                    if (j > i + (offset < 0 ? 0 : mlen)) {
                        S.set(b, i, j, Double.NEGATIVE_INFINITY);
                        continue;
                    }
                    double qk = 0, qr = 0;
                    int r = row.of(i, j, lq, lk);
                    for (int c = 0; c < d; c++) {
                        qk += in.Q().get(b, i, c) * in.K().get(b, j, c);
                        if (r >= 0) qr += in.Q().get(b, i, c) * in.R().get(0, r, c);
                    }
                    S.set(b, i, j, scalePositions ? s * (qk + qr) : s * qk + qr);
                }
        return new Tensor[] {times(rows(S), in.V())};
    }
}
