package attnlab.plot;

import attnlab.tensor.Checks;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XChartPanel;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.swing.JComponent;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart drawn by XChart ({@code XYChart}), styled quietly: white background, light grid, no plot border,
 * colour-blind-safe Okabe–Ito colours, legend in one row below the plot (so it never hides data).
 * {@code plot(xs, ys, "label")} makes one; {@link #add(double[], double[], String)} overlays more series. For
 * example, softmax max-probability against d_k, with and without the 1/√d_k scale, is two series.
 */
public final class LineChart extends Chart<LineChart> {
    /** Okabe & Ito (2008): distinguishable under the common colour-vision deficiencies. */
    static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};
    private static final Font BASE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private static final long serialVersionUID = 1L;

    private record Series(String label, double[] xs, double[] ys) implements java.io.Serializable {}

    private final List<Series> series = new ArrayList<>();
    private String xLabel = "";
    private String yLabel = "";
    private boolean logX;
    private boolean logY;
    private boolean markers;

    private LineChart() {}

    /** A chart with one series {@code (xs[i], ys[i])}. Not modified (copied). */
    public static LineChart of(double[] xs, double[] ys, String label) {
        return new LineChart().add(xs, ys, label);
    }

    /** A chart of {@code ys} against 0, 1, 2, .... */
    public static LineChart of(double[] ys, String label) {
        Checks.notNull(ys, "ys");
        double[] xs = new double[ys.length];
        for (int i = 0; i < xs.length; i++) xs[i] = i;
        return of(xs, ys, label);
    }

    /** Overlays one more series; labels must differ (they name the legend entries). */
    public LineChart add(double[] xs, double[] ys, String label) {
        Checks.notNull(xs, "xs");
        Checks.notNull(ys, "ys");
        if (xs.length != ys.length)
            throw new IllegalArgumentException("xs has " + xs.length + " values but ys has " + ys.length);
        if (xs.length == 0) throw new IllegalArgumentException("xs and ys are empty: nothing to plot");
        String name = label == null || label.isBlank() ? "series " + series.size() : label;
        for (Series s : series)
            if (s.label.equals(name))
                throw new IllegalArgumentException("label \"" + name + "\" is already used by a series of this chart");
        series.add(new Series(name, xs.clone(), ys.clone()));
        return this;
    }

    /** Axis captions. */
    public LineChart axes(String xLabel, String yLabel) {
        this.xLabel = xLabel == null ? "" : xLabel;
        this.yLabel = yLabel == null ? "" : yLabel;
        return this;
    }

    public LineChart logX(boolean on) { logX = on; return this; }

    public LineChart logY(boolean on) { logY = on; return this; }

    /** Draws a small circle at every data point. */
    public LineChart markers(boolean on) { markers = on; return this; }

    /** A fresh XChart chart with this chart's series and style, {@code width × height} pixels. */
    public XYChart xchart(int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        XYStyler s = c.getStyler();
        s.setLocale(Locale.ROOT);
        s.setBaseFont(BASE);
        s.setChartTitleFont(BASE.deriveFont(Font.BOLD, 17f));
        s.setChartTitleVisible(!title.isEmpty());
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(BASE);
        s.setAxisTickLabelsFont(BASE.deriveFont(12f));
        s.setLegendFont(BASE.deriveFont(12f));
        s.setChartFontColor(new Color(0x222222));
        s.setAxisTickLabelsColor(new Color(0x444444));
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setPlotGridLinesColor(new Color(0xe6e6e6));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setAxisTickMarksColor(new Color(0x999999));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(new Color(0xdddddd));
        s.setLegendVisible(series.size() > 1 || !series.get(0).label.startsWith("series "));
        s.setChartPadding(14);
        s.setXAxisLogarithmic(logX);
        s.setYAxisLogarithmic(logY);
        s.setMarkerSize(6);
        s.setAntiAlias(true);
        if (equallySpacedX()) {
            // XChart puts the x ticks of equally spaced data on data points (1, 169, 337, ...) with labels that run
            // into each other; one hidden point off the grid sends it to its usual round-number ticks instead.
            Series d = series.get(0);
            XYSeries pad = c.addSeries("\u200b", new double[] {(d.xs[0] + d.xs[1]) / 2}, new double[] {d.ys[0]});
            pad.setShowInLegend(false);
            pad.setLineColor(new Color(0, 0, 0, 0));
            pad.setMarker(SeriesMarkers.NONE);
        }
        for (int k = 0; k < series.size(); k++) {
            Series d = series.get(k);
            XYSeries xs = c.addSeries(d.label, d.xs, d.ys);
            xs.setLineColor(PALETTE[k % PALETTE.length]);
            xs.setMarkerColor(PALETTE[k % PALETTE.length]);
            xs.setLineWidth(2.2f);
            xs.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return c;
    }

    // True when the first series has an x grid of more than 12 equally spaced finite values (a step axis) and every
    // other series either shares it or lies within its range (a reference line or a marker drawn over the curves).
    private boolean equallySpacedX() {
        double[] xs = series.get(0).xs;
        if (xs.length <= 12 || logX) return false;
        double step = xs[1] - xs[0];
        if (!(Double.isFinite(step) && step != 0)) return false;
        for (int i = 1; i < xs.length; i++) if (Math.abs(xs[i] - xs[i - 1] - step) > 1e-9 * Math.abs(step)) return false;
        for (Series s : series)
            if (!java.util.Arrays.equals(s.xs, xs))
                for (double x : s.xs) if (!(x >= xs[0] && x <= xs[xs.length - 1])) return false;
        return Double.isFinite(series.get(0).ys[0]);
    }

    @Override
    public BufferedImage image(int width, int height) { return BitmapEncoder.getBufferedImage(xchart(width, height)); }

    @Override
    JComponent component() { return new XChartPanel<>(xchart(width(), height())); }

    @Override
    int defaultWidth() { return 760; }

    @Override
    int defaultHeight() { return 480; }

    @Override
    String kind() { return "plot"; }

    /** A character plot: one symbol (and, with colour, one colour) per series, y axis range at the left. */
    @Override
    public String terminal(boolean color) { return AnsiPlot.render(this, color, Terminal.columns()); }

    List<double[][]> data() {
        List<double[][]> d = new ArrayList<>();
        for (Series s : series) d.add(new double[][] {s.xs, s.ys});
        return d;
    }

    List<String> labels() {
        List<String> l = new ArrayList<>();
        for (Series s : series) l.add(s.label);
        return l;
    }

    /** {@code LineChart [loss] "training", 40 points}: the series, the title and how many points each has. */
    @Override
    public String toString() {
        List<Integer> sizes = new ArrayList<>();
        for (Series s : series) sizes.add(s.xs.length);
        boolean same = sizes.stream().distinct().count() == 1;
        String points = same ? sizes.get(0) + " point" + (sizes.get(0) == 1 ? "" : "s") + (sizes.size() > 1
                ? " each" : "") : sizes.toString().replaceAll("[\\[\\]]", "") + " points";
        return "LineChart " + labels() + (title.isEmpty() ? "" : " \"" + title + "\"") + ", " + points;
    }
}
