package attnlab.exercises;

import attnlab.attention.Attention;
import attnlab.attention.MultiHeadAttention;
import attnlab.tensor.Tensor;
import attnlab.tensor.TensorFormat;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Exercise 5.7: the sheet's {@code MultiHeadAttention.forward(x)} as a function of x and the four weights,
 * <pre>
 *   Q, K, V = x W_q, x W_k, x W_v        head h owns columns h·d_k … (h+1)·d_k − 1,  d_k = d_model / n_heads
 *   O_h = softmax(Q_h K_hᵀ / sqrt(d_k)) V_h,    Y = concat_h(O_h) W_o
 * </pre>
 * checked against {@link MultiHeadAttention} on several head counts, a batch, one token, an odd d_model (9 = 3·3) and
 * heads of width 1. Weights are {@code randn·0.5} (not the sheet's 0.02) so that the weights are far from uniform and
 * a wrong split or scale shows.
 */
public final class Ex57MultiHead {
    private Ex57MultiHead() {}

    /** One input: x {@code [B, L, D]}, the weights {@code [D, D]}, the head count. */
    record In(Tensor x, Tensor Wq, Tensor Wk, Tensor Wv, Tensor Wo, int heads) {}

    static final String TITLE = "5.7 multi-head attention";
    static final String HOW_TO = Checker.howTo("ex5_07");

    /** Arrays: {@code check57((x, wq, wk, wv, wo, h) -> myMultiHeadAttention(x, wq, wk, wv, wo, h))}. */
    public static Report check(Signatures.MultiHeadArrays f) {
        return report("check57", in -> Convert.fromArrays(f.apply(Convert.arrays(in.x()), Convert.array(in.Wq()),
                Convert.array(in.Wk()), Convert.array(in.Wv()), Convert.array(in.Wo()), in.heads()), "out"));
    }

    /** Tensors. */
    public static Report checkTensor(Signatures.MultiHeadTensors f) {
        return report("check57Tensor", in -> Convert.fromTensor(f.apply(in.x().copy(), in.Wq().copy(), in.Wk().copy(), in.Wv().copy(),
                in.Wo().copy(), in.heads())));
    }

    /** EJML matrices, one sequence per call. */
    public static Report checkEjml(Signatures.MultiHeadMatrices f) {
        return report("check57Ejml", in -> Convert.perSequence(a -> f.apply(a[0], a[1], a[2], a[3], a[4], in.heads()), "out",
                in.x(), in.Wq(), in.Wk(), in.Wv(), in.Wo()));
    }

    static Report report(String check, Function<In, Tensor> student) {
        return Checker.single(check, spec(), student);
    }

    static Checker.Spec<In> spec() {
        return new Checker.Spec<>(TITLE, HOW_TO, new String[] {"out"}, cases(), in -> new Tensor[] {reference(in)},
                mistakes());
    }

    static Tensor reference(In in) {
        return new MultiHeadAttention(in.x().cols(), in.heads()).setW_q(in.Wq()).setW_k(in.Wk()).setW_v(in.Wv())
                .setW_o(in.Wo()).forward(in.x());
    }

    static List<Checker.Case<In>> cases() {
        Random r = new Random(57);
        return List.of(
                of(r, "2 heads", 1, 4, 8, 2, null),
                of(r, "batch of 2, 4 heads", 2, 5, 12, 4, null),
                of(r, "one head", 1, 3, 6, 1, "with one head this is plain attention of x W_q, x W_k, x W_v, then W_o"),
                of(r, "one token", 1, 1, 8, 2, "with one token every head's weight is 1: the output is x W_v W_o"),
                of(r, "odd d_model = 9, 3 heads", 1, 4, 9, 3, "d_model = 9, d_k = 3: head h owns columns 3h .. 3h+2"),
                of(r, "6 heads of width 1", 1, 3, 6, 6, "d_k = 1 here: each head owns a single column"));
    }

    private static Checker.Case<In> of(Random r, String name, int b, int l, int d, int h, String edgeHint) {
        In in = new In(Tensor.randn(r, b, l, d), Tensor.randn(r, d, d).times(0.5), Tensor.randn(r, d, d).times(0.5),
                Tensor.randn(r, d, d).times(0.5), Tensor.randn(r, d, d).times(0.5), h);
        return new Checker.Case<>(name, "x [" + b + ", " + l + ", " + d + "]  n_heads " + h, in, edgeHint);
    }

    // ------------------------------------------------------------------ mutated references

    /** Where channel c of head h for token t sits in the row-major {@code [L, D]} data. */
    private interface Layout { int at(int t, int h, int c, int L, int D, int H); }

    private static final Layout CONTIGUOUS = (t, h, c, L, D, H) -> t * D + h * (D / H) + c;
    private static final Layout STRIDED = (t, h, c, L, D, H) -> t * D + c * H + h;
    private static final Layout RESHAPED = (t, h, c, L, D, H) -> h * L * (D / H) + t * (D / H) + c;

    static List<Checker.Mistake<In>> mistakes() {
        return List.of(
                Checker.Mistake.of("you reshaped [L, d_model] straight to [n_heads, L, d_k], which mixes tokens: "
                        + "reshape to [L, n_heads, d_k] and then swap the first two axes (head h owns columns "
                        + "h*d_k .. (h+1)*d_k-1 of every token)", in -> mha(in, RESHAPED, in.x().cols() / in.heads(), true, false)),
                Checker.Mistake.of("head h must own the contiguous columns h*d_k .. (h+1)*d_k-1; you give it every "
                        + "n_heads-th column", in -> mha(in, STRIDED, in.x().cols() / in.heads(), true, false)),
                Checker.Mistake.of(in -> mha(in, CONTIGUOUS, in.x().cols(), true, false),
                        in -> "each head is scaled by 1/sqrt(d_model); use 1/sqrt(d_k) with d_k = d_model / n_heads = "
                                + in.x().cols() / in.heads() + " (so 1/" + TensorFormat.number(Math.sqrt(
                                in.x().cols() / in.heads())) + ")"),
                Checker.Mistake.of(in -> mha(in, CONTIGUOUS, 1, true, false),
                        in -> "the heads' scores are not scaled: divide Q_h K_h^T by sqrt(d_k) = sqrt("
                                + in.x().cols() / in.heads() + ")"),
                Checker.Mistake.of("the heads are never mixed by W_o: multiply the concatenated heads by W_o at the end",
                        in -> mha(in, CONTIGUOUS, in.x().cols() / in.heads(), false, false)),
                Checker.Mistake.of("the weights are applied as x W^T (PyTorch's nn.Linear); here they are applied as x W",
                        in -> mha(in, CONTIGUOUS, in.x().cols() / in.heads(), true, true)),
                Checker.Mistake.of("the heads are concatenated in reverse order: head h's output goes back to columns "
                        + "h*d_k .. (h+1)*d_k-1 of the concatenation, the same columns it took from Q, K and V, "
                        + "before W_o", in -> mha(in, CONTIGUOUS, in.x().cols() / in.heads(), true, false, true)),
                Checker.Mistake.of("it equals one head over all d_model columns: split Q, K and V into n_heads groups "
                        + "of d_k columns and run attention on each", in -> new Tensor[] {oneHead(in)}));
    }

    private static Tensor oneHead(In in) {
        Tensor y = Tensor.zeros(in.x().shape());
        for (int b = 0; b < in.x().batch(); b++) {
            Tensor x = Tensor.of(in.x().slice(b));
            Tensor o = Attention.attention(Mutants.times(x, in.Wq()), Mutants.times(x, in.Wk()), Mutants.times(x, in.Wv()));
            y.slice(b).setTo(Mutants.times(o, in.Wo()).slice(0));
        }
        return y;
    }

    private static Tensor[] mha(In in, Layout layout, int scaleDim, boolean useWo, boolean transposeW) {
        return mha(in, layout, scaleDim, useWo, transposeW, false);
    }

    /**
     * Multi-head attention with a chosen head layout and scale, optionally without W_o, with transposed W, or with
     * head h's output placed where head H-1-h belongs ({@code reversed}).
     */
    private static Tensor[] mha(In in, Layout layout, int scaleDim, boolean useWo, boolean transposeW, boolean reversed) {
        int B = in.x().batch(), L = in.x().rows(), D = in.x().cols(), H = in.heads(), dk = D / H;
        Function<Tensor, Tensor> w = t -> transposeW ? Tensor.of(Mutants.transpose(t).slice(0)) : t;
        Tensor y = Tensor.zeros(B, L, D);
        for (int b = 0; b < B; b++) {
            Tensor x = Tensor.of(in.x().slice(b));
            double[] q = Mutants.times(x, w.apply(in.Wq())).slice(0).data, k = Mutants.times(x, w.apply(in.Wk())).slice(0).data,
                    v = Mutants.times(x, w.apply(in.Wv())).slice(0).data;
            Tensor C = Tensor.zeros(L, D);
            for (int h = 0; h < H; h++) {
                Tensor Qh = Tensor.zeros(L, dk), Kh = Tensor.zeros(L, dk), Vh = Tensor.zeros(L, dk);
                for (int t = 0; t < L; t++)
                    for (int c = 0; c < dk; c++) {
                        int at = layout.at(t, h, c, L, D, H);
                        Qh.matrix().set(t, c, q[at]);
                        Kh.matrix().set(t, c, k[at]);
                        Vh.matrix().set(t, c, v[at]);
                    }
                Tensor Oh = Attention.attention(Qh, Kh, Vh, null, 1.0 / Math.sqrt(scaleDim));
                for (int t = 0; t < L; t++)
                    for (int c = 0; c < dk; c++) C.matrix().data[layout.at(t, reversed ? H - 1 - h : h, c, L, D, H)] = Oh.get(t, c);
            }
            y.slice(b).setTo(useWo ? Mutants.times(C, w.apply(in.Wo())).slice(0) : C.matrix());
        }
        return new Tensor[] {y};
    }
}
