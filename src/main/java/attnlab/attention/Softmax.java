package attnlab.attention;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

/**
 * Row softmax over the last axis, numerically stable.
 *
 * <pre>
 *   m   = max_j s_j
 *   p_j = exp(s_j − m) / Σ_k exp(s_k − m)
 * </pre>
 * Subtracting the row max keeps {@code exp} ≤ 1, so logits of ±1000 do not overflow (numerics §3).
 * Edge cases: a row whose entries are all {@code -inf} (every key blocked) gives zeros, not NaN, as PyTorch ≥ 2.5;
 * a NaN or {@code +inf} anywhere in a row makes the whole row NaN: it is propagated, never silently fixed.
 */
public final class Softmax {
    private Softmax() {}

    /** {@code softmax(x)} over the last axis; shape unchanged; {@code x} not modified. */
    public static Tensor forward(Tensor x) {
        Checks.notNull(x, "x");
        Tensor p = x.copy();
        int n = x.cols();
        for (int b = 0; b < p.batch(); b++) {
            double[] d = p.slice(b).data;
            for (int i = 0; i < x.rows(); i++) row(d, i * n, n);
        }
        return p;
    }

    /**
     * Softmax backward, the standard autograd formula (numerics §5):
     * <pre>
     *   forward:  p_j = exp(s_j − m) / Σ_k exp(s_k − m)
     *   backward: dS_j = p_j · (dP_j − Σ_k dP_k p_k)        i.e.  dS = P ∘ (dP − rowsum(dP ∘ P))
     * </pre>
     * Entries with p = 0 (blocked keys) get dS = 0 exactly, even where dP is NaN; a fully blocked row gets dS = 0.
     *
     * @param dP gradient of the loss with respect to P, shaped like P. Not modified.
     * @param P  the output of {@link #forward}. Not modified.
     * @return dS, the gradient with respect to the softmax input, shaped like P
     */
    public static Tensor backward(Tensor dP, Tensor P) {
        Checks.notNull(dP, "dP");
        Checks.notNull(P, "P");
        if (!java.util.Arrays.equals(dP.shape(), P.shape()))
            throw new IllegalArgumentException("dP has shape " + Checks.str(dP.shape()) + " but P has shape "
                    + Checks.str(P.shape()));
        Tensor dS = Tensor.zeros(P.shape());
        int n = P.cols();
        for (int b = 0; b < P.batch(); b++) {
            double[] p = P.slice(b).data, dp = dP.slice(b).data, ds = dS.slice(b).data;
            for (int i = 0; i < P.rows(); i++) {
                double dot = 0; // Σ_k dP_k p_k, the rowsum term; p_k = 0 entries skipped (0·NaN would be NaN)
                for (int j = i * n; j < (i + 1) * n; j++) if (p[j] != 0) dot += dp[j] * p[j];
                for (int j = i * n; j < (i + 1) * n; j++) ds[j] = p[j] == 0 ? 0.0 : p[j] * (dp[j] - dot);
            }
        }
        return dS;
    }

    /** In-place softmax of {@code d[off .. off+n)}. */
    static void row(double[] d, int off, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) m = Math.max(m, d[off + j]); // Math.max propagates NaN
        if (m == Double.NEGATIVE_INFINITY) { // every entry -inf: a fully blocked row
            java.util.Arrays.fill(d, off, off + n, 0.0);
            return;
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double e = Math.exp(d[off + j] - m); // m = +inf or NaN makes this NaN, as it should
            d[off + j] = e;
            sum += e;
        }
        double inv = 1.0 / sum;
        for (int j = 0; j < n; j++) d[off + j] *= inv;
    }
}
