package attnlab.attention.kernel;

import attnlab.attention.Attention;
import attnlab.attention.BandMask;
import attnlab.attention.MultiHeadAttention;
import attnlab.tensor.Tensor;

/**
 * The compute seam behind {@link Attention}: every attention entry point validates its arguments, allocates the
 * outputs and then calls exactly one kernel. Faster kernels (SIMD, multi-threaded) replace the implementation here
 * without changing any public API; {@link ScalarAttentionKernel} stays as the readable reference they are tested
 * against.
 *
 * <p>Contract for {@link #forward}: arguments are already validated. For every slice b,
 * <pre>
 *   S = scale · Q_b K_bᵀ, then S_ij = −inf where mask_ij = −inf (select, not add), else S_ij += mask_ij
 *   P = softmax_row(S)        (a row with no allowed key: P = 0)
 *   O_b = P V_b               (blocked keys are skipped, so NaN in a blocked V row cannot leak)
 * </pre>
 * Q [n, Lq, dk], K [n, Lk, dk], V [n, Lk, dv], mask null or [Lq, Lk] (one slice, shared) or [n, Lq, Lk];
 * out [n, Lq, dv] and weights [n, Lq, Lk] are overwritten; weights may be null when the caller does not need P.
 *
 * <p>Contract for {@link #backward}: arguments are already validated; weights and out are what forward produced.
 * For every slice b, with D the rowsum term (numerics §5):
 * <pre>
 *   dV = Pᵀ dO            dP = dO Vᵀ            D_i = Σ_c dO_ic O_ic   (= Σ_j dP_ij P_ij)
 *   dS = P ∘ (dP − D·1ᵀ)  dQ = scale · dS K     dK = scale · dSᵀ Q
 * </pre>
 * Blocked positions (mask −inf) are skipped, so they get exactly zero gradient and a NaN in a blocked K or V row
 * cannot leak; a fully blocked row gives zero dQ and contributes nothing to dK, dV. dQ [n, Lq, dk], dK [n, Lk, dk]
 * and dV [n, Lk, dv] are preallocated and overwritten.
 *
 * <p>{@link #forwardBand} and {@link #backwardBand} are the same two contracts with the mask given as a
 * {@link BandMask} (causal or sliding window) instead of a tensor: the result equals {@link #forward} with
 * {@code mask = band.toTensor(Lq, Lk)}, but nothing of size Lq × Lk is built, and keys outside a row's band are
 * never read (that is where causal attention saves half the work, and a window of w makes a row cost O(w)).
 */
public interface AttentionKernel {

    void forward(Tensor Q, Tensor K, Tensor V, Tensor mask, double scale, Tensor out, Tensor weights);

    void backward(Tensor Q, Tensor K, Tensor V, Tensor mask, Tensor weights, Tensor out, Tensor dO, double scale,
                  Tensor dQ, Tensor dK, Tensor dV);

    /** {@link #forward} under a band instead of a mask tensor (band not null). */
    void forwardBand(Tensor Q, Tensor K, Tensor V, BandMask band, double scale, Tensor out, Tensor weights);

    /**
     * {@link #forwardBand} that also writes the scores the softmax reads, {@code S = scale · Q Kᵀ} with −inf where
     * the band blocks, to {@code scores [n, Lq, Lk]} (a model's {@code hook_attn_scores}: no second product). out
     * and weights are the same bits as without scores. The default computes S in a plain loop.
     */
    default void forwardBand(Tensor Q, Tensor K, Tensor V, BandMask band, double scale, Tensor out, Tensor weights,
                             Tensor scores) {
        forwardBand(Q, K, V, band, scale, out, weights);
        if (scores != null) BandScores.write(Q, K, band, scale, scores);
    }

    /** {@link #backward} under a band instead of a mask tensor (band not null). */
    void backwardBand(Tensor Q, Tensor K, Tensor V, BandMask band, Tensor weights, Tensor out, Tensor dO,
                      double scale, Tensor dQ, Tensor dK, Tensor dV);

    /**
     * {@code out_b = x_b W} for every slice b: x {@code [n, M, K]}, W {@code [K, N]} (rank 2), out {@code [n, M, N]}
     * overwritten; x and W not modified. The projections of {@link MultiHeadAttention} run through here, so a fast
     * kernel speeds them up too. The default is EJML's {@code mult}.
     */
    default void times(Tensor x, Tensor W, Tensor out) {
        for (int b = 0; b < x.batch(); b++)
            org.ejml.dense.row.CommonOps_DDRM.mult(x.slice(b), W.matrix(), out.slice(b));
    }

    /**
     * {@code split(x_b W)}: the projection of {@link #times} written straight into the per-head layout, x
     * {@code [B, L, K]}, W {@code [K, H·dh]}, out {@code [B·H, L, dh]} (slice {@code b·H + h} holds columns
     * {@code h·dh … (h+1)·dh − 1} of {@code x_b W}) overwritten. The default computes {@code x W} and copies.
     */
    default void timesHeads(Tensor x, Tensor W, int nHeads, Tensor out) {
        Tensor full = Tensor.zeros(x.batch(), x.rows(), W.cols());
        times(x, W, full);
        int dh = W.cols() / nHeads;
        for (int b = 0; b < x.batch(); b++)
            for (int h = 0; h < nHeads; h++)
                for (int i = 0; i < x.rows(); i++)
                    System.arraycopy(full.slice(b).data, i * W.cols() + h * dh, out.slice(b * nHeads + h).data, i * dh, dh);
    }

    /**
     * {@code W [K, N]} in the layout this kernel's {@link #timesPacked} reads, built once (a model's weights at load),
     * so products with it re-pack nothing; K·N doubles, W itself not kept. The default keeps W as it is.
     */
    default PackedWeights pack(Tensor W) {
        return PackedWeights.rowMajor(W);
    }

    /** {@link #pack} of {@code W = Wtᵀ}, from {@code Wt [N, K]} without forming the transpose. */
    default PackedWeights packTransposed(Tensor Wt) {
        return PackedWeights.ofTransposed(Wt, 0);
    }

    /**
     * An all-zero {@code W [K, N]} in this kernel's packed layout at {@code data[offset … offset + K·N)}, for a loader to
     * fill from a file ({@link PackedWeights#put}, {@link PackedWeights#putTransposed}) with no unpacked copy.
     */
    default PackedWeights packEmpty(int K, int N, double[] data, int offset) {
        return PackedWeights.empty(K, N, 0, data, offset);
    }

    /**
     * {@link #times} with a packed W: {@code out_b = x_b W}, the same numbers. A W packed by another kernel is
     * unpacked for the call (correct, not fast).
     */
    default void timesPacked(Tensor x, PackedWeights W, Tensor out) {
        times(x, W.rowMajor(), out);
    }

    /** {@link #timesHeads} with a packed W, the same numbers. */
    default void timesHeadsPacked(Tensor x, PackedWeights W, int nHeads, Tensor out) {
        timesHeads(x, W.rowMajor(), nHeads, out);
    }

    /**
     * {@code out_b = x_b Wᵀ} for every slice b: x {@code [n, M, N]}, W {@code [K, N]} (rank 2), out {@code [n, M, K]}
     * overwritten; x and W not modified. The backward of a projection ({@code dX = dY Wᵀ}). The default is EJML's
     * {@code multTransB}.
     */
    default void timesTransposed(Tensor x, Tensor W, Tensor out) {
        for (int b = 0; b < x.batch(); b++)
            org.ejml.dense.row.CommonOps_DDRM.multTransB(x.slice(b), W.matrix(), out.slice(b));
    }

    /**
     * {@code out = Σ_b x_bᵀ y_b}: x {@code [n, M, K]}, y {@code [n, M, N]}, out {@code [K, N]} (rank 2) overwritten;
     * x and y not modified. The weight gradient of a projection ({@code dW = Xᵀ dY}, summed over the batch). The
     * default is EJML's {@code multAddTransA}.
     */
    default void transposedTimes(Tensor x, Tensor y, Tensor out) {
        java.util.Arrays.fill(out.matrix().data, 0, x.cols() * y.cols(), 0.0);
        for (int b = 0; b < x.batch(); b++)
            org.ejml.dense.row.CommonOps_DDRM.multAddTransA(x.slice(b), y.slice(b), out.matrix());
    }

    /**
     * {@code y[k] = gelu_new(x[k])} for k in [from, to) (GPT-2's MLP): {@code 0.5 x (1 + tanh(√(2/π)(x + 0.044715
     * x³)))}, computed as {@code x / (1 + e^(−2y))} with y the tanh's argument ({@code 0.5 (1 + tanh y) =
     * sigmoid(2y)}): the JIT compiles {@code Math.exp} to a fast intrinsic, while JDK 17 computes {@code Math.tanh} in
     * software, 3.5 times slower. x and y may be the same array.
     */
    default void gelu(double[] x, double[] y, int from, int to) {
        for (int k = from; k < to; k++) {
            double v = x[k];
            y[k] = v / (1.0 + Math.exp(-2.0 * GELU_C * (v + 0.044715 * (v * v * v))));
        }
    }

    /** {@code y[k] = silu(g[k]) · u[k] = g / (1 + e^(−g)) · u} for k in [from, to) (Llama's SwiGLU). */
    default void swiglu(double[] g, double[] u, double[] y, int from, int to) {
        for (int k = from; k < to; k++) {
            double v = g[k];
            y[k] = v / (1.0 + Math.exp(-v)) * u[k];
        }
    }

    /** √(2/π), gelu_new's constant. */
    double GELU_C = Math.sqrt(2.0 / Math.PI);

    /** A short name for benchmarks and diagnostics. */
    String name();

    /** The kernel in use. */
    static AttentionKernel get() {
        return Holder.current;
    }

    /** Replaces the kernel in use (tests and benchmarks); returns the previous one. */
    static AttentionKernel use(AttentionKernel kernel) {
        AttentionKernel old = Holder.current;
        Holder.current = java.util.Objects.requireNonNull(kernel, "kernel");
        return old;
    }

    final class Holder {
        private Holder() {}

        static volatile AttentionKernel current = Kernels.best();
    }
}
