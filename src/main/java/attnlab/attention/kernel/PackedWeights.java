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
 * Exactly K·N doubles: the packed weight replaces the original array, it is not a second copy. The doubles start at
 * {@code offset} of {@code data}: a model's loader places all its weights in a few large arrays ({@link #empty}), which
 * the JVM puts straight into the old generation, so no garbage collection copies them while they load.
 */
public final class PackedWeights {
    private final int rows, cols, panel;
    final double[] data;
    final int offset;

    PackedWeights(int rows, int cols, int panel, double[] data) {
        this(rows, cols, panel, data, 0);
        if (data.length != rows * cols)
            throw new IllegalArgumentException("data holds " + data.length + " doubles, expected rows·cols = "
                    + rows + "·" + cols);
    }

    private PackedWeights(int rows, int cols, int panel, double[] data, int offset) {
        if ((long) offset + (long) rows * cols > data.length)
            throw new IllegalArgumentException("data holds " + data.length + " doubles, too few for rows·cols = "
                    + rows + "·" + cols + " from offset " + offset);
        this.rows = rows;
        this.cols = cols;
        this.panel = panel;
        this.data = data;
        this.offset = offset;
    }

    /**
     * An all-zero {@code W [K, N]} in the layout of panel width {@code panel}, held in {@code data[offset …
     * offset + K·N)} (shared with other weights), to be filled by {@link #put} or {@link #putTransposed}.
     */
    static PackedWeights empty(int K, int N, int panel, double[] data, int offset) {
        return new PackedWeights(K, N, panel, data, offset);
    }

    /**
     * Writes {@code W}'s row-major elements {@code first … first + n − 1} (element e is {@code W[e / N, e % N]}) from
     * {@code v[0 … n)}: how a loader fills W from a file chunk by chunk. Any chunk boundaries; disjoint chunks may be
     * written from different threads.
     */
    public void put(long first, double[] v, int n) {
        if (first < 0 || n < 0 || first + n > size())
            throw new IllegalArgumentException("elements " + first + ".." + (first + n - 1) + " must lie within W's "
                    + rows + "·" + cols + " = " + size());
        if (n == 0) return;
        int N = cols, i = 0;
        int c0 = (int) (first % N);
        if (c0 != 0) { // the chunk starts inside a row
            i = Math.min(n, N - c0);
            putRowPart((int) (first / N), c0, c0 + i, v, -c0);
        }
        int whole = (n - i) / N;
        putRows((int) ((first + i) / N), whole, v, i);
        i += whole * N;
        if (i < n) putRowPart((int) ((first + i) / N), 0, n - i, v, i); // and ends inside one
    }

    /** W[k, c] = v[src + c] for c in [c, end) of one row k. */
    private void putRowPart(int k, int c, int end, double[] v, int src) {
        int K = rows, full = fullColumns(), nt = cols - full;
        for (; c < end && c < full; c++) data[offset + (c - c % panel) * K + k * panel + c % panel] = v[src + c];
        if (c < end) System.arraycopy(v, src + c, data, offset + full * K + k * nt + c - full, end - c);
    }

    /**
     * Whole rows {@code k0 … k0 + count − 1} from {@code v[src …]}, panel by panel: each panel's part is one run of
     * {@code count·P} doubles written in order (row by row, each panel to a different page, cost twice as much).
     */
    private void putRows(int k0, int count, double[] v, int src) {
        int K = rows, N = cols, full = fullColumns(), nt = N - full;
        for (int c = 0; c < full; c += panel)
            for (int r = 0, d = offset + c * K + k0 * panel, s = src + c; r < count; r++, d += panel, s += N)
                for (int j = 0; j < panel; j++) data[d + j] = v[s + j]; // an element loop: arraycopy costs more here
        if (nt > 0)
            for (int r = 0; r < count; r++)
                System.arraycopy(v, src + r * N + full, data, offset + full * K + (k0 + r) * nt, nt);
    }

    /**
     * Writes elements {@code first … first + n − 1} of {@code Wt [M, K]} (row-major, an {@code nn.Linear} weight or an
     * embedding) as the columns {@code col0 … col0 + M − 1} of W: {@code W[k, col0 + r] = Wt[r, k]}. Several Wt may
     * fill one W side by side (Llama's q, k and v projections). Disjoint chunks may be written from different threads.
     */
    public void putTransposed(long first, double[] v, int n, int col0) {
        if (first < 0 || n < 0 || col0 < 0)
            throw new IllegalArgumentException("first, n and col0 must be ≥ 0 but were " + first + ", " + n + ", "
                    + col0);
        int K = rows, full = fullColumns();
        if (n > 0 && col0 + (first + n - 1) / K >= cols)
            throw new IllegalArgumentException("column " + (col0 + (first + n - 1) / K) + " is outside W's " + cols
                    + " columns");
        for (int i = 0; i < n; ) {
            long e = first + i;
            int r = (int) (e / K), k = (int) (e % K), c = col0 + r;
            if (k == 0 && n - i >= K && c < full) { // whole Wt rows that share a panel: its lanes, k by k
                int lanes = Math.min(Math.min(panel - c % panel, (n - i) / K), full - c);
                putPanelLanes(c, lanes, v, i);
                i += lanes * K;
            } else { // a part of one Wt row (or a column past the panels): one strided run
                int run = Math.min(n - i, K - k);
                int base = c < full ? (c - c % panel) * K + c % panel : full * K + c - full;
                int stride = c < full ? panel : cols - full;
                for (int j = 0, dst = offset + base + k * stride; j < run; j++, dst += stride) data[dst] = v[i + j];
                i += run;
            }
        }
    }

    /**
     * W's columns {@code c … c + lanes − 1}, all in one panel, from whole Wt rows {@code v[src …]}: for each k, the
     * lanes side by side, so the panel is written in order (one Wt row at a time strides the panel by P doubles, and
     * cost twice as much).
     */
    private void putPanelLanes(int c, int lanes, double[] v, int src) {
        int K = rows;
        for (int k = 0, d = offset + (c - c % panel) * K + c % panel; k < K; k++, d += panel)
            for (int j = 0, s = src + k; j < lanes; j++, s += K) data[d + j] = v[s];
    }

    /** Columns held in panels: {@code N − N % P} (none when row-major). */
    private int fullColumns() {
        return panel == 0 ? 0 : cols - cols % panel;
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
        for (int k = 0; k < rows; k++) out[off + k] = data[offset + base + k * stride];
    }

    /** W as a plain row-major {@code [K, N]} tensor: this array when unpacked, otherwise a new copy. */
    public Tensor rowMajor() {
        if (panel == 0 && offset == 0 && data.length == rows * cols) return Tensor.of(DMatrixRMaj.wrap(rows, cols, data));
        double[] w = new double[rows * cols];
        if (panel == 0) {
            System.arraycopy(data, offset, w, 0, rows * cols);
            return Tensor.of(DMatrixRMaj.wrap(rows, cols, w));
        }
        for (int c = 0; c < cols; c++) {
            int full = cols - cols % panel;
            int base = c < full ? (c - c % panel) * rows + c % panel : full * rows + c - full;
            int stride = c < full ? panel : cols - full;
            for (int k = 0; k < rows; k++) w[k * cols + c] = data[offset + base + k * stride];
        }
        return Tensor.of(DMatrixRMaj.wrap(rows, cols, w));
    }
}
