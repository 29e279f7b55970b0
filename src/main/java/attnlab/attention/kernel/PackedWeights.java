package attnlab.attention.kernel;

import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * A weight {@code W [K, N]} of {@code x·W}, held once in the layout a kernel's product reads
 * ({@link AttentionKernel#pack}), so a model's forward does not re-pack its weights on every call. With panel width
 * P ({@code P = 0}: plain row-major), the {@code full = N − N % P} first columns are P-wide column panels, the rest
 * row-major after them:
 * <pre>
 *   c &lt; full:  data[(c − c % P)·K + k·P + c % P]        = W[k, c]
 *   c ≥ full:  data[full·K + k·(N − full) + c − full]     = W[k, c]
 * </pre>
 * Exactly K·N doubles: the packed weight replaces the original array, it is not a second copy.
 */
public final class PackedWeights {
    private final int rows, cols, panel;
    final double[] data;

    PackedWeights(int rows, int cols, int panel, double[] data) {
        if (data.length != rows * cols)
            throw new IllegalArgumentException("data holds " + data.length + " doubles, expected rows·cols = "
                    + rows + "·" + cols);
        this.rows = rows;
        this.cols = cols;
        this.panel = panel;
        this.data = data;
    }

    /** Row-major (no panels): holds {@code W}'s own array, no copy. */
    static PackedWeights rowMajor(Tensor W) {
        DMatrixRMaj m = W.matrix();
        if (m.data.length != m.numRows * m.numCols)
            return new PackedWeights(m.numRows, m.numCols, 0, java.util.Arrays.copyOf(m.data, m.numRows * m.numCols));
        return new PackedWeights(m.numRows, m.numCols, 0, m.data);
    }

    /** {@code W [K, N]} packed with panel width {@code panel} (0: row-major) into a new array. */
    static PackedWeights of(Tensor W, int panel) {
        DMatrixRMaj m = W.matrix();
        int K = m.numRows, N = m.numCols, full = panel == 0 ? 0 : N - N % panel, nt = N - full;
        double[] w = m.data, p = new double[K * N];
        int panels = panel == 0 ? 0 : full / panel;
        KernelThreads.forEach(panels + 1, 4L * K * N, u -> { // the panels split over the cores; the tail last
            if (u < panels)
                for (int k = 0, c0 = u * panel; k < K; k++) System.arraycopy(w, k * N + c0, p, c0 * K + k * panel, panel);
            else
                for (int k = 0; k < K; k++) System.arraycopy(w, k * N + full, p, full * K + k * nt, nt);
        });
        return new PackedWeights(K, N, panel, p);
    }

    /**
     * {@code W = Wtᵀ} packed with panel width {@code panel} straight from {@code Wt [N, K]} (an {@code nn.Linear}
     * weight, an embedding), without forming the transpose; panels split over the cores.
     */
    static PackedWeights ofTransposed(Tensor Wt, int panel) {
        DMatrixRMaj m = Wt.matrix();
        int N = m.numRows, K = m.numCols, full = panel == 0 ? 0 : N - N % panel, nt = N - full;
        double[] w = m.data, p = new double[K * N];
        int step = panel == 0 ? 16 : panel, units = (N + step - 1) / step;
        KernelThreads.forEach(units, 4L * K * N, u -> {
            int c0 = u * step, c1 = Math.min(N, c0 + step);
            for (int c = c0; c < c1; c++) {
                int base, stride;
                if (c < full) {
                    base = c0 * K + c - c0;
                    stride = panel;
                } else {
                    base = full * K + c - full;
                    stride = nt;
                }
                for (int k = 0, src = c * K, dst = base; k < K; k++, src++, dst += stride) p[dst] = w[src];
            }
        });
        return new PackedWeights(K, N, panel, p);
    }

    /** K. */
    public int rows() {
        return rows;
    }

    /** N. */
    public int cols() {
        return cols;
    }

    /** K·N. */
    public long size() {
        return (long) rows * cols;
    }

    /** The panel width (0: row-major). */
    int panel() {
        return panel;
    }

    /** Column {@code c} of W ({@code K} values) into {@code out[off .. off + K)}. */
    public void column(int c, double[] out, int off) {
        int full = panel == 0 ? 0 : cols - cols % panel;
        int base = c < full ? (c - c % panel) * rows + c % panel : full * rows + c - full;
        int stride = c < full ? panel : cols - full;
        for (int k = 0; k < rows; k++) out[off + k] = data[base + k * stride];
    }

    /** W as a plain row-major {@code [K, N]} tensor: this array when unpacked, otherwise a new copy. */
    public Tensor rowMajor() {
        if (panel == 0) return Tensor.of(DMatrixRMaj.wrap(rows, cols, data));
        double[] w = new double[rows * cols];
        for (int c = 0; c < cols; c++) {
            int full = cols - cols % panel;
            int base = c < full ? (c - c % panel) * rows + c % panel : full * rows + c - full;
            int stride = c < full ? panel : cols - full;
            for (int k = 0; k < rows; k++) w[k * cols + c] = data[base + k * stride];
        }
        return Tensor.of(DMatrixRMaj.wrap(rows, cols, w));
    }
}
