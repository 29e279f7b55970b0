package attnlab.attention;

import attnlab.attention.kernel.AttentionKernel;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import attnlab.tensor.TensorFormat;

import java.util.Arrays;

/**
 * Scaled dot-product attention (exercises 5.5 and 5.6), PyTorch semantics (numerics §1):
 * <pre>
 *   S = scale · Q Kᵀ + M          [B, Lq, Lk]   scale = 1/√d_k by default (d_k of Q, not d_v)
 *   P = softmax_row(S)            [B, Lq, Lk]
 *   O = P V                       [B, Lq, d_v]
 * </pre>
 * Shapes: Q {@code [B, Lq, d_k]}, K {@code [B, Lk, d_k]}, V {@code [B, Lk, d_v]}; a rank-2 input is one sequence
 * (a batch of one) and gives a rank-2 output. Any leading shape works as long as Q, K and V share it (e.g.
 * {@code [B, H, L, d]}). Lq ≠ Lk is fine.
 *
 * <p>Mask M: {@code [Lq, Lk]} (shared by the batch) or the leading shape plus {@code [Lq, Lk]}. Finite entries are
 * added; {@code -inf} entries <em>select</em> the key out, so a NaN in a blocked key cannot leak into O. A row with
 * no allowed key gives zero weights and zero output (PyTorch ≥ 2.5). Lq = 0 gives an empty output; Lk = 0 is a
 * row with no keys, so zeros.
 *
 * <p>Causal and sliding-window attention can also take the mask as a rule, a {@link BandMask}
 * ({@link #bandAttention}, {@link #bandForward}): the same result as the mask written out, without the
 * {@code [Lq, Lk]} tensor, so it runs at lengths where that tensor would not fit (PyTorch's {@code is_causal}).
 */
public final class Attention {
    private Attention() {}

    /**
     * What forward computed, kept for backward: the output, the weights P, the scale, and the inputs and mask it
     * saw (references, not copies): a mask tensor, or a band ({@link #bandForward}), or neither.
     */
    public record Result(Tensor out, Tensor weights, double scale, Tensor Q, Tensor K, Tensor V, Tensor mask,
                         BandMask band) {
        /** A result without a band. */
        public Result(Tensor out, Tensor weights, double scale, Tensor Q, Tensor K, Tensor V, Tensor mask) {
            this(out, weights, scale, Q, K, V, mask, null);
        }


        @Override
        public String toString() {
            return "out = " + out + "\nweights = " + weights;
        }
    }

    /** The gradients of one backward pass, shaped like Q, K and V. */
    public record Grads(Tensor dQ, Tensor dK, Tensor dV) {
        @Override
        public String toString() {
            return "dQ = " + dQ + "\ndK = " + dK + "\ndV = " + dV;
        }
    }

    /** {@code softmax(Q Kᵀ / √d_k) V}. */
    public static Tensor attention(Tensor Q, Tensor K, Tensor V) {
        return run(Q, K, V, null, Double.NaN, false).out();
    }

    /** {@code softmax(scale · Q Kᵀ + mask) V}; {@code mask} may be null; {@code scale} NaN means 1/√d_k. */
    public static Tensor attention(Tensor Q, Tensor K, Tensor V, Tensor mask, double scale) {
        return run(Q, K, V, mask, scale, false).out();
    }

    /**
     * The forward pass that also returns the weights {@code [.., Lq, Lk]} and everything backward needs.
     *
     * @param mask  additive mask, or null
     * @param scale the score scale, or {@code Double.NaN} for 1/√d_k
     */
    public static Result forward(Tensor Q, Tensor K, Tensor V, Tensor mask, double scale) {
        return run(Q, K, V, mask, scale, true);
    }

    /**
     * {@code softmax(scale · Q Kᵀ + band) V}: attention under a causal or sliding-window {@link BandMask}, equal to
     * {@link #attention(Tensor, Tensor, Tensor, Tensor, double)} with {@code band.toTensor(Lq, Lk)} but without
     * building that tensor or the weights: memory O(B·L·d) (plus per-thread buffers O(L·d)), so 1×16384×64
     * causal runs in a 256 MB heap. Keys outside a row's band are never read.
     *
     * @param band  the mask rule, not null
     * @param scale the score scale, or {@code Double.NaN} for 1/√d_k
     */
    public static Tensor bandAttention(Tensor Q, Tensor K, Tensor V, BandMask band, double scale) {
        return runBand(Q, K, V, band, scale, false).out();
    }

    /**
     * {@link #bandAttention} that also returns the weights {@code [.., Lq, Lk]} (zero outside the band) and what
     * {@link #backward} needs. The weights are Lq × Lk per slice: for long sequences use {@link #bandAttention}.
     */
    public static Result bandForward(Tensor Q, Tensor K, Tensor V, BandMask band, double scale) {
        return runBand(Q, K, V, band, scale, true);
    }

    /**
     * Backward of {@link #forward}: given dO = ∂L/∂O, returns ∂L/∂Q, ∂L/∂K, ∂L/∂V (numerics §5). Each line
     * differentiates the forward line on its right:
     * <pre>
     *   dV = Pᵀ dO                          [B, Lk, d_v]     O = P V
     *   dP = dO Vᵀ                          [B, Lq, Lk]      O = P V
     *   D  = rowsum(dO ∘ O)                 [B, Lq]          (= rowsum(dP ∘ P), as FlashAttention uses it)
     *   dS = P ∘ (dP − D·1ᵀ)                [B, Lq, Lk]      P = softmax_row(S)
     *   dQ = scale · dS K                   [B, Lq, d_k]     S = scale · Q Kᵀ + M
     *   dK = scale · dSᵀ Q                  [B, Lk, d_k]     S = scale · Q Kᵀ + M
     * </pre>
     * The mask is a constant. Blocked positions have P = 0 and are skipped, so they get exactly zero gradient (a NaN
     * in a blocked key or value cannot leak); a fully blocked row gets zero gradients.
     *
     * @param dO    gradient of the loss with respect to the output, shaped like {@code cache.out()}. Not modified.
     * @param cache what {@link #forward} returned. Not modified.
     */
    public static Grads backward(Tensor dO, Result cache) {
        Checks.notNull(dO, "dO");
        Checks.notNull(cache, "cache");
        if (cache.weights() == null)
            throw new IllegalArgumentException("cache has no weights: pass the Result of Attention.forward");
        if (!Arrays.equals(dO.shape(), cache.out().shape()))
            throw new IllegalArgumentException("dO has shape " + Checks.str(dO.shape()) + " but the output O has shape "
                    + Checks.str(cache.out().shape()));
        Tensor Q = cache.Q(), K = cache.K(), V = cache.V();
        Tensor dQ = Tensor.zeros(Q.shape()), dK = Tensor.zeros(K.shape()), dV = Tensor.zeros(V.shape());
        if (cache.band() != null)
            AttentionKernel.get().backwardBand(Q, K, V, cache.band(), cache.weights(), cache.out(), dO,
                    cache.scale(), dQ, dK, dV);
        else
            AttentionKernel.get().backward(Q, K, V, cache.mask(), cache.weights(), cache.out(), dO, cache.scale(),
                    dQ, dK, dV);
        return new Grads(dQ, dK, dV);
    }

    private static Result run(Tensor Q, Tensor K, Tensor V, Tensor mask, double scale, boolean keepWeights) {
        check(Q, K, V, mask);
        scale = scale(Q, scale);
        int[] lead = Arrays.copyOf(Q.shape(), Q.rank() - 2);
        Tensor out = Tensor.zeros(concat(lead, Q.rows(), V.cols()));
        Tensor weights = keepWeights ? Tensor.zeros(concat(lead, Q.rows(), K.rows())) : null;
        AttentionKernel.get().forward(Q, K, V, mask, scale, out, weights);
        return new Result(out, weights, scale, Q, K, V, mask);
    }

    private static Result runBand(Tensor Q, Tensor K, Tensor V, BandMask band, double scale, boolean keepWeights) {
        Checks.notNull(band, "band");
        check(Q, K, V, null);
        scale = scale(Q, scale);
        int[] lead = Arrays.copyOf(Q.shape(), Q.rank() - 2);
        Tensor out = Tensor.zeros(concat(lead, Q.rows(), V.cols()));
        Tensor weights = keepWeights ? Tensor.zeros(concat(lead, Q.rows(), K.rows())) : null;
        AttentionKernel.get().forwardBand(Q, K, V, band, scale, out, weights);
        return new Result(out, weights, scale, Q, K, V, null, band);
    }

    /** The scale to use: 1/√d_k for NaN; a non-finite scale is an error. */
    private static double scale(Tensor Q, double scale) {
        if (Double.isNaN(scale)) return 1.0 / Math.sqrt(Q.cols());
        if (Double.isInfinite(scale))
            throw new IllegalArgumentException("scale must be finite but was " + TensorFormat.number(scale));
        return scale;
    }

    /** Validates shapes, naming the argument and both values on failure. */
    static void check(Tensor Q, Tensor K, Tensor V, Tensor mask) {
        Checks.notNull(Q, "Q");
        Checks.notNull(K, "K");
        Checks.notNull(V, "V");
        int[] lead = Arrays.copyOf(Q.shape(), Q.rank() - 2);
        sameLead(K, "K", Q);
        sameLead(V, "V", Q);
        Checks.sameDim("d_k", "K", K.cols(), "Q", Q.cols());
        Checks.sameDim("Lk", "V", V.rows(), "K", K.rows());
        if (mask != null) {
            boolean shared = mask.rank() == 2;
            int[] expected = concat(lead, Q.rows(), K.rows());
            if (!(shared && mask.rows() == Q.rows() && mask.cols() == K.rows())
                    && !Arrays.equals(mask.shape(), expected))
                throw new IllegalArgumentException("mask has shape " + Checks.str(mask.shape()) + " but must be ["
                        + Q.rows() + ", " + K.rows() + "] (Lq, Lk) or " + Checks.str(expected));
        }
    }

    private static void sameLead(Tensor t, String name, Tensor Q) {
        int[] l = Arrays.copyOf(t.shape(), t.rank() - 2), lead = Arrays.copyOf(Q.shape(), Q.rank() - 2);
        if (Arrays.equals(l, lead)) return;
        if (l.length == 1 && lead.length == 1)
            throw new IllegalArgumentException(name + " has batch=" + l[0] + " but Q has batch=" + lead[0]);
        throw new IllegalArgumentException(name + " has shape " + Checks.str(t.shape()) + " but Q has shape "
                + Checks.str(Q.shape()) + ": the leading (batch) dims must match");
    }

    static int[] concat(int[] lead, int a, int b) {
        int[] s = Arrays.copyOf(lead, lead.length + 2);
        s[lead.length] = a;
        s[lead.length + 1] = b;
        return s;
    }
}
