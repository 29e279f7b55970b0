package attnlab.attention.relative;

import attnlab.attention.Attention;
import attnlab.attention.PositionalEncoding;
import attnlab.tensor.Checks;
import attnlab.tensor.Interrupts;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Transformer-XL relative attention (Dai et al. 2019, arXiv 1901.02860 §3.3; numerics §8.1), as in
 * kimiyoung/transformer-xl {@code RelPartialLearnableMultiHeadAttn}. Keys are the memory followed by the current
 * segment: {@code klen = mlen + qlen}, query i sits at absolute position {@code i + mlen}, key j at {@code j}.
 * <pre>
 *   RK    = R · W_R                              [klen, H·d]   head h owns columns h·d … (h+1)·d − 1
 *   AC_ij = (q_i + u_h) · k_j                    terms (a) content + (c) global content bias
 *   BD_ij = (q_i + v_h) · RK_h[qlen − 1 − i + j] terms (b) content-position + (d) global position bias
 *   S_ij  = (AC_ij + BD_ij) / √d,  −inf where j &gt; i + mlen   (bottom-right causal rule)
 *   P = softmax_row(S),   O = P V
 * </pre>
 * Index convention: row r of the relative embeddings R holds distance {@code klen − 1 − r} (positions
 * klen−1 … 0, see {@link #positions}), so row {@code qlen−1−i+j} holds distance {@code δ = (i + mlen) − j ≥ 0}.
 * BD is computed for all rows at once as {@code BDraw = (Q + v) RKᵀ} and moved into place by {@link #relShift}; the
 * direct four-term loop {@link #scoresDirect} is kept as the readable reference it is tested against.
 *
 * <p>Shapes: Q {@code [.., H, qlen, d]}, K {@code [.., H, klen, d]}, V {@code [.., H, klen, d_v]} (slice b is head
 * {@code b mod H}; rank 2 means one head), R {@code [klen, d_R]}, u and v {@code [H, d]}, W_R {@code [d_R, H·d]}.
 */
public final class TransformerXL {
    private TransformerXL() {}

    /** Forward output, weights and everything backward needs. */
    public record Result(Tensor out, Tensor weights, Attention.Result att, Tensor Qv, Tensor RKh, Tensor R,
                         Tensor W_R, int heads) {
        @Override
        public String toString() {
            return "out = " + out + "\nweights = " + weights;
        }
    }

    /** Gradients of {@code sum(O ⊙ dO)} for every input. */
    public record Grads(Tensor dQ, Tensor dK, Tensor dV, Tensor du, Tensor dv, Tensor dW_R, Tensor dPos) {}

    /**
     * Sinusoidal relative embeddings {@code [klen, dModel]}, concatenated layout (sines, then cosines, same
     * frequencies as {@link PositionalEncoding}), row r at position {@code klen − 1 − r}. For odd dModel Transformer-XL
     * builds dModel+1 columns; here there are dModel columns, i.e. its result without the last cosine.
     */
    public static Tensor positions(int klen, int dModel) {
        Tensor pe = PositionalEncoding.encoding(klen, dModel, PositionalEncoding.Layout.CONCATENATED);
        Tensor r = Tensor.zeros(klen, dModel);
        for (int row = 0; row < klen; row++)
            System.arraycopy(pe.matrix().data, (klen - 1 - row) * dModel, r.matrix().data, row * dModel, dModel);
        return r;
    }

    /**
     * {@code [qlen, klen]}: the global position bias, term (d), alone: {@code v·R_{i+mlen−j}/√d} with v = 1,
     * W_R = I and {@link #positions}{@code (klen, d)}; −inf where {@code j > i + mlen}. For a heatmap against distance.
     */
    public static Tensor positionBias(int qlen, int mlen, int d) {
        Checks.positive(qlen, "qlen");
        Checks.nonNegative(mlen, "mlen");
        Checks.positive(d, "d");
        int klen = qlen + mlen;
        return scoresDirect(Tensor.zeros(qlen, d), Tensor.zeros(klen, d), positions(klen, d), Tensor.zeros(1, d),
                Tensor.ones(1, d), Tensor.eye(d));
    }

    /** {@code relativeAttention(Q, K, V, R)} with u = v = 0 and W_R = I (so d_R must equal H·d). */
    public static Tensor attention(Tensor Q, Tensor K, Tensor V, Tensor R) {
        Checks.notNull(Q, "Q");
        Checks.notNull(R, "posEmbed");
        int h = Q.rank() == 2 ? 1 : Q.dim(-3);
        if (R.cols() != h * Q.cols())
            throw new IllegalArgumentException("posEmbed has d_R=" + R.cols() + " but without W_R (identity) it must be"
                    + " H*d=" + h * Q.cols() + " (" + h + " head(s) of d=" + Q.cols() + ")");
        return forward(Q, K, V, R, Tensor.zeros(h, Q.cols()), Tensor.zeros(h, Q.cols()), Tensor.eye(R.cols())).out();
    }

    /** The forward pass (formulas above). None of the inputs is modified. */
    public static Result forward(Tensor Q, Tensor K, Tensor V, Tensor R, Tensor u, Tensor v, Tensor W_R) {
        int H = check(Q, K, V, R, u, v, W_R);
        int qlen = Q.rows(), klen = K.rows(), mlen = klen - qlen, d = Q.cols();
        double scale = 1.0 / Math.sqrt(d);
        DMatrixRMaj RK = new DMatrixRMaj(klen, H * d);
        CommonOps_DDRM.mult(R.matrix(), W_R.matrix(), RK);                        // RK = R W_R
        Tensor RKh = Tensor.zeros(H, klen, d), Qu = Q.copy(), Qv = Q.copy(), BDraw = Tensor.zeros(Q.batch(), qlen, klen);
        for (int h = 0; h < H; h++) CommonOps_DDRM.extract(RK, 0, klen, h * d, (h + 1) * d, RKh.slice(h), 0, 0);
        for (int b = 0; b < Q.batch(); b++) {
            int h = b % H;
            addRow(Qu.slice(b), u.matrix(), h);                                    // Qu = Q + u
            addRow(Qv.slice(b), v.matrix(), h);                                    // Qv = Q + v
            CommonOps_DDRM.multTransB(Qv.slice(b), RKh.slice(h), BDraw.slice(b));  // BDraw = Qv RK_hᵀ
        }
        Tensor bias = relShift(BDraw).view(Q.batch(), qlen, klen);                 // BD = relShift(BDraw)
        for (int b = 0; b < bias.batch(); b++) {                                   // bias = BD/√d, −inf if j > i+mlen
            double[] x = bias.slice(b).data;
            for (int i = 0; i < qlen; i++)
                for (int j = 0; j < klen; j++) x[i * klen + j] = j > i + mlen ? Double.NEGATIVE_INFINITY : scale * x[i * klen + j];
        }
        int[] shape = Q.shape();
        shape[shape.length - 1] = klen;
        Attention.Result att = BiasedAttention.forward(Qu, K, V, bias.view(shape), scale); // S = AC/√d + bias
        return new Result(att.out(), att.weights(), att, Qv, RKh, R, W_R, H);
    }

    /** Backward of {@link #forward}: each line differentiates the forward line named in its comment. */
    public static Grads backward(Tensor dO, Result r) {
        Checks.notNull(r, "result");
        Checks.notNull(dO, "dO");
        if (!java.util.Arrays.equals(dO.shape(), r.out().shape()))
            throw new IllegalArgumentException("dO has shape " + Checks.str(dO.shape()) + " but the output has shape "
                    + Checks.str(r.out().shape()));
        int H = r.heads(), qlen = r.Qv().rows(), klen = r.RKh().rows(), d = r.Qv().cols();
        BiasedAttention.Grads g = BiasedAttention.backward(dO, null, r.att());     // S = AC/√d + bias
        Tensor dQ = g.dQ().copy(), du = Tensor.zeros(H, d), dv = Tensor.zeros(H, d);
        Tensor dBD = g.dBias().times(r.att().scale()).view(dQ.batch(), qlen, klen); // bias = BD/√d (0 where blocked)
        Tensor dBDraw = relShiftBackward(dBD);                                     // BD = relShift(BDraw)
        DMatrixRMaj dRK = new DMatrixRMaj(klen, H * d), dRKh = new DMatrixRMaj(klen, d), dQv = new DMatrixRMaj(qlen, d);
        Tensor dRKheads = Tensor.zeros(H, klen, d);
        for (int b = 0; b < dQ.batch(); b++) {
            int h = b % H;
            colSumInto(g.dQ().slice(b), du.matrix(), h);                          // Qu = Q + u:  du_h = Σ_i dQu_i
            CommonOps_DDRM.mult(dBDraw.slice(b), r.RKh().slice(h), dQv);          // BDraw = Qv RK_hᵀ: dQv = dBDraw RK_h
            CommonOps_DDRM.multTransA(dBDraw.slice(b), r.Qv().slice(b), dRKh);    //                   dRK_h += dBDrawᵀ Qv
            CommonOps_DDRM.addEquals(dRKheads.slice(h), dRKh);
            CommonOps_DDRM.addEquals(dQ.slice(b), dQv);                           // Qv = Q + v:  dQ += dQv
            colSumInto(dQv, dv.matrix(), h);                                      //              dv_h = Σ_i dQv_i
        }
        for (int h = 0; h < H; h++) CommonOps_DDRM.insert(dRKheads.slice(h), dRK, 0, h * d);
        Tensor dW_R = Tensor.zeros(r.W_R().rows(), r.W_R().cols()), dPos = Tensor.zeros(r.R().rows(), r.R().cols());
        CommonOps_DDRM.multTransA(r.R().matrix(), dRK, dW_R.matrix());            // RK = R W_R: dW_R = Rᵀ dRK
        CommonOps_DDRM.multTransB(dRK, r.W_R().matrix(), dPos.matrix());         //             dPos = dRK W_Rᵀ
        return new Grads(dQ, g.dK(), g.dV(), du, dv, dW_R, dPos);
    }

    /**
     * The pad-and-reshape relative shift of {@code x [.., qlen, klen]}, done on the flat arrays: prepend a zero column
     * ({@code [qlen, klen+1]}), read the same memory as {@code [klen+1, qlen]}, drop its first row, read the rest as
     * {@code [qlen, klen]}. Result: {@code y[i][j] = x[i][j + qlen − 1 − i]} for {@code j ≤ i + klen − qlen}; entries
     * above that hold zeros or values wrapped from the next row and must be masked. Not modified.
     */
    public static Tensor relShift(Tensor x) {
        Checks.notNull(x, "x");
        Tensor y = Tensor.zeros(x.shape());
        int qlen = x.rows(), klen = x.cols();
        for (int b = 0; b < x.batch(); b++) {
            double[] in = x.slice(b).data, out = y.slice(b).data;
            for (int f = 0; f < qlen * klen; f++) {
                int p = qlen + f, a = p / (klen + 1), c = p % (klen + 1);  // flat index into the padded [qlen, klen+1]
                out[f] = c == 0 ? 0.0 : in[a * klen + c - 1];
            }
        }
        return y;
    }

    /** Backward of {@link #relShift}: every output entry read one padded input entry, so scatter it back. */
    public static Tensor relShiftBackward(Tensor dy) {
        Checks.notNull(dy, "dy");
        Tensor dx = Tensor.zeros(dy.shape());
        int qlen = dy.rows(), klen = dy.cols();
        for (int b = 0; b < dy.batch(); b++) {
            double[] in = dy.slice(b).data, out = dx.slice(b).data;
            for (int f = 0; f < qlen * klen; f++) {
                int p = qlen + f, a = p / (klen + 1), c = p % (klen + 1);
                if (c != 0) out[a * klen + c - 1] += in[f];
            }
        }
        return dx;
    }

    /**
     * The readable reference: the pre-softmax scores {@code [.., qlen, klen]} from the four terms of the paper, one
     * query and key at a time, with the embedding row for distance {@code δ = i + mlen − j} looked up directly.
     */
    public static Tensor scoresDirect(Tensor Q, Tensor K, Tensor R, Tensor u, Tensor v, Tensor W_R) {
        int H = check(Q, K, K, R, u, v, W_R);
        int qlen = Q.rows(), klen = K.rows(), mlen = klen - qlen, d = Q.cols();
        int[] shape = Q.shape();
        shape[shape.length - 1] = klen;
        Tensor S = Tensor.zeros(shape);
        for (int b = 0; b < Q.batch(); b++) {
            Interrupts.poll();
            int h = b % H;
            DMatrixRMaj q = Q.slice(b), k = K.slice(b);
            for (int i = 0; i < qlen; i++)
                for (int j = 0; j < klen; j++) {
                    if (j > i + mlen) {
                        S.slice(b).set(i, j, Double.NEGATIVE_INFINITY);
                        continue;
                    }
                    int row = klen - 1 - (i + mlen - j);                        // R row holding distance i+mlen−j
                    double a = 0, bb = 0, c = 0, dd = 0;
                    for (int e = 0; e < d; e++) {
                        double wr = 0;                                          // (W_Rᵀ r_δ) for head h, channel e
                        for (int t = 0; t < R.cols(); t++) wr += R.get(row, t) * W_R.get(t, h * d + e);
                        a += q.get(i, e) * k.get(j, e);                         // (a) content
                        bb += q.get(i, e) * wr;                                 // (b) content-dependent position
                        c += u.get(h, e) * k.get(j, e);                         // (c) global content bias
                        dd += v.get(h, e) * wr;                                 // (d) global position bias
                    }
                    S.slice(b).set(i, j, (a + bb + c + dd) / Math.sqrt(d));
                }
        }
        return S;
    }

    private static void addRow(DMatrixRMaj m, DMatrixRMaj rows, int r) {
        for (int i = 0; i < m.numRows; i++)
            for (int c = 0; c < m.numCols; c++) m.data[i * m.numCols + c] += rows.data[r * rows.numCols + c];
    }

    private static void colSumInto(DMatrixRMaj m, DMatrixRMaj target, int r) {
        for (int i = 0; i < m.numRows; i++)
            for (int c = 0; c < m.numCols; c++) target.data[r * target.numCols + c] += m.data[i * m.numCols + c];
    }

    /** Validates every shape; returns H. */
    private static int check(Tensor Q, Tensor K, Tensor V, Tensor R, Tensor u, Tensor v, Tensor W_R) {
        Checks.notNull(Q, "Q");
        Checks.notNull(K, "K");
        Checks.notNull(V, "V");
        Checks.notNull(R, "posEmbed");
        Checks.notNull(u, "u");
        Checks.notNull(v, "v");
        Checks.notNull(W_R, "W_R");
        int H = u.rows(), d = Q.cols(), klen = K.rows();
        if (u.rank() != 2) throw new IllegalArgumentException("u must be [H, d] but has shape " + Checks.str(u.shape()));
        if (!java.util.Arrays.equals(v.shape(), u.shape()))
            throw new IllegalArgumentException("v has shape " + Checks.str(v.shape()) + " but u has shape "
                    + Checks.str(u.shape()));
        int qHeads = Q.rank() == 2 ? 1 : Q.dim(-3);
        if (qHeads != H)
            throw new IllegalArgumentException("Q has " + qHeads + " head(s) (shape " + Checks.str(Q.shape())
                    + ") but u has H=" + H);
        Checks.sameDim("d", "u", u.cols(), "Q", d);
        if (!java.util.Arrays.equals(java.util.Arrays.copyOf(K.shape(), K.rank() - 2),
                java.util.Arrays.copyOf(Q.shape(), Q.rank() - 2)))
            throw new IllegalArgumentException("K has shape " + Checks.str(K.shape()) + " but Q has shape "
                    + Checks.str(Q.shape()) + ": the leading (batch, head) dims must match");
        Checks.sameDim("d_k", "K", K.cols(), "Q", d);
        Checks.sameDim("klen", "V", V.rows(), "K", klen);
        if (klen < Q.rows())
            throw new IllegalArgumentException("K has klen=" + klen + " but Q has qlen=" + Q.rows()
                    + ": keys are memory + segment, so klen >= qlen");
        if (R.rank() != 2 || R.rows() != klen)
            throw new IllegalArgumentException("posEmbed has shape " + Checks.str(R.shape()) + " but must be ["
                    + klen + ", d_R] (one row per key distance klen-1 ... 0)");
        if (W_R.rank() != 2 || W_R.rows() != R.cols() || W_R.cols() != H * d)
            throw new IllegalArgumentException("W_R has shape " + Checks.str(W_R.shape()) + " but must be ["
                    + R.cols() + ", " + H * d + "] (d_R, H*d)");
        return H;
    }
}
