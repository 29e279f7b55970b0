package attnlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;

/**
 * Paints a {@link Heatmap} with Java2D: title, one panel per matrix (grid), row and column labels, axis captions,
 * a vertical colour bar with nice ticks, and a legend for masked and NaN cells.
 *
 * <p>Why not XChart's HeatMapChart: it draws row 0 at the bottom, has no colour for masked cells, no shared scale
 * across several heat maps and no rotated token labels. Cell edges are rounded to whole pixels, so there are no
 * seams at 100 × 128; big cells get 1-pixel white gutters.
 */
final class HeatmapRenderer {
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    private static final Font PANEL = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font AXIS = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Color INK = new Color(0x222222);
    private static final Color SOFT = new Color(0x666666);
    private static final int PAD = 14, BAR_W = 16, BAR_GAP = 20, HGAP = 18, VGAP = 14, SWATCH = 13;

    private final Heatmap h;
    private final Graphics2D g;
    private final int width, height;
    private final double[] scale;
    private final int gc, gr, n;
    // layout
    private double cell;
    private int x0, y0, panelW, panelH, panelTitleH, rowStep, colStep, colLabelH, rowLabelW;
    private boolean rotate;
    private Font tickFont = TICK;
    private Font valueFont; // null: no values in the cells
    private int valueDecimals;

    HeatmapRenderer(Heatmap h, Graphics2D g, int width, int height) {
        this.h = h;
        this.g = g;
        this.width = width;
        this.height = height;
        this.scale = h.scale();
        this.n = h.panels.size();
        int[] grid = grid(h);
        gc = grid[0];
        gr = grid[1];
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        layout();
        chooseValues();
    }

    /** {gridColumns, gridRows}: the user's choice, else the shape with no empty slot closest to 1.6 : 1. */
    static int[] grid(Heatmap h) {
        int n = h.panels.size();
        if (h.gridColumns > 0) {
            int c = Math.min(h.gridColumns, n);
            return new int[] {c, (n + c - 1) / c};
        }
        int best = 1;
        double bestScore = Double.MAX_VALUE;
        for (int c = 1; c <= n; c++) {
            int r = (n + c - 1) / c;
            double score = (r * c - n) * 10 + Math.abs(Math.log((double) c / r / 1.6));
            if (score < bestScore) { bestScore = score; best = c; }
        }
        return new int[] {best, (n + best - 1) / best};
    }

    // ------------------------------------------------------------------ layout

    private void layout() {
        FontMetrics tick = g.getFontMetrics(TICK), axis = g.getFontMetrics(AXIS);
        int titleH = h.title.isEmpty() ? 0 : g.getFontMetrics(TITLE).getHeight() + 8;
        panelTitleH = n > 1 || !h.panelTitles.get(0).isEmpty() ? g.getFontMetrics(PANEL).getHeight() + 4 : 0;
        int rowLabelW = 0, colLabelW = 0;
        for (int i = 0; i < h.rows; i++) rowLabelW = Math.max(rowLabelW, tick.stringWidth(h.rowLabel(i)));
        for (int j = 0; j < h.cols; j++) colLabelW = Math.max(colLabelW, tick.stringWidth(h.colLabel(j)));
        int yCaption = h.yLabel.isEmpty() ? 0 : axis.getHeight() + 4;
        int xCaption = h.xLabel.isEmpty() ? 0 : axis.getHeight() + 4;
        int left = PAD + yCaption + rowLabelW + 8;
        int right = BAR_GAP + Math.max(BAR_W + 6 + barLabelWidth(tick), legendWidth(tick)) + PAD;
        int top = PAD + titleH;
        // first pass with horizontal column labels, second with rotated ones if tokens do not fit
        for (int pass = 0; pass < 2; pass++) {
            int colLabelH = rotate ? (int) Math.ceil(0.71 * (colLabelW + tick.getAscent())) + 6 : tick.getHeight() + 4;
            int bottom = colLabelH + xCaption + PAD;
            double availW = width - left - right - (gc - 1) * HGAP;
            double availH = height - top - bottom - gr * panelTitleH - (gr - 1) * VGAP;
            cell = Math.max(0.5, Math.min(availW / (gc * h.cols), availH / (gr * h.rows)));
            panelW = (int) Math.round(h.cols * cell);
            panelH = (int) Math.round(h.rows * cell);
            int gridW = gc * panelW + (gc - 1) * HGAP;
            int gridH = gr * (panelH + panelTitleH) + (gr - 1) * VGAP;
            x0 = left + Math.max(0, (width - left - right - gridW) / 2);
            y0 = top + Math.max(0, (height - top - bottom - gridH) / 2);
            if (h.colLabels != null && !rotate && colLabelW + 4 > cell) {
                rotate = true; // tokens: every label is wanted, so turn them before thinning them out
                continue;
            }
            // tokens: shrink the font (down to 8 pt) before leaving any label out
            if (h.rowLabels != null && cell < tick.getHeight() + 1)
                tickFont = TICK.deriveFont((float) Math.max(8, Math.floor(cell * 0.72)));
            FontMetrics small = g.getFontMetrics(tickFont);
            rowStep = step(small.getHeight() + 1);
            colStep = rotate ? step(small.getHeight()) : h.colLabels != null ? 1 : step(colLabelW + 8);
            this.colLabelH = colLabelH;
            this.rowLabelW = rowLabelW;
            break;
        }
    }

    // Smallest of 1, 2, 5, 10, 20, 25, 50, ... whose span of cells is at least `pixels`.
    private int step(double pixels) {
        int[] base = {1, 2, 5, 10, 20, 25, 50};
        for (int scaleUp = 1; ; scaleUp *= 10)
            for (int b : base) if (b * scaleUp * cell >= pixels || b * scaleUp >= Math.max(h.rows, h.cols))
                return b * scaleUp;
    }

    private double[] barTicks() {
        return Labels.ticks(scale[0], scale[1], 6);
    }

    private int barDecimals() {
        double[] t = barTicks();
        return t.length > 1 ? Labels.decimalsFor(t[1] - t[0]) : 2;
    }

    private int barLabelWidth(FontMetrics fm) {
        int w = 0;
        for (double t : barTicks()) w = Math.max(w, fm.stringWidth(Labels.tick(t, barDecimals())));
        return w;
    }

    private int legendWidth(FontMetrics fm) {
        int w = 0;
        if (h.anyMasked()) w = SWATCH + 6 + fm.stringWidth("masked (-inf)");
        if (h.anyNaN()) w = Math.max(w, SWATCH + 6 + fm.stringWidth("NaN"));
        return w;
    }

    private int panelX(int p) { return x0 + (p % gc) * (panelW + HGAP); }

    private int panelY(int p) { return y0 + (p / gc) * (panelH + panelTitleH + VGAP) + panelTitleH; }

    /** Pixel rectangle of cell (i, j) of panel p (row 0 at the top). */
    Rectangle cell(int p, int i, int j) {
        int px = panelX(p), py = panelY(p);
        int xa = px + (int) Math.round(j * cell), xb = px + (int) Math.round((j + 1) * cell);
        int ya = py + (int) Math.round(i * cell), yb = py + (int) Math.round((i + 1) * cell);
        return new Rectangle(xa, ya, xb - xa, yb - ya);
    }

    // ------------------------------------------------------------------ painting

    void paint() {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int gridRight = x0 + gc * panelW + (gc - 1) * HGAP;
        int gridBottom = y0 + gr * (panelH + panelTitleH) + (gr - 1) * VGAP;
        if (!h.title.isEmpty()) {
            g.setFont(TITLE);
            g.setColor(INK);
            FontMetrics fm = g.getFontMetrics();
            int cx = (x0 + gridRight) / 2;
            int tx = Math.max(PAD, Math.min(cx - fm.stringWidth(h.title) / 2, width - PAD - fm.stringWidth(h.title)));
            g.drawString(h.title, tx, PAD + fm.getAscent());
        }
        for (int p = 0; p < n; p++) paintPanel(p);
        paintCaptions(gridRight, gridBottom);
        paintColorBar(gridRight);
    }

    private void paintPanel(int p) {
        int px = panelX(p), py = panelY(p);
        boolean gutters = cell >= 18;
        for (int i = 0; i < h.rows; i++) {
            for (int j = 0; j < h.cols; j++) {
                Rectangle r = cell(p, i, j);
                g.setColor(new Color(h.cellRgb(p, i, j, scale)));
                if (gutters) g.fillRect(r.x, r.y, r.width - 1, r.height - 1);
                else g.fillRect(r.x, r.y, r.width, r.height);
            }
        }
        if (!gutters) {
            g.setColor(new Color(0xd0d0d0));
            g.drawRect(px - 1, py - 1, panelW + 1, panelH + 1);
        }
        if (valueFont != null) paintValues(p);
        if (panelTitleH > 0) {
            g.setFont(PANEL);
            g.setColor(INK);
            FontMetrics fm = g.getFontMetrics();
            String t = h.panelTitles.get(p);
            g.drawString(t, px + (panelW - fm.stringWidth(t)) / 2, py - fm.getDescent() - 4);
        }
        g.setFont(tickFont);
        g.setColor(INK);
        FontMetrics fm = g.getFontMetrics();
        if (p % gc == 0) { // row labels on the first grid column
            for (int i = 0; i < h.rows; i += rowStep) {
                Rectangle r = cell(p, i, 0);
                String s = h.rowLabel(i);
                int cy = r.y + r.height / 2;
                g.drawString(s, px - 8 - fm.stringWidth(s), cy + (fm.getAscent() - fm.getDescent()) / 2);
                if (rowStep > 1) g.drawLine(px - 5, cy, px - 2, cy);
            }
        }
        if (p + gc >= n) { // column labels under the lowest panel of each grid column
            int base = py + panelH + 4;
            for (int j = 0; j < h.cols; j += colStep) {
                Rectangle r = cell(p, 0, j);
                String s = h.colLabel(j);
                int cx = r.x + r.width / 2;
                if (colStep > 1) g.drawLine(cx, base - 2, cx, base + 1);
                if (rotate) {
                    AffineTransform saved = g.getTransform();
                    g.translate(cx, base + 2);
                    g.rotate(-Math.PI / 4);
                    g.drawString(s, -fm.stringWidth(s), fm.getAscent() / 2);
                    g.setTransform(saved);
                } else {
                    g.drawString(s, cx - fm.stringWidth(s) / 2, base + fm.getAscent());
                }
            }
        }
    }

    // Values go in the cells (by default only in big cells of small matrices) with the decimals that tell apart
    // cells of clearly different colours, and only if every value fits: no value rather than some values.
    private void chooseValues() {
        if (Boolean.FALSE.equals(h.values)) return;
        boolean forced = Boolean.TRUE.equals(h.values);
        if (!forced && !(cell >= 36 && Math.max(h.rows, h.cols) <= 16)) return;
        int decimals = CellValues.decimals(h, scale);
        int room = (int) Math.floor(cell) - 5;
        for (int size = (int) Math.max(8, Math.min(13, cell * 0.3)); size >= 8; size--) {
            Font f = new Font(Font.SANS_SERIF, Font.PLAIN, size);
            if (widestValue(g.getFontMetrics(f), decimals) <= room) {
                valueFont = f;
                valueDecimals = decimals;
                return;
            }
        }
        if (forced) { // asked for: draw those that fit at the smallest size
            valueFont = new Font(Font.SANS_SERIF, Font.PLAIN, 8);
            valueDecimals = decimals;
        }
    }

    private int widestValue(FontMetrics fm, int decimals) {
        int w = 0;
        for (int p = 0; p < n; p++)
            for (int i = 0; i < h.rows; i++)
                for (int j = 0; j < h.cols; j++)
                    if (!h.isMasked(p, i, j))
                        w = Math.max(w, fm.stringWidth(CellValues.text(h.panels.get(p)[i][j], decimals)));
        return w;
    }

    /** The text printed in cell (i, j) of panel p, or null when the cell shows no value. */
    String cellText(int p, int i, int j) {
        if (valueFont == null || h.isMasked(p, i, j)) return null;
        return CellValues.text(h.panels.get(p)[i][j], valueDecimals);
    }

    private void paintValues(int p) {
        g.setFont(valueFont);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < h.rows; i++) {
            for (int j = 0; j < h.cols; j++) {
                String s = cellText(p, i, j);
                if (s == null) continue;
                Rectangle r = cell(p, i, j);
                if (fm.stringWidth(s) > r.width - 4) continue;
                int rgb = h.cellRgb(p, i, j, scale);
                g.setColor(Colormap.luminance(rgb) > 0.5 ? INK : Color.WHITE);
                g.drawString(s, r.x + (r.width - fm.stringWidth(s)) / 2,
                        r.y + (r.height + fm.getAscent() - fm.getDescent()) / 2);
            }
        }
    }

    private void paintCaptions(int gridRight, int gridBottom) {
        g.setFont(AXIS);
        g.setColor(SOFT);
        FontMetrics fm = g.getFontMetrics();
        if (!h.xLabel.isEmpty())
            g.drawString(h.xLabel, (x0 + gridRight - fm.stringWidth(h.xLabel)) / 2,
                    gridBottom + colLabelH + 4 + fm.getAscent());
        if (!h.yLabel.isEmpty()) {
            AffineTransform saved = g.getTransform();
            g.translate(x0 - 8 - rowLabelW - 8 - fm.getDescent(), (y0 + gridBottom + fm.stringWidth(h.yLabel)) / 2.0);
            g.rotate(-Math.PI / 2);
            g.drawString(h.yLabel, 0, 0);
            g.setTransform(saved);
        }
    }

    private void paintColorBar(int gridRight) {
        g.setFont(TICK);
        FontMetrics fm = g.getFontMetrics();
        int legendRows = (h.anyMasked() ? 1 : 0) + (h.anyNaN() ? 1 : 0);
        int bx = gridRight + BAR_GAP;
        int top = y0 + panelTitleH;
        int bottom = y0 + gr * (panelH + panelTitleH) + (gr - 1) * VGAP - legendRows * (SWATCH + 8);
        if (legendRows > 0) bottom -= 8;
        int barH = Math.max(20, bottom - top);
        for (int y = 0; y < barH; y++) {
            g.setColor(h.colormap.color(1 - (y + 0.5) / barH));
            g.drawLine(bx, top + y, bx + BAR_W - 1, top + y);
        }
        g.setColor(new Color(0xb0b0b0));
        g.setStroke(new BasicStroke(1));
        g.drawRect(bx, top, BAR_W - 1, barH - 1);
        g.setColor(INK);
        int dec = barDecimals();
        for (double t : barTicks()) {
            int y = top + (int) Math.round((1 - (t - scale[0]) / (scale[1] - scale[0])) * (barH - 1));
            g.drawLine(bx + BAR_W, y, bx + BAR_W + 3, y);
            g.drawString(Labels.tick(t, dec), bx + BAR_W + 6, y + (fm.getAscent() - fm.getDescent()) / 2);
        }
        int ly = top + barH + 16;
        if (h.anyMasked()) { swatch(bx, ly, Colormap.MASKED, "masked (-inf)", fm); ly += SWATCH + 8; }
        if (h.anyNaN()) swatch(bx, ly, Colormap.NAN, "NaN", fm);
    }

    private void swatch(int x, int y, Color c, String text, FontMetrics fm) {
        g.setColor(c);
        g.fillRect(x, y, SWATCH, SWATCH);
        g.setColor(INK);
        g.drawString(text, x + SWATCH + 6, y + (SWATCH + fm.getAscent() - fm.getDescent()) / 2);
    }
}
