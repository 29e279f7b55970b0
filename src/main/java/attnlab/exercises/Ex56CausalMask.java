package attnlab.exercises;

import attnlab.attention.Alignment;
import attnlab.attention.Attention;
import attnlab.attention.Masks;
import attnlab.tensor.Tensor;
import attnlab.tensor.TensorFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoublePredicate;
import java.util.function.Function;

import static attnlab.exercises.Mutants.*;

/**
 * Exercise 5.6 in two parts: (a) {@code causalMask(n)}, checked against {@link Masks#causal(int)}; (b)
 * {@code maskedAttention(Q, K, V, mask)} = {@code softmax(Q Kᵀ / sqrt(d_k) + mask) V}, checked against
 * {@link Attention#attention(Tensor, Tensor, Tensor, Tensor, double)} on causal masks, Lq != Lk (bottom-right),
 * finite biases, a fully masked row (zeros, as PyTorch &gt;= 2.5), large logits and a single token. Either function may
 * be null to check only the other part.
 */
public final class Ex56CausalMask {
    private Ex56CausalMask() {}

    /** Input of part (b). */
    record In(Tensor Q, Tensor K, Tensor V, Tensor mask) {}

    static final String MASK_TITLE = "5.6a causal mask", ATTN_TITLE = "5.6b masked attention";
    static final String HOW_TO = Checker.howTo("ex5_06");

    /** Arrays: {@code check56(n -> myCausalMask(n), (q, k, v, m) -> myMaskedAttention(q, k, v, m))}. */
    public static Report check(Signatures.CausalMaskArrays mask, Signatures.MaskedAttentionArrays attention) {
        return report("check56", mask == null ? null : n -> Convert.fromArray(mask.apply(n), "mask"),
                attention == null ? null : in -> new Tensor[] {Convert.fromArrays(attention.apply(Convert.arrays(in.Q()),
                        Convert.arrays(in.K()), Convert.arrays(in.V()), Convert.array(in.mask())), "out")});
    }

    /** Tensors. */
    public static Report checkTensor(Signatures.CausalMaskTensors mask, Signatures.MaskedAttentionTensors attention) {
        return report("check56Tensor", mask == null ? null : n -> Convert.fromTensor(mask.apply(n)),
                attention == null ? null : in -> new Tensor[] {Convert.fromTensor(attention.apply(in.Q().copy(),
                        in.K().copy(), in.V().copy(), in.mask().copy()))});
    }

    /** EJML matrices, one sequence per call. */
    public static Report checkEjml(Signatures.CausalMaskMatrices mask, Signatures.MaskedAttentionMatrices attention) {
        return report("check56Ejml", mask == null ? null : n -> Convert.fromMatrix(mask.apply(n)),
                attention == null ? null : in -> new Tensor[] {Convert.perSequence(a -> attention.apply(a[0], a[1], a[2],
                        a[3]), "out", in.Q(), in.K(), in.V(), in.mask())});
    }

    static Report report(String check, Function<Integer, Tensor> mask, Function<In, Tensor[]> attention) {
        if (mask == null && attention == null)
            throw new IllegalArgumentException("mask and attention are both null: pass at least one function");
        List<Report.Section> parts = new ArrayList<>();
        if (mask != null) parts.add(Checker.run(maskSpec(), n -> new Tensor[] {mask.apply(n)}));
        if (attention != null) parts.add(Checker.run(attentionSpec(), attention));
        return new Report(check, parts);
    }

    // ------------------------------------------------------------------ (a) the mask

    static Checker.Spec<Integer> maskSpec() {
        List<Checker.Case<Integer>> cases = new ArrayList<>();
        for (int n : new int[] {3, 1, 6}) cases.add(new Checker.Case<>("n = " + n, "seqLen " + n, n, null));
        return new Checker.Spec<>(MASK_TITLE, HOW_TO, new String[] {"mask"}, cases,
                n -> new Tensor[] {Masks.causal(n)}, List.of(
                Checker.Mistake.of("you block the diagonal too: position i may attend to itself (allowed iff j <= i)",
                        n -> new Tensor[] {Masks.strictCausal(n)}),
                Checker.Mistake.of("your mask lets each position see the future and hides the past: allowed cells are "
                        + "j <= i, the lower triangle", n -> new Tensor[] {Tensor.of(transpose(Masks.causal(n)).slice(0))}),
                Checker.Mistake.whenDescribed((n, a) -> blockedCells(a[0], n, v -> Double.isFinite(v) && v < -100),
                        (n, a) -> "your blocked cells hold " + TensorFormat.number(a[0].get(0, 1)) + ": they must hold "
                                + "-inf (Double.NEGATIVE_INFINITY), not a large finite number; with a finite fill a row "
                                + "whose keys are all blocked gets equal weights instead of none"),
                Checker.Mistake.when("this is a 0/1 mask: the sheet's mask is additive, 0 where allowed and -inf where "
                        + "blocked, so it can be added to the scores", (n, a) -> blockedCells(a[0], n, v -> v == 0 || v == 1))));
    }

    /** The result is n×n and every blocked cell (j > i) satisfies {@code test}. */
    private static boolean blockedCells(Tensor m, int n, DoublePredicate test) {
        if (m.rank() != 2 || m.rows() != n || m.cols() != n || n < 2) return false;
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) if (!test.test(m.get(i, j))) return false;
        return true;
    }

    // ------------------------------------------------------------------ (b) masked attention

    static Checker.Spec<In> attentionSpec() {
        return new Checker.Spec<>(ATTN_TITLE, HOW_TO, new String[] {"out"}, cases(),
                in -> new Tensor[] {Attention.attention(in.Q(), in.K(), in.V(), in.mask(), Double.NaN)}, mistakes());
    }

    static List<Checker.Case<In>> cases() {
        Random r = new Random(56);
        Tensor bias = Masks.causal(4);                                   // ALiBi-like: -0.5·(i - j) below the diagonal
        for (int i = 0; i < 4; i++) for (int j = 0; j <= i; j++) bias.matrix().set(i, j, -0.5 * (i - j));
        return List.of(
                of("causal, 3 tokens", new In(Tensor.randn(r, 1, 3, 4), Tensor.randn(r, 1, 3, 4), Tensor.randn(r, 1, 3, 4),
                        Masks.causal(3)), null),
                of("causal, batch of 2", new In(Tensor.randn(r, 2, 5, 8), Tensor.randn(r, 2, 5, 8),
                        Tensor.randn(r, 2, 5, 6), Masks.causal(5)), null),
                of("Lq != Lk, bottom-right", new In(Tensor.randn(r, 1, 3, 4), Tensor.randn(r, 1, 5, 4),
                        Tensor.randn(r, 1, 5, 2), Masks.causal(3, 5, Alignment.BOTTOM_RIGHT)),
                        "here the mask is [Lq, Lk] = [3, 5]: loop over K's length for the keys, Q's for the queries"),
                of("finite biases", new In(Tensor.randn(r, 1, 4, 4), Tensor.randn(r, 1, 4, 4), Tensor.randn(r, 1, 4, 4),
                        bias), "this mask also holds finite values (-0.5 per step back): they are added to the scaled "
                        + "scores as they are"),
                of("fully masked row", new In(Tensor.randn(r, 1, 4, 4), Tensor.randn(r, 1, 4, 4), Tensor.randn(r, 1, 4, 4),
                        Masks.strictCausal(4)), "row 0 of this mask blocks every key. The toolkit, like PyTorch >= 2.5, "
                        + "gives such a row zero weights and a zero output: when a row's max is -inf, leave its "
                        + "weights at 0"),
                of("large logits", new In(Tensor.randn(r, 1, 4, 4).times(40), Tensor.randn(r, 1, 4, 4).times(40),
                        Tensor.randn(r, 1, 4, 4), Masks.causal(4)), "scores here reach the thousands: subtract each "
                        + "row's max (over the allowed keys) before exp"),
                of("one token", new In(Tensor.randn(r, 1, 1, 3), Tensor.randn(r, 1, 1, 3), Tensor.randn(r, 1, 1, 3),
                        Masks.causal(1)), "with a single allowed key the output must equal V"));
    }

    private static Checker.Case<In> of(String name, In in, String edgeHint) {
        return new Checker.Case<>(name, Convert.shapes(new String[] {"Q", "K", "V", "mask"}, in.Q(), in.K(), in.V(),
                in.mask()), in, edgeHint);
    }

    static List<Checker.Mistake<In>> mistakes() {
        return List.of(
                Checker.Mistake.of("it equals attention without the mask: add the mask to the scores before the softmax",
                        in -> out(rows(s(in)), in)),
                Checker.Mistake.of("it equals softmax(scores) + mask: add the mask to the scores *before* the softmax, so "
                        + "that a blocked key gets a weight of exactly 0", in -> out(plus(rows(s(in)), in.mask()), in)),
                Checker.Mistake.of("the mask is divided by sqrt(d_k) too: scale Q K^T first, then add the mask",
                        in -> out(rows(plus(scores(in.Q(), in.K(), 1), in.mask()).times(invSqrt(in.Q().cols()))), in)),
                Checker.Mistake.of(in -> out(rows(plus(scores(in.Q(), in.K(), 1), in.mask())), in),
                        in -> "it equals masked attention without the scale: divide Q K^T by sqrt(d_k) = "
                                + attnlab.tensor.TensorFormat.number(Math.sqrt(in.Q().cols())) + " before adding the mask"),
                Checker.Mistake.of("your weights sum to 1 down each column (over the queries): the softmax runs along "
                        + "each row, over the keys", in -> out(columns(plus(s(in), in.mask())), in)),
                Checker.Mistake.of("the row whose keys are all blocked came out NaN (0/0). The toolkit, like PyTorch >= "
                        + "2.5, returns zeros there: when a row's max is -inf, leave its weights at 0",
                        in -> out(nanOnBlockedRow(plus(s(in), in.mask())), in)),
                Checker.Mistake.of("exp overflowed (Math.exp(710) is infinite, and inf/inf is NaN): subtract each row's "
                        + "max before exp", in -> out(naive(plus(s(in), in.mask())), in)),
                Checker.Mistake.described(in -> out(rows(finite(s(in), in.mask(), true)), in), (in, a) -> blockedRow(in, a)
                        + ": it is the plain average of V's rows, what a large finite fill such as -1e9 gives (equal "
                        + "scores, equal weights). " + ZEROS),
                Checker.Mistake.described(in -> out(rows(finite(s(in), in.mask(), false)), in), (in, a) -> blockedRow(in, a)
                        + ": it is attention without the mask, what adding a large finite number such as -1e9 instead of "
                        + "-inf gives (a softmax ignores a constant added to a whole row). " + ZEROS),
                Checker.Mistake.whenDescribed(Ex56CausalMask::onlyBlockedRowsDiffer, (in, a) -> blockedRow(in, a)
                        + (Double.isNaN(firstBlocked(in, a)) ? " (0/0 in exp/sum). " : ". ") + ZEROS));
    }

    private static final String ZEROS = "The toolkit, like PyTorch >= 2.5, gives a row whose keys are all blocked zero "
            + "weights and a zero output: keep -inf, and when a row's max is -inf leave its weights at 0";

    /** The scaled scores with the mask, its -inf cells set to -1e9 ({@code fill}) or -1e9 added instead of -inf. */
    private static Tensor finite(Tensor scaled, Tensor mask, boolean fill) {
        Tensor S = plus(scaled, mask);
        for (int b = 0; b < S.batch(); b++)
            for (int i = 0; i < S.rows(); i++)
                for (int j = 0; j < S.cols(); j++)
                    if (mask.get(i, j) == Double.NEGATIVE_INFINITY)
                        S.slice(b).set(i, j, fill ? -1e9 : scaled.slice(b).get(i, j) - 1e9);
        return S;
    }

    /** The first row of the mask whose keys are all blocked, or -1. */
    private static int blockedRowIndex(Tensor mask) {
        for (int i = 0; i < mask.rows(); i++) {
            boolean all = true;
            for (int j = 0; j < mask.cols(); j++) all &= mask.get(i, j) == Double.NEGATIVE_INFINITY;
            if (all) return i;
        }
        return -1;
    }

    /** What the student returned at column 0 of the first fully blocked row, batch entry 0. */
    private static double firstBlocked(In in, Tensor[] actual) {
        return actual[0].slice(0).get(blockedRowIndex(in.mask()), 0);
    }

    /** {@code "row 0 of your output is NaN where every key is blocked (out[0][0][0] = nan)"}, from the actual output. */
    private static String blockedRow(In in, Tensor[] actual) {
        int i = blockedRowIndex(in.mask());
        double v = firstBlocked(in, actual);
        return "row " + i + " of your output is " + (Double.isNaN(v) ? "NaN" : Double.isFinite(v) ? "finite" : "infinite")
                + " where every key is blocked (out" + Checker.index(actual[0].shape(), 0, i, 0) + " = "
                + TensorFormat.number(v) + ")";
    }

    /** The mask blocks a whole row, and every other row of the student's output is right. */
    private static boolean onlyBlockedRowsDiffer(In in, Tensor[] actual) {
        if (blockedRowIndex(in.mask()) < 0) return false;
        Tensor expected = Attention.attention(in.Q(), in.K(), in.V(), in.mask(), Double.NaN);
        if (!java.util.Arrays.equals(expected.shape(), actual[0].shape())) return false;
        for (int b = 0; b < expected.batch(); b++)
            for (int i = 0; i < expected.rows(); i++) {
                boolean blocked = true;
                for (int j = 0; j < in.mask().cols(); j++) blocked &= in.mask().get(i, j) == Double.NEGATIVE_INFINITY;
                if (blocked) continue;
                for (int c = 0; c < expected.cols(); c++)
                    if (!Checker.close(expected.slice(b).get(i, c), actual[0].slice(b).get(i, c))) return false;
            }
        return true;
    }

    private static Tensor s(In in) { return scores(in.Q(), in.K(), invSqrt(in.Q().cols())); }

    private static Tensor[] out(Tensor P, In in) { return new Tensor[] {times(P, in.V())}; }
}
