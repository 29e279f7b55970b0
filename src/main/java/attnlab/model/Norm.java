package attnlab.model;

/**
 * A block's normalisation, row by row over d_model:
 * <pre>
 *   LayerNorm (GPT-2)   y = (x − mean) / √(var + eps) · w + b      var biased (÷ D)
 *   RMSNorm   (Llama)   y = x · 1/√(mean(x²) + eps) · w             (b null)
 * </pre>
 * Both in float64 (Hugging Face's Llama computes RMSNorm in float32 even for a float64 model).
 */
record Norm(double[] w, double[] b, double eps) {

    boolean rms() {
        return b == null;
    }

    /** {@code y[L, D] = norm(x[L, D])}, rows split over the cores when there are enough. */
    void apply(double[] x, double[] y, int L) {
        Elementwise.forRows(L, w.length, Elementwise.MEMORY_PASS, (i0, i1) -> rows(x, y, i0, i1));
    }

    private void rows(double[] x, double[] y, int i0, int i1) {
        int D = w.length;
        for (int i = i0, o = i0 * D; i < i1; i++, o += D) {
            if (b == null) {
                double ss = 0;
                for (int c = 0; c < D; c++) ss += x[o + c] * x[o + c];
                double inv = 1 / Math.sqrt(ss / D + eps);
                for (int c = 0; c < D; c++) y[o + c] = w[c] * (x[o + c] * inv);
            } else {
                double mean = 0;
                for (int c = 0; c < D; c++) mean += x[o + c];
                mean /= D;
                double var = 0;
                for (int c = 0; c < D; c++) var += (x[o + c] - mean) * (x[o + c] - mean);
                double sd = Math.sqrt(var / D + eps);
                for (int c = 0; c < D; c++) y[o + c] = (x[o + c] - mean) / sd * w[c] + b[c];
            }
        }
    }
}
