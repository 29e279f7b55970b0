package attnlab.attention;

import attnlab.attention.kernel.AttentionKernel;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * The reshapes and projections around multi-head attention, on sequences {@code [L, D]} or {@code [B, L, D]} (a
 * rank-2 value is a batch of one). Head h owns columns {@code h·dk … (h+1)·dk − 1} (numerics §4, PyTorch's
 * {@code view(L, N*H, head_dim)}).
 */
public final class Heads {
    private Heads() {}

    /** {@code [B, L, H·dk] -> [B, H, L, dk]}: slice {@code b·H + h} holds head h of sequence b. x not modified. */
    public static Tensor split(Tensor x, int nHeads) {
        int l = x.rows(), dk = x.cols() / nHeads;
        Tensor out = Tensor.zeros(x.batch(), nHeads, l, dk);
        for (int b = 0; b < x.batch(); b++) {
            double[] src = x.slice(b).data;
            for (int h = 0; h < nHeads; h++) {
                double[] dst = out.slice(b * nHeads + h).data;
                for (int i = 0; i < l; i++) System.arraycopy(src, i * x.cols() + h * dk, dst, i * dk, dk);
            }
        }
        return out;
    }

    /** The inverse of {@link #split}: {@code [B, H, L, dk] -> shape} ({@code [L, H·dk]} or {@code [B, L, H·dk]}). */
    static Tensor merge(Tensor heads, int nHeads, int[] shape) {
        Tensor out = Tensor.zeros(shape);
        int l = heads.rows(), dk = heads.cols(), d = nHeads * dk;
        for (int b = 0; b < out.batch(); b++) {
            double[] dst = out.slice(b).data;
            for (int h = 0; h < nHeads; h++) {
                double[] src = heads.slice(b * nHeads + h).data;
                for (int i = 0; i < l; i++) System.arraycopy(src, i * dk, dst, i * d + h * dk, dk);
            }
        }
        return out;
    }

    /** {@code x W} per slice: x {@code [.., L, D]}, W {@code [D, D']}. Neither modified. */
    static Tensor times(Tensor x, Tensor W) {
        int[] shape = x.shape();
        shape[shape.length - 1] = W.cols();
        Tensor out = Tensor.zeros(shape);
        AttentionKernel.get().times(x, W, out); // EJML's mult, or the SIMD kernel's
        return out;
    }

    /**
     * {@code split(x W, nHeads)} computed straight into the head layout {@code [B, H, L, dk]} (the SIMD kernel skips
     * the {@code [B, L, D]} intermediate and the copy). Neither modified.
     */
    static Tensor timesSplit(Tensor x, Tensor W, int nHeads) {
        Tensor out = Tensor.zeros(x.batch(), nHeads, x.rows(), W.cols() / nHeads);
        AttentionKernel.get().timesHeads(x, W, nHeads, out);
        return out;
    }

    /** {@code dY Wᵀ} per slice: dY {@code [.., L, D']}, W {@code [D, D']}. Neither modified. */
    static Tensor timesTransposed(Tensor dY, Tensor W) {
        int[] shape = dY.shape();
        shape[shape.length - 1] = W.rows();
        Tensor out = Tensor.zeros(shape);
        AttentionKernel.get().timesTransposed(dY, W, out); // EJML's multTransB, or the SIMD kernel's
        return out;
    }

    /** {@code Σ_b x_bᵀ dY_b}: the gradient of W in {@code Y = x W}, {@code [D, D']}. Neither modified. */
    static Tensor weightGrad(Tensor x, Tensor dY) {
        Tensor dW = Tensor.zeros(x.cols(), dY.cols());
        AttentionKernel.get().transposedTimes(x, dY, dW); // EJML's multAddTransA, or the SIMD kernel's
        return dW;
    }

    /**
     * A mask for {@code [B, H, Lq, Lk]} scores: {@code [Lq, Lk]} is shared as is, {@code [B, Lq, Lk]} is repeated over
     * the heads (the slices are shared, not copied). Null stays null.
     */
    static Tensor maskForHeads(Tensor mask, int batch, int nHeads, int lq, int lk, boolean batched) {
        if (mask == null) return null;
        boolean shared = mask.rank() == 2 && mask.rows() == lq && mask.cols() == lk;
        boolean perBatch = mask.rank() == 3 && mask.dim(0) == batch && mask.rows() == lq && mask.cols() == lk;
        if (shared) return mask;
        if (!perBatch || !batched) {
            String alt = batched ? " or [" + batch + ", " + lq + ", " + lk + "] (B, Lq, Lk)" : "";
            throw new IllegalArgumentException("mask has shape " + Checks.str(mask.shape()) + " but must be [" + lq
                    + ", " + lk + "] (Lq, Lk)" + alt);
        }
        DMatrixRMaj[] slices = new DMatrixRMaj[batch * nHeads];
        for (int b = 0; b < batch; b++) for (int h = 0; h < nHeads; h++) slices[b * nHeads + h] = mask.slice(b);
        return Tensor.stack(slices).view(batch, nHeads, lq, lk);
    }
}
