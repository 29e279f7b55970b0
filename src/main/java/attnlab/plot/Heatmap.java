package attnlab.plot;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

import javax.swing.JComponent;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A heatmap of one matrix, or a grid of equally shaped matrices (heads, batch items) sharing one colour scale.
 *
 * <p>Orientation is matplotlib's {@code imshow}: row 0 (the first query) at the top, column 0 (the first key) at the
 * left. Colour scale: {@code 0..1} when the values look like attention weights (all finite values in [0, 1] and
 * every row summing to at most 1), else the finite data range; {@link #range(double, double)} fixes it. Cells that
 * are {@code -inf}, or blocked by {@link #mask(Tensor)}, are drawn in {@link Colormap#MASKED}, named in the legend.
 *
 * <p>The data are copied when the chart is made: later changes to the tensor do not change the picture.
 */
public final class Heatmap extends Chart<Heatmap> {
    private static final long serialVersionUID = 1L;

    final List<double[][]> panels;
    final List<String> panelTitles;
    final int rows;
    final int cols;
    String[] rowLabels;
    String[] colLabels;
    String xLabel = "key";
    String yLabel = "query";
    Colormap colormap = Colormap.VIRIDIS;
    Double lo;
    Double hi;
    Boolean values;
    boolean[][] blocked;
    int gridColumns;

    private Heatmap(List<double[][]> panels, List<String> panelTitles) {
        this.panels = panels;
        this.panelTitles = panelTitles;
        this.rows = panels.get(0).length;
        this.cols = rows == 0 ? 0 : panels.get(0)[0].length;
    }

    // ------------------------------------------------------------------ creation

    /**
     * A heatmap of {@code w}: {@code [Lq, Lk]} (or any one-slice tensor) gives one picture; {@code [B, Lq, Lk]} with
     * B &gt; 1 gives a grid titled by batch item; {@code [B, H, Lq, Lk]} is {@link #heads(Tensor)}. Not modified.
     */
    public static Heatmap of(Tensor w) {
        Checks.notNull(w, "w");
        if (w.rank() == 4 && w.batch() > 1) return heads(w);
        checkNotEmpty(w, "w");
        List<double[][]> ps = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int b = 0; b < w.batch(); b++) {
            ps.add(copy(w.slice(b)));
            titles.add(w.batch() == 1 ? "" : "batch " + b);
        }
        return new Heatmap(ps, titles);
    }

    /** A heatmap of one EJML matrix. Not modified. */
    public static Heatmap of(DMatrixRMaj m) {
        return of(Tensor.of(Checks.notNull(m, "m")));
    }

    /**
     * One panel per attention head, in one figure with one shared scale: {@code w} is {@code [H, Lq, Lk]} or
     * {@code [B, H, Lq, Lk]} (panels titled "head h", or "batch b · head h" when B &gt; 1). Not modified.
     */
    public static Heatmap heads(Tensor w) {
        Checks.notNull(w, "w");
        if (w.rank() != 3 && w.rank() != 4)
            throw new IllegalArgumentException("w must be [H, Lq, Lk] or [B, H, Lq, Lk] but has shape "
                    + Checks.str(w.shape()));
        checkNotEmpty(w, "w");
        int heads = w.dim(-3);
        int batches = w.rank() == 4 ? w.dim(0) : 1;
        List<double[][]> ps = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int s = 0; s < w.batch(); s++) {
            ps.add(copy(w.slice(s)));
            titles.add(batches > 1 ? "batch " + s / heads + " · head " + s % heads : "head " + s % heads);
        }
        Heatmap h = new Heatmap(ps, titles);
        if (batches > 1) h.gridColumns = heads;
        return h;
    }

    /**
     * {@link #heads(Tensor)} of a self-attention with {@code tokens} on both axes of every panel (control characters
     * spelled out: a newline reads {@code \n}). When every panel is causal (exactly 0 above the diagonal, as a
     * language model's pattern is) those cells are drawn masked, so they read as "not allowed", not as "weight 0".
     */
    public static Heatmap heads(Tensor w, String[] tokens) {
        Heatmap h = heads(w);
        Checks.notNull(tokens, "tokens");
        String[] labels = new String[tokens.length];
        for (int t = 0; t < labels.length; t++) labels[t] = Labels.token(Checks.notNull(tokens[t], "tokens[" + t + "]"));
        h.tokens(labels);
        if (h.rows == h.cols && h.causal()) {
            Tensor mask = Tensor.zeros(h.rows, h.cols);
            for (int i = 0; i < h.rows; i++)
                for (int j = i + 1; j < h.cols; j++) mask.set(0, i, j, Double.NEGATIVE_INFINITY);
            h.mask(mask);
        }
        return h;
    }

    private boolean causal() {
        for (double[][] p : panels)
            for (int i = 0; i < rows; i++) for (int j = i + 1; j < cols; j++) if (p[i][j] != 0) return false;
        return true;
    }

    /**
     * A positions × dimensions picture of a positional encoding {@code [L, D]} (e.g. 100 × 128): diverging
     * red–blue colours on a fixed −1..1 scale, axes "dimension" and "position", no cell values. Not modified.
     */
    public static Heatmap positional(Tensor pe) {
        Checks.notNull(pe, "pe");
        if (pe.batch() != 1)
            throw new IllegalArgumentException("pe must be [L, D] but has shape " + Checks.str(pe.shape()));
        return of(pe).colormap(Colormap.RDBU).range(-1, 1).axes("dimension", "position").values(false)
                .title("Sinusoidal positional encoding " + pe.rows() + " × " + pe.cols());
    }

    private static void checkNotEmpty(Tensor w, String name) {
        if (w.rows() == 0 || w.cols() == 0)
            throw new IllegalArgumentException(name + " has no cells to draw: shape " + Checks.str(w.shape()));
    }

    private static double[][] copy(DMatrixRMaj m) {
        double[][] a = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) System.arraycopy(m.data, i * m.numCols, a[i], 0, m.numCols);
        return a;
    }

    // ------------------------------------------------------------------ setters (chain)

    /** The same labels for queries (rows) and keys (columns), e.g. the tokens of a self-attention. */
    public Heatmap tokens(List<String> tokens) {
        Checks.notNull(tokens, "tokens");
        return tokens(tokens.toArray(new String[0]), tokens.toArray(new String[0]));
    }

    public Heatmap tokens(String... tokens) {
        return tokens(tokens, tokens);
    }

    /** Row labels (one per query) and column labels (one per key). */
    public Heatmap tokens(String[] queryTokens, String[] keyTokens) {
        Checks.notNull(queryTokens, "queryTokens");
        Checks.notNull(keyTokens, "keyTokens");
        if (queryTokens.length != rows)
            throw new IllegalArgumentException("queryTokens has " + queryTokens.length + " labels but the matrix has "
                    + rows + " rows (queries)");
        if (keyTokens.length != cols)
            throw new IllegalArgumentException("keyTokens has " + keyTokens.length + " labels but the matrix has "
                    + cols + " columns (keys)");
        rowLabels = queryTokens.clone();
        colLabels = keyTokens.clone();
        return this;
    }

    public Heatmap tokens(List<String> queryTokens, List<String> keyTokens) {
        Checks.notNull(queryTokens, "queryTokens");
        Checks.notNull(keyTokens, "keyTokens");
        return tokens(queryTokens.toArray(new String[0]), keyTokens.toArray(new String[0]));
    }

    /** Axis captions: below the columns and beside the rows (defaults "key" and "query"). */
    public Heatmap axes(String xLabel, String yLabel) {
        this.xLabel = xLabel == null ? "" : xLabel;
        this.yLabel = yLabel == null ? "" : yLabel;
        return this;
    }

    public Heatmap colormap(Colormap c) {
        colormap = Checks.notNull(c, "colormap");
        return this;
    }

    /** Fixes the colour scale to {@code [lo, hi]}; values outside take the end colours. */
    public Heatmap range(double lo, double hi) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi))
            throw new IllegalArgumentException("range needs finite lo < hi but got lo=" + Labels.tick(lo, 6)
                    + ", hi=" + Labels.tick(hi, 6));
        this.lo = lo;
        this.hi = hi;
        return this;
    }

    /** Goes back to the automatic scale (0..1 for attention weights, else the data range). */
    public Heatmap autoRange() {
        lo = hi = null;
        return this;
    }

    /** Prints each value in its cell (on), never (off); by default only when the cells are large enough. */
    public Heatmap values(boolean on) {
        values = on;
        return this;
    }

    /**
     * Draws as masked every cell where {@code mask} (an additive mask, {@code [Lq, Lk]}) is {@code -inf}, e.g.
     * {@code heatmap(w).mask(causalMask(4))}, whose blocked weights are 0 rather than -inf. Not modified.
     */
    public Heatmap mask(Tensor mask) {
        Checks.notNull(mask, "mask");
        if (mask.batch() != 1 || mask.rows() != rows || mask.cols() != cols)
            throw new IllegalArgumentException("mask must be [" + rows + ", " + cols
                    + "] like the weights but has shape " + Checks.str(mask.shape()));
        blocked = new boolean[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) blocked[i][j] = mask.matrix().get(i, j) == Double.NEGATIVE_INFINITY;
        return this;
    }

    /**
     * Titles the panels, one per panel in order (e.g. {@code "layer 1 · head 0"} for the heads of several layers).
     */
    public Heatmap panelTitles(String... titles) {
        Checks.notNull(titles, "titles");
        if (titles.length != panelTitles.size())
            throw new IllegalArgumentException("titles has " + titles.length + " entries but the heatmap has "
                    + panelTitles.size() + " panels");
        for (int k = 0; k < titles.length; k++) panelTitles.set(k, Checks.notNull(titles[k], "titles[" + k + "]"));
        return this;
    }

    /** Number of panels per grid row (default: chosen to fill the grid). */
    public Heatmap columns(int n) {
        gridColumns = Checks.positive(n, "columns");
        return this;
    }

    // ------------------------------------------------------------------ queries used by the renderers

    /** The colour scale {@code [lo, hi]} in use. */
    public double[] scale() {
        if (lo != null) return new double[] {lo, hi};
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        boolean weights = true;
        for (double[][] p : panels) {
            for (double[] row : p) {
                double sum = 0;
                for (double v : row) {
                    if (!Double.isFinite(v)) continue;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    sum += v;
                    if (v < 0 || v > 1) weights = false;
                }
                if (sum > 1 + 1e-9) weights = false;
            }
        }
        if (weights || min > max) return new double[] {0, 1};
        if (min == max) return new double[] {min - 0.5, max + 0.5};
        return new double[] {min, max};
    }

    boolean isMasked(int panel, int i, int j) {
        return panels.get(panel)[i][j] == Double.NEGATIVE_INFINITY || (blocked != null && blocked[i][j]);
    }

    boolean anyMasked() {
        for (int p = 0; p < panels.size(); p++)
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) if (isMasked(p, i, j)) return true;
        return false;
    }

    boolean anyNaN() {
        for (double[][] p : panels) for (double[] r : p) for (double v : r) if (Double.isNaN(v)) return true;
        return false;
    }

    /** 0xRRGGBB of cell (i, j) of panel p, under {@code scale}. */
    int cellRgb(int p, int i, int j, double[] scale) {
        if (isMasked(p, i, j)) return Colormap.MASKED.getRGB() & 0xffffff;
        double v = panels.get(p)[i][j];
        return colormap.rgb(Double.isNaN(v) ? Double.NaN : (v - scale[0]) / (scale[1] - scale[0]));
    }

    String rowLabel(int i) { return rowLabels != null ? rowLabels[i] : Integer.toString(i); }

    String colLabel(int j) { return colLabels != null ? colLabels[j] : Integer.toString(j); }

    // ------------------------------------------------------------------ rendering

    @Override
    public BufferedImage image(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            new HeatmapRenderer(this, g, width, height).paint();
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Where cell (i, j) of panel p is drawn in a {@code width × height} picture (used by tests and tools). */
    Rectangle cellBounds(int p, int i, int j, int width, int height) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            return new HeatmapRenderer(this, g, width, height).cell(p, i, j);
        } finally {
            g.dispose();
        }
    }

    /** The texts printed in the cells of a {@code width × height} picture (null: no value), for tests and tools. */
    String[][][] cellTexts(int width, int height) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            HeatmapRenderer r = new HeatmapRenderer(this, g, width, height);
            String[][][] t = new String[panels.size()][rows][cols];
            for (int p = 0; p < panels.size(); p++)
                for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[p][i][j] = r.cellText(p, i, j);
            return t;
        } finally {
            g.dispose();
        }
    }

    @Override
    public String terminal(boolean color) { return AnsiHeatmap.render(this, color, Terminal.columns()); }

    @Override
    JComponent component() {
        JComponent c = new JComponent() {
            @Override
            protected void paintComponent(Graphics g) {
                new HeatmapRenderer(Heatmap.this, (Graphics2D) g.create(), getWidth(), getHeight()).paint();
            }
        };
        c.setPreferredSize(new java.awt.Dimension(width(), height()));
        return c;
    }

    @Override
    int defaultWidth() {
        int[] grid = HeatmapRenderer.grid(this);
        int n = Math.max(rows, cols);
        double cell = panels.size() == 1 ? clamp(600.0 / n, 3, 64) : clamp(300.0 / n, 3, 44);
        return (int) Math.round(grid[0] * (cols * cell + 16) + 250);
    }

    @Override
    int defaultHeight() {
        int[] grid = HeatmapRenderer.grid(this);
        int n = Math.max(rows, cols);
        double cell = panels.size() == 1 ? clamp(600.0 / n, 3, 64) : clamp(300.0 / n, 3, 44);
        int labels = colLabels == null ? 40 : 90;
        return (int) Math.round(grid[1] * (rows * cell + 34) + 70 + labels);
    }

    private static double clamp(double x, double a, double b) { return Math.max(a, Math.min(b, x)); }

    @Override
    String kind() { return "heatmap"; }

    /** {@code Heatmap [4, 4] "title", scale 0..1} (plus panel count and "masked" when relevant). */
    @Override
    public String toString() {
        double[] s = scale();
        return "Heatmap " + (panels.size() > 1 ? panels.size() + " × " : "") + Arrays.toString(new int[] {rows, cols})
                + (title.isEmpty() ? "" : " \"" + title + "\"") + ", scale " + Labels.tick(s[0], 4) + ".."
                + Labels.tick(s[1], 4) + (anyMasked() ? ", masked cells" : "");
    }
}
