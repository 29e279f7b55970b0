package attnlab.attention.kernel;

import attnlab.attention.BandMask;
import attnlab.attention.Masks;
import attnlab.tensor.Interrupts;
import attnlab.tensor.Tensor;

/** Plain loops on the raw row-major arrays, one thread: the reference implementation of {@link AttentionKernel}. */
public final class ScalarAttentionKernel implements AttentionKernel {

    @Override
    public void forward(Tensor Q, Tensor K, Tensor V, Tensor mask, double scale, Tensor out, Tensor weights) {
        forward(Q, K, V, mask, null, scale, out, weights);
    }

    @Override
    public void forwardBand(Tensor Q, Tensor K, Tensor V, BandMask band, double scale, Tensor out, Tensor weights) {
        forward(Q, K, V, null, band, scale, out, weights);
    }

    @Override
    public void backward(Tensor Q, Tensor K, Tensor V, Tensor mask, Tensor weights, Tensor out, Tensor dO,
                         double scale, Tensor dQ, Tensor dK, Tensor dV) {
        backward(Q, K, V, mask, null, weights, out, dO, scale, dQ, dK, dV);
    }

    @Override
    public void backwardBand(Tensor Q, Tensor K, Tensor V, BandMask band, Tensor weights, Tensor out, Tensor dO,
                             double scale, Tensor dQ, Tensor dK, Tensor dV) {
        backward(Q, K, V, null, band, weights, out, dO, scale, dQ, dK, dV);
    }

    // One loop nest for both kinds of mask: a dense mask (m) or a band (key j of row i allowed iff j0 ≤ j < j1).
    private void forward(Tensor Q, Tensor K, Tensor V, Tensor mask, BandMask band, double scale, Tensor out,
                         Tensor weights) {
        int lq = Q.rows(), lk = K.rows(), dk = Q.cols(), dv = V.cols();
        double[] s = new double[lk];
        for (int b = 0; b < Q.batch(); b++) {
            double[] q = Q.slice(b).data, k = K.slice(b).data, v = V.slice(b).data, o = out.slice(b).data;
            double[] m = mask == null ? null : mask.slice(mask.batch() == 1 ? 0 : b).data;
            double[] p = weights == null ? null : weights.slice(b).data;
            for (int i = 0; i < lq; i++) {
                Interrupts.poll();
                int j0 = band == null ? 0 : band.firstKey(i, lq, lk), j1 = band == null ? lk : band.endKey(i, lq, lk);
                // pass 1: scores s_j = scale · q_i·k_j (+ mask), blocked keys selected out as -inf; row max
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < lk; j++) {
                    double mij = m == null ? 0 : m[i * lk + j];
                    if (j < j0 || j >= j1 || Masks.blocked(mij)) {
                        s[j] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    double dot = 0;
                    for (int c = 0; c < dk; c++) dot += q[i * dk + c] * k[j * dk + c];
                    s[j] = scale * dot + mij;
                    max = Math.max(max, s[j]);
                }
                java.util.Arrays.fill(o, i * dv, (i + 1) * dv, 0.0);
                if (max == Double.NEGATIVE_INFINITY) { // no allowed key: zero weights and output
                    if (p != null) java.util.Arrays.fill(p, i * lk, (i + 1) * lk, 0.0);
                    continue;
                }
                // pass 2: p_j = exp(s_j - max) / sum
                double sum = 0;
                for (int j = 0; j < lk; j++) {
                    s[j] = s[j] == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(s[j] - max);
                    sum += s[j];
                }
                double inv = 1.0 / sum;
                // pass 3: o_i = Σ_j p_j v_j over allowed keys only
                for (int j = 0; j < lk; j++) {
                    double pj = s[j] * inv;
                    if (p != null) p[i * lk + j] = pj;
                    if (j < j0 || j >= j1 || m != null && Masks.blocked(m[i * lk + j])) continue;
                    for (int c = 0; c < dv; c++) o[i * dv + c] += pj * v[j * dv + c];
                }
            }
        }
    }

    // Backward walks forward's passes in reverse (llm.c style): pass 3 (the value sum), then 2 and 1 (softmax, scores).
    private void backward(Tensor Q, Tensor K, Tensor V, Tensor mask, BandMask band, Tensor weights, Tensor out,
                          Tensor dO, double scale, Tensor dQ, Tensor dK, Tensor dV) {
        int lq = Q.rows(), lk = K.rows(), dk = Q.cols(), dv = V.cols();
        for (int b = 0; b < Q.batch(); b++) {
            double[] q = Q.slice(b).data, k = K.slice(b).data, v = V.slice(b).data, o = out.slice(b).data;
            double[] p = weights.slice(b).data, dout = dO.slice(b).data;
            double[] dq = dQ.slice(b).data, dkk = dK.slice(b).data, dvv = dV.slice(b).data;
            double[] m = mask == null ? null : mask.slice(mask.batch() == 1 ? 0 : b).data;
            java.util.Arrays.fill(dq, 0, lq * dk, 0.0);
            java.util.Arrays.fill(dkk, 0, lk * dk, 0.0);
            java.util.Arrays.fill(dvv, 0, lk * dv, 0.0);
            for (int i = 0; i < lq; i++) {
                Interrupts.poll();
                // D_i = Σ_c dO_ic O_ic, the rowsum term of the softmax backward (= Σ_j dP_ij P_ij, numerics §5);
                // a fully blocked row has O_i = 0 and every key skipped below, so it gets dQ_i = 0
                double d = 0;
                for (int c = 0; c < dv; c++) d += dout[i * dv + c] * o[i * dv + c];
                int j0 = band == null ? 0 : band.firstKey(i, lq, lk), j1 = band == null ? lk : band.endKey(i, lq, lk);
                for (int j = j0; j < j1; j++) {
                    if (m != null && Masks.blocked(m[i * lk + j])) continue; // no gradient through a blocked key
                    double pij = p[i * lk + j];
                    // backward pass 3. in the forward pass this was:  o_i += p_ij · v_j
                    // so now we have:  dv_j += p_ij · do_i   and   dp_ij = do_i · v_j
                    double dp = 0;
                    for (int c = 0; c < dv; c++) {
                        dp += dout[i * dv + c] * v[j * dv + c];
                        dvv[j * dv + c] += pij * dout[i * dv + c];
                    }
                    // backward pass 2, the softmax. forward:  p_ij = exp(s_ij − max) / Σ_j' exp(s_ij' − max)
                    // so:  ds_ij = p_ij · (dp_ij − D_i)
                    double ds = pij * (dp - d);
                    // backward pass 1, the scores. forward:  s_ij = scale · q_i·k_j + m_ij
                    // so:  dq_i += scale · ds_ij · k_j   and   dk_j += scale · ds_ij · q_i   (mask: a constant)
                    double g = scale * ds;
                    for (int c = 0; c < dk; c++) {
                        dq[i * dk + c] += g * k[j * dk + c];
                        dkk[j * dk + c] += g * q[i * dk + c];
                    }
                }
            }
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
