package attnlab.attention.relative;

import attnlab.attention.Attention;
import attnlab.attention.Masks;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Relative position representations of Shaw, Uszkoreit and Vaswani (2018, arXiv 1803.02155; numerics §8.2), with a
 * learned key table {@code w^K} and value table {@code w^V} of 2k+1 rows each:
 * <pre>
 *   idx(i, j) = clip(j − i', k) + k,   i' = i + Lk − Lq (bottom-right, as tensor2tensor),  clip(x,k) = max(−k, min(k, x))
 *   e_ij = q_i · (k_j + w^K[idx(i,j)]) / √d  (+ mask_ij)
 *   α    = softmax_row(e)
 *   z_i  = Σ_j α_ij (v_j + w^V[idx(i,j)])
 * </pre>
 * Computed as attention with the bias {@code b_ij = (Q w^Kᵀ)[i][idx(i,j)]/√d}, plus {@code Pb w^V} where
 * {@code Pb[i][r] = Σ_{j: idx(i,j)=r} α_ij} gathers the weights into the 2k+1 distance buckets.
 *
 * <p>Shapes: Q {@code [.., Lq, d]}, K {@code [.., Lk, d]}, V {@code [.., Lk, d_v]}, w^K {@code [2k+1, d]},
 * w^V {@code [2k+1, d_v]}, mask null, {@code [Lq, Lk]} or {@code [.., Lq, Lk]} (−inf blocks).
 */
public final class Shaw {
    private Shaw() {}

    /** Forward output, weights and everything backward needs. */
    public record Result(Tensor out, Tensor weights, Attention.Result att, Tensor buckets, Tensor wK, Tensor wV, int k) {
        @Override
        public String toString() {
            return "out = " + out + "\nweights = " + weights;
        }
    }

    /** Gradients of {@code sum(O ⊙ dO)}. */
    public record Grads(Tensor dQ, Tensor dK, Tensor dV, Tensor dW_K, Tensor dW_V) {}

    /** {@code [Lq, Lk]} table index {@code idx(i, j) = clip(j − i', k) + k} in 0 … 2k (subtract k for the distance). */
    public static Tensor index(int lq, int lk, int k) {
        Checks.nonNegative(lq, "Lq");
        Checks.nonNegative(lk, "Lk");
        Checks.nonNegative(k, "k");
        Tensor t = Tensor.zeros(lq, lk);
        for (int i = 0; i < lq; i++) for (int j = 0; j < lk; j++) t.matrix().set(i, j, idx(i, j, lq, lk, k));
        return t;
    }

    static int idx(int i, int j, int lq, int lk, int k) {
        return Math.max(-k, Math.min(k, j - (i + lk - lq))) + k;
    }

    /** The forward pass (formulas above); nothing is modified. */
    public static Result forward(Tensor Q, Tensor K, Tensor V, Tensor wK, Tensor wV, int k, Tensor mask) {
        BiasedAttention.check(Q, K, V, mask);
        Checks.notNull(wK, "wK");
        Checks.notNull(wV, "wV");
        Checks.nonNegative(k, "k");
        if (wK.rank() != 2 || wK.rows() != 2 * k + 1 || wK.cols() != Q.cols())
            throw new IllegalArgumentException("wK has shape " + Checks.str(wK.shape()) + " but must be [" + (2 * k + 1)
                    + ", " + Q.cols() + "] (2k+1 for k=" + k + ", d)");
        if (wV.rank() != 2 || wV.rows() != 2 * k + 1 || wV.cols() != V.cols())
            throw new IllegalArgumentException("wV has shape " + Checks.str(wV.shape()) + " but must be [" + (2 * k + 1)
                    + ", " + V.cols() + "] (2k+1 for k=" + k + ", d_v)");
        int lq = Q.rows(), lk = K.rows(), n = 2 * k + 1;
        double scale = 1.0 / Math.sqrt(Q.cols());
        int[] shape = Q.shape();
        shape[shape.length - 1] = lk;
        Tensor bias = Tensor.zeros(shape);
        DMatrixRMaj qw = new DMatrixRMaj(lq, n);
        for (int b = 0; b < Q.batch(); b++) {
            CommonOps_DDRM.multTransB(Q.slice(b), wK.matrix(), qw);                   // QW = Q w^Kᵀ
            double[] m = mask == null ? null : mask.slice(mask.batch() == 1 ? 0 : b).data, x = bias.slice(b).data;
            for (int i = 0; i < lq; i++)                                               // b_ij = s·QW[i][idx] + mask_ij
                for (int j = 0; j < lk; j++) {
                    double mij = m == null ? 0 : m[i * lk + j];
                    x[i * lk + j] = Masks.blocked(mij) ? mij : scale * qw.data[i * n + idx(i, j, lq, lk, k)] + mij;
                }
        }
        Attention.Result att = BiasedAttention.forward(Q, K, V, bias, scale);       // α = softmax(s·QKᵀ + b)
        Tensor pb = bucket(att.weights(), k, 1.0);                                  // Pb[i][r] = Σ_{idx=r} α_ij
        Tensor out = att.out().copy();
        for (int b = 0; b < out.batch(); b++)
            CommonOps_DDRM.multAdd(pb.slice(b), wV.matrix(), out.slice(b));         // z = α V + Pb w^V
        return new Result(out, att.weights(), att, pb, wK, wV, k);
    }

    /** Backward of {@link #forward}; each line names the forward line it differentiates. */
    public static Grads backward(Tensor dO, Result r) {
        Checks.notNull(r, "result");
        Checks.notNull(dO, "dO");
        if (!java.util.Arrays.equals(dO.shape(), r.out().shape()))
            throw new IllegalArgumentException("dO has shape " + Checks.str(dO.shape()) + " but the output has shape "
                    + Checks.str(r.out().shape()));
        Tensor Q = r.att().Q();
        int lq = Q.rows(), lk = r.att().K().rows(), n = 2 * r.k() + 1;
        Tensor dW_V = Tensor.zeros(n, r.wV().cols()), dW_K = Tensor.zeros(n, Q.cols());
        Tensor dPExtra = Tensor.zeros(r.weights().shape());
        DMatrixRMaj dPb = new DMatrixRMaj(lq, n);
        for (int b = 0; b < dO.batch(); b++) {
            CommonOps_DDRM.multAddTransA(r.buckets().slice(b), dO.slice(b), dW_V.matrix()); // z += Pb w^V: dW^V += Pbᵀ dO
            CommonOps_DDRM.multTransB(dO.slice(b), r.wV().matrix(), dPb);                   //            dPb = dO w^Vᵀ
            double[] x = dPExtra.slice(b).data;                                             // Pb = Σ α:  dα_ij += dPb[i][idx]
            for (int i = 0; i < lq; i++)
                for (int j = 0; j < lk; j++) x[i * lk + j] = dPb.data[i * n + idx(i, j, lq, lk, r.k())];
        }
        BiasedAttention.Grads g = BiasedAttention.backward(dO, dPExtra, r.att());        // α = softmax(s·QKᵀ + b)
        Tensor dQW = bucket(g.dBias(), r.k(), r.att().scale());                         // b = s·QW[idx]: dQW = s·Σ dB
        Tensor dQ = g.dQ().copy();
        for (int b = 0; b < dQ.batch(); b++) {
            CommonOps_DDRM.multAdd(dQW.slice(b), r.wK().matrix(), dQ.slice(b));         // QW = Q w^Kᵀ: dQ += dQW w^K
            CommonOps_DDRM.multAddTransA(dQW.slice(b), Q.slice(b), dW_K.matrix());      //              dW^K += dQWᵀ Q
        }
        return new Grads(dQ, g.dK(), g.dV(), dW_K, dW_V);
    }

    /** {@code out[.., i, r] = s · Σ_{j: idx(i,j) = r} x[.., i, j]}, shape {@code [batch, Lq, 2k+1]}. */
    private static Tensor bucket(Tensor x, int k, double s) {
        int lq = x.rows(), lk = x.cols(), n = 2 * k + 1;
        Tensor out = Tensor.zeros(x.batch(), lq, n);
        for (int b = 0; b < x.batch(); b++) {
            double[] in = x.slice(b).data, o = out.slice(b).data;
            for (int i = 0; i < lq; i++)
                for (int j = 0; j < lk; j++) o[i * n + idx(i, j, lq, lk, k)] += s * in[i * lk + j];
        }
        return out;
    }
}
