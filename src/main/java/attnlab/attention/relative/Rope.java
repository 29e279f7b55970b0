package attnlab.attention.relative;

import attnlab.attention.Attention;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import attnlab.tensor.TensorFormat;

/**
 * Rotary position embedding, RoPE (Su et al. 2021, arXiv 2104.09864; numerics §8.5). Row m of x (position
 * {@code offset + m}) has each channel pair (a, b) rotated by the angle {@code pos·θ_k}:
 * <pre>
 *   θ_k = base^(−2k/d),  k = 0 … d/2 − 1,  base 10000
 *   (a, b) → (a cos pos·θ_k − b sin pos·θ_k,  a sin pos·θ_k + b cos pos·θ_k)
 *   ROTATE_HALF (GPT-NeoX, HF Llama):  pair k = channels (k, k + d/2)
 *   INTERLEAVED (GPT-J, Meta Llama):   pair k = channels (2k, 2k + 1)
 * </pre>
 * Since rotations compose, {@code ⟨R_m q, R_n k⟩ = ⟨q, R_{n−m} k⟩} depends on m − n only. The two layouts differ by
 * the fixed channel permutation {@link #toInterleaved}: {@code apply(toInterleaved(x), INTERLEAVED) =
 * toInterleaved(apply(x, ROTATE_HALF))}. Angles use {@link StrictMath} (same bits on every JDK). d must be even.
 */
public final class Rope {
    private Rope() {}

    /** Which channels form a rotated pair. */
    public enum Layout { ROTATE_HALF, INTERLEAVED }

    public static final double BASE = 10000;

    /** Result of {@link #attention}, kept for {@link #attentionBackward}. */
    public record Result(Tensor out, Tensor weights, Attention.Result att, Layout layout, int queryOffset) {
        @Override
        public String toString() {
            return "out = " + out + "\nweights = " + weights;
        }
    }

    /** {@code θ_k = base^(−2k/d)}. */
    public static double theta(int k, int d, double base) {
        return StrictMath.pow(base, -2.0 * k / d);
    }

    /** RoPE of x {@code [.., L, d]} with row m at position m, base 10000. Not modified. */
    public static Tensor apply(Tensor x, Layout layout) {
        return apply(x, layout, 0, BASE);
    }

    /** RoPE of x {@code [.., L, d]} with row m at position {@code offset + m}. Not modified. */
    public static Tensor apply(Tensor x, Layout layout, int offset, double base) {
        return rotate(x, layout, offset, base, 1);
    }

    /** Backward of {@link #apply}: a rotation's inverse is its transpose, so {@code dX = R_{−pos} dY}. */
    public static Tensor backward(Tensor dY, Layout layout, int offset, double base) {
        return rotate(dY, layout, offset, base, -1);
    }

    private static Tensor rotate(Tensor x, Layout layout, int offset, double base, int sign) {
        Checks.notNull(x, "x");
        Checks.notNull(layout, "layout");
        Tensor y = x.copy();
        rotateInPlace(y, layout, angles(x.rows(), x.cols(), offset, base, sign));
        return y;
    }

    /**
     * The cosines and sines of the angles {@code pos·θ_k} ({@code [length · dims/2]} each, row m at position
     * {@code offset + m}): computed once, they rotate every head of every layer of a model's forward pass.
     */
    public record Angles(int length, int dims, double[] cos, double[] sin) {}

    /** The {@link Angles} of rows {@code 0 … L−1} at positions {@code offset + m}, for width d and this base. */
    public static Angles angles(int L, int d, int offset, double base) {
        return angles(L, d, offset, base, 1);
    }

    private static Angles angles(int L, int d, int offset, double base, int sign) {
        Checks.nonNegative(L, "L");
        if (d % 2 != 0) throw new IllegalArgumentException("x has d=" + d + " but RoPE needs an even d (channel pairs)");
        if (!(base > 0) || Double.isInfinite(base)) throw new IllegalArgumentException("base must be > 0 and finite but was " + TensorFormat.number(base));
        int half = d / 2;
        double[] cos = new double[L * half], sin = new double[L * half];
        for (int m = 0; m < L; m++)
            for (int k = 0; k < half; k++) {
                double angle = (offset + m) * theta(k, d, base);
                cos[m * half + k] = StrictMath.cos(angle);
                sin[m * half + k] = sign * StrictMath.sin(angle);
            }
        return new Angles(L, d, cos, sin);
    }

    /** Rotates x {@code [.., L, d]} in place by {@code angles} (made for the same L and d). */
    public static void rotateInPlace(Tensor x, Layout layout, Angles angles) {
        Checks.notNull(x, "x");
        Checks.notNull(layout, "layout");
        Checks.notNull(angles, "angles");
        int L = x.rows(), d = x.cols(), half = d / 2;
        if (angles.length() != L || angles.dims() != d)
            throw new IllegalArgumentException("angles are for [" + angles.length() + ", " + angles.dims()
                    + "] rows but x has [" + L + ", " + d + "]");
        double[] cos = angles.cos(), sin = angles.sin();
        for (int b = 0; b < x.batch(); b++) {
            double[] v = x.slice(b).data;
            for (int m = 0; m < L; m++)
                for (int k = 0; k < half; k++) {
                    int ia = m * d + (layout == Layout.ROTATE_HALF ? k : 2 * k);
                    int ib = m * d + (layout == Layout.ROTATE_HALF ? k + half : 2 * k + 1);
                    double c = cos[m * half + k], s = sin[m * half + k], a = v[ia], bb = v[ib];
                    v[ia] = a * c - bb * s;
                    v[ib] = a * s + bb * c;
                }
        }
    }

    /** The channel permutation from rotate-half to interleaved order: {@code y[2k] = x[k], y[2k+1] = x[k + d/2]}. */
    public static Tensor toInterleaved(Tensor x) {
        Checks.notNull(x, "x");
        int d = x.cols(), half = d / 2;
        if (d % 2 != 0) throw new IllegalArgumentException("x has d=" + d + " but RoPE needs an even d (channel pairs)");
        Tensor y = Tensor.zeros(x.shape());
        for (int b = 0; b < x.batch(); b++)
            for (int m = 0; m < x.rows(); m++)
                for (int k = 0; k < half; k++) {
                    y.slice(b).data[m * d + 2 * k] = x.slice(b).data[m * d + k];
                    y.slice(b).data[m * d + 2 * k + 1] = x.slice(b).data[m * d + k + half];
                }
        return y;
    }

    /**
     * {@code [L, L]}: {@code ⟨R_m 1, R_n 1⟩ / d = (2/d) Σ_k cos((m − n) θ_k)}, the score of an all-ones query at m and
     * key at n (1 on the diagonal). Constant along diagonals; the same in both layouts.
     */
    public static Tensor scoreByDistance(int d, int L) {
        Checks.positive(d, "d");
        Checks.nonNegative(L, "L");
        if (d % 2 != 0) throw new IllegalArgumentException("d must be even (channel pairs) but was " + d);
        Tensor x = apply(Tensor.ones(L, d), Layout.ROTATE_HALF);
        Tensor s = Tensor.zeros(L, L);
        org.ejml.dense.row.CommonOps_DDRM.multTransB(1.0 / d, x.matrix(), x.matrix(), s.matrix());
        return s;
    }

    /**
     * {@code softmax(R Q (R K)ᵀ/√d + mask) V}: queries at positions {@code Lk − Lq + i} (bottom-right, as with a
     * KV cache), keys at j. Q {@code [.., Lq, d]}, K {@code [.., Lk, d]}, V {@code [.., Lk, d_v]}; mask may be null.
     */
    public static Result attention(Tensor Q, Tensor K, Tensor V, Tensor mask, Layout layout) {
        BiasedAttention.check(Q, K, V, mask);
        int offset = K.rows() - Q.rows();
        Tensor Qr = apply(Q, layout, offset, BASE), Kr = apply(K, layout, 0, BASE);      // rotate Q and K
        Attention.Result att = Attention.forward(Qr, Kr, V, mask, Double.NaN);            // plain attention
        return new Result(att.out(), att.weights(), att, layout, offset);
    }

    /** Backward of {@link #attention}: {@code [dQ, dK, dV]}. */
    public static Tensor[] attentionBackward(Tensor dO, Result r) {
        Checks.notNull(r, "result");
        Checks.sameShape(dO, "dO", r.out(), "the output");
        Attention.Grads g = Attention.backward(dO, r.att());                              // plain attention
        return new Tensor[] {backward(g.dQ(), r.layout(), r.queryOffset(), BASE),          // Qr = R Q: dQ = Rᵀ dQr
                backward(g.dK(), r.layout(), 0, BASE), g.dV()};                           // Kr = R K: dK = Rᵀ dKr
    }
}
