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
