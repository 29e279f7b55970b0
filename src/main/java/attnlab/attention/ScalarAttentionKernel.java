package attnlab.attention;

import attnlab.tensor.Interrupts;
import attnlab.tensor.Tensor;

/** Plain loops on the raw row-major arrays, one thread: the reference implementation of {@link AttentionKernel}. */
public final class ScalarAttentionKernel implements AttentionKernel {

    @Override
    public void forward(Tensor Q, Tensor K, Tensor V, Tensor mask, double scale, Tensor out, Tensor weights) {
        int lq = Q.rows(), lk = K.rows(), dk = Q.cols(), dv = V.cols();
        double[] s = new double[lk];
        for (int b = 0; b < Q.batch(); b++) {
            double[] q = Q.slice(b).data, k = K.slice(b).data, v = V.slice(b).data, o = out.slice(b).data;
            double[] m = mask == null ? null : mask.slice(mask.batch() == 1 ? 0 : b).data;
            double[] p = weights == null ? null : weights.slice(b).data;
            for (int i = 0; i < lq; i++) {
                Interrupts.poll();
                // pass 1: scores s_j = scale · q_i·k_j (+ mask), blocked keys selected out as -inf; row max
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < lk; j++) {
                    double mij = m == null ? 0 : m[i * lk + j];
                    if (Masks.blocked(mij)) {
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
                    if (m != null && Masks.blocked(m[i * lk + j])) continue;
                    for (int c = 0; c < dv; c++) o[i * dv + c] += pj * v[j * dv + c];
                }
            }
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
