package attnlab.plot;

/**
 * The terminal view of a {@link Heatmap}: 24-bit ANSI background colours ({@code ESC[48;2;R;G;Bm}), row labels on
 * the left, column labels on top, a colour scale line and the masked legend. Row 0 is the top line, as in the
 * picture.
 *
 * <p>Small matrices get one cell of {@code w} characters per value. Matrices wider than the terminal are sampled
 * down (nearest cell) and drawn with half blocks ({@code ▀}: upper row as foreground, lower as background), two rows
 * per line. Without colour ({@code NO_COLOR}) each cell is a character from the ramp {@code " .:-=+*#%@"}, masked
 * cells are {@code x} and NaN cells {@code ?}; the output then contains no escape sequence at all.
 */
final class AnsiHeatmap {
    static final String RAMP = " .:-=+*#%@";
    static final String RESET = "\u001b[0m";

    private AnsiHeatmap() {}

    static String render(Heatmap h, boolean color, int columns) {
        double[] scale = h.scale();
        StringBuilder sb = new StringBuilder();
        if (!h.title.isEmpty()) sb.append(h.title).append('\n');
        for (int p = 0; p < h.panels.size(); p++) {
            if (!h.panelTitles.get(p).isEmpty()) sb.append(h.panelTitles.get(p)).append('\n');
            panel(sb, h, p, scale, color, columns);
        }
        scaleLine(sb, h, scale, color);
        return sb.toString();
    }

    private static void panel(StringBuilder sb, Heatmap h, int p, double[] scale, boolean color, int columns) {
        int labelW = 0;
        for (int i = 0; i < h.rows; i++) labelW = Math.max(labelW, clip(h.rowLabel(i), 12).length());
        int colLabelW = 0;
        for (int j = 0; j < h.cols; j++) colLabelW = Math.max(colLabelW, clip(h.colLabel(j), 6).length());
        int w = Math.max(3, colLabelW + 1);
        if (labelW + 1 + h.cols * w <= columns) small(sb, h, p, scale, color, labelW, w);
        else large(sb, h, p, scale, color, columns);
    }

    // One w-character cell per value, column labels right-aligned above the cells.
    private static void small(StringBuilder sb, Heatmap h, int p, double[] scale, boolean color, int labelW, int w) {
        sb.append(" ".repeat(labelW + 1));
        for (int j = 0; j < h.cols; j++) sb.append(pad(clip(h.colLabel(j), w - 1), w));
        sb.append('\n');
        for (int i = 0; i < h.rows; i++) {
            sb.append(pad(clip(h.rowLabel(i), 12), labelW)).append(' ');
            for (int j = 0; j < h.cols; j++) sb.append(block(h, p, i, j, scale, color, w));
            sb.append('\n');
        }
    }

    private static String block(Heatmap h, int p, int i, int j, double[] scale, boolean color, int w) {
        if (color) return bg(h.cellRgb(p, i, j, scale)) + " ".repeat(w) + RESET;
        return String.valueOf(symbol(h, p, i, j, scale)).repeat(w - 1) + " ";
    }

    // Sampled to the terminal width; two matrix rows per text line with the upper half block.
    private static void large(StringBuilder sb, Heatmap h, int p, double[] scale, boolean color, int columns) {
        int labelW = Integer.toString(h.rows - 1).length();
        int outCols = Math.max(1, Math.min(h.cols, columns - labelW - 2));
        int outRows = Math.max(1, (int) Math.round((double) h.rows * outCols / h.cols));
        if (!color) outRows = Math.max(1, outRows / 2); // one row per line, keep the aspect
        String header = "0";
        String last = Integer.toString(h.cols - 1);
        sb.append(" ".repeat(labelW + 1)).append(header)
                .append(" ".repeat(Math.max(1, outCols - header.length() - last.length()))).append(last).append('\n');
        int step = color ? 2 : 1;
        for (int r = 0; r < outRows; r += step) {
            int i = r * h.rows / outRows;
            boolean label = r % (step * 5) == 0;
            sb.append(label ? pad(Integer.toString(i), labelW) : " ".repeat(labelW)).append(' ');
            for (int c = 0; c < outCols; c++) {
                int j = c * h.cols / outCols;
                if (!color) { sb.append(symbol(h, p, i, j, scale)); continue; }
                int upper = h.cellRgb(p, i, j, scale);
                if (r + 1 < outRows) {
                    int i2 = (r + 1) * h.rows / outRows;
                    sb.append(fg(upper)).append(bg(h.cellRgb(p, i2, j, scale))).append('▀');
                } else {
                    sb.append(fg(upper)).append('▀');
                }
            }
            sb.append(color ? RESET : "").append('\n');
        }
    }

    private static void scaleLine(StringBuilder sb, Heatmap h, double[] scale, boolean color) {
        sb.append("scale ").append(Labels.tick(scale[0], 2)).append(' ');
        int n = 24;
        for (int k = 0; k < n; k++) {
            double f = (k + 0.5) / n;
            if (color) sb.append(bg(h.colormap.rgb(f))).append(' ');
            else sb.append(RAMP.charAt(Math.min(RAMP.length() - 1, (int) (f * RAMP.length()))));
        }
        if (color) sb.append(RESET);
        sb.append(' ').append(Labels.tick(scale[1], 2));
        if (h.anyMasked())
            sb.append("   ").append(color ? bg(Colormap.MASKED.getRGB()) + "  " + RESET : "x").append(" masked (-inf)");
        if (h.anyNaN()) sb.append("   ").append(color ? bg(Colormap.NAN.getRGB()) + "  " + RESET : "?").append(" NaN");
        sb.append('\n');
    }

    private static char symbol(Heatmap h, int p, int i, int j, double[] scale) {
        if (h.isMasked(p, i, j)) return 'x';
        double v = h.panels.get(p)[i][j];
        if (Double.isNaN(v)) return '?';
        double f = Math.max(0, Math.min(1, (v - scale[0]) / (scale[1] - scale[0])));
        return RAMP.charAt(Math.min(RAMP.length() - 1, (int) (f * RAMP.length())));
    }

    /** {@code ESC[48;2;R;G;Bm}: 24-bit background colour. */
    static String bg(int rgb) { return "\u001b[48;2;" + rgbText(rgb) + "m"; }

    /** {@code ESC[38;2;R;G;Bm}: 24-bit foreground colour. */
    static String fg(int rgb) { return "\u001b[38;2;" + rgbText(rgb) + "m"; }

    private static String rgbText(int rgb) { return (rgb >> 16 & 0xff) + ";" + (rgb >> 8 & 0xff) + ";" + (rgb & 0xff); }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(1, max - 1)) + "…";
    }

    private static String pad(String s, int w) { return s.length() >= w ? s : " ".repeat(w - s.length()) + s; }
}
