package attnlab.plot;

import attnlab.tensor.TensorFormat;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers printed in heatmap cells: as few decimals as tell apart every two cells whose colours clearly differ.
 *
 * <p>Why: a fixed two decimals prints "0.00" in every cell of an ALiBi bias with slope 1/256 (-0.0039 per step)
 * although the colours run from one end of the scale to the other. "Clearly differ" means more than 2% of the colour
 * scale apart; then the texts differ too. Rounding is monotone, so it is enough that no run of equal texts spans
 * more than that.
 */
final class CellValues {
    /** Fraction of the colour scale beyond which two cells must print differently. */
    static final double DISTINCT = 0.02;
    static final int MAX_DECIMALS = 6;

    private CellValues() {}

    /** Decimals for the values of {@code h} under colour scale {@code scale} (0 for large values, else 2 to 6). */
    static int decimals(Heatmap h, double[] scale) {
        List<Double> values = new ArrayList<>();
        double maxAbs = 0;
        for (int p = 0; p < h.panels.size(); p++)
            for (int i = 0; i < h.rows; i++)
                for (int j = 0; j < h.cols; j++) {
                    double v = h.panels.get(p)[i][j];
                    if (!Double.isFinite(v) || h.isMasked(p, i, j)) continue;
                    values.add(v);
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                }
        values.sort(null);
        double tolerance = DISTINCT * (scale[1] - scale[0]);
        for (int d = maxAbs >= 100 ? 0 : 2; d < MAX_DECIMALS; d++) if (distinct(values, d, tolerance)) return d;
        return MAX_DECIMALS;
    }

    /** {@code v} with {@code decimals} decimals ({@code "0.25"}, {@code "-0.0039"}, {@code "120"}). */
    static String text(double v, int decimals) { return TensorFormat.fixed(v, decimals); }

    // Sorted values: every run of equal texts spans at most `tolerance`.
    private static boolean distinct(List<Double> sorted, int decimals, double tolerance) {
        int start = 0;
        for (int k = 1; k <= sorted.size(); k++) {
            if (k < sorted.size() && text(sorted.get(k), decimals).equals(text(sorted.get(start), decimals))) continue;
            if (sorted.get(k - 1) - sorted.get(start) > tolerance) return false;
            start = k;
        }
        return true;
    }
}
