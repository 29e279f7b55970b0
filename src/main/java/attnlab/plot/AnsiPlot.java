package attnlab.plot;

import java.util.List;

/**
 * The terminal view of a {@link LineChart}: a character grid where series k is drawn with symbol {@code "*o+x#"[k]}
 * (in its palette colour unless {@code NO_COLOR}), the y range on the left and the x range below.
 */
final class AnsiPlot {
    private static final String SYMBOLS = "*o+x#@%&";

    private AnsiPlot() {}

    static String render(LineChart c, boolean color, int columns) {
        List<double[][]> data = c.data();
        double xmin = Double.POSITIVE_INFINITY, xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
        for (double[][] d : data)
            for (int i = 0; i < d[0].length; i++) {
                if (!Double.isFinite(d[0][i]) || !Double.isFinite(d[1][i])) continue;
                xmin = Math.min(xmin, d[0][i]); xmax = Math.max(xmax, d[0][i]);
                ymin = Math.min(ymin, d[1][i]); ymax = Math.max(ymax, d[1][i]);
            }
        StringBuilder sb = new StringBuilder();
        if (!c.title().isEmpty()) sb.append(c.title()).append('\n');
        if (xmin > xmax) return sb.append("(no finite points)\n").toString();
        if (ymin == ymax) { ymin -= 0.5; ymax += 0.5; }
        if (xmin == xmax) { xmin -= 0.5; xmax += 0.5; }
        String top = Labels.tick(ymax, 4), bottom = Labels.tick(ymin, 4);
        int lw = Math.max(top.length(), bottom.length());
        int w = Math.max(10, Math.min(72, columns - lw - 3)), h = 14;
        int[][] grid = new int[h][w];
        for (int k = 0; k < data.size(); k++) {
            double[][] d = data.get(k);
            for (int i = 0; i < d[0].length; i++) {
                // the segment from point i to i+1, sampled once per column it crosses
                int n = i + 1 < d[0].length ? 2 * w / Math.max(1, d[0].length - 1) + 2 : 1;
                for (int s = 0; s < n; s++) {
                    double f = n == 1 ? 0 : (double) s / n;
                    double x = d[0][i] + (n == 1 ? 0 : (d[0][i + 1] - d[0][i]) * f);
                    double y = d[1][i] + (n == 1 ? 0 : (d[1][i + 1] - d[1][i]) * f);
                    if (!Double.isFinite(x) || !Double.isFinite(y)) continue;
                    int col = (int) Math.round((x - xmin) / (xmax - xmin) * (w - 1));
                    int row = h - 1 - (int) Math.round((y - ymin) / (ymax - ymin) * (h - 1));
                    grid[row][col] = k + 1;
                }
            }
        }
        for (int r = 0; r < h; r++) {
            String label = r == 0 ? top : r == h - 1 ? bottom : "";
            sb.append(" ".repeat(lw - label.length())).append(label).append(" |");
            for (int col = 0; col < w; col++) {
                int k = grid[r][col];
                if (k == 0) { sb.append(' '); continue; }
                char ch = SYMBOLS.charAt((k - 1) % SYMBOLS.length());
                if (color) sb.append(AnsiHeatmap.fg(LineChart.PALETTE[(k - 1) % LineChart.PALETTE.length].getRGB()))
                        .append(ch).append(AnsiHeatmap.RESET);
                else sb.append(ch);
            }
            sb.append('\n');
        }
        String left = Labels.tick(xmin, 4), right = Labels.tick(xmax, 4);
        sb.append(" ".repeat(lw + 1)).append('+').append("-".repeat(w)).append('\n');
        sb.append(" ".repeat(lw + 2)).append(left).append(" ".repeat(Math.max(1, w - left.length() - right.length())))
                .append(right).append('\n');
        List<String> labels = c.labels();
        for (int k = 0; k < labels.size(); k++) {
            char ch = SYMBOLS.charAt(k % SYMBOLS.length());
            sb.append("  ").append(color ? AnsiHeatmap.fg(LineChart.PALETTE[k % LineChart.PALETTE.length].getRGB())
                    + ch + AnsiHeatmap.RESET : String.valueOf(ch)).append(' ').append(labels.get(k)).append('\n');
        }
        return sb.toString();
    }
}
