package attnlab.model;

import attnlab.plot.Heatmap;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link HeadDetector#detect} found: one score per head, {@code [layers, heads]}, with how it was measured.
 * Prints as the best heads ({@code layer.head score}); {@link #heatmap()} draws every head, layers down, heads across.
 */
public final class DetectedHeads {
    private final String detector;
    private final Tensor scores;
    private final HeadDetector.Rows rows;
    private final String input;

    DetectedHeads(String detector, Tensor scores, HeadDetector.Rows rows, String input) {
        this.detector = detector;
        this.scores = scores;
        this.rows = rows;
        this.input = input;
    }

    /** The scores {@code [layers, heads]} (a copy). */
    public Tensor scores() {
        return scores.copy();
    }

    public double score(int layer, int head) {
        Checks.nonNegative(layer, "layer");
        Checks.nonNegative(head, "head");
        if (layer >= scores.rows() || head >= scores.cols())
            throw new IllegalArgumentException("(layer, head) must be inside [" + scores.rows() + ", " + scores.cols()
                    + "] but was (" + layer + ", " + head + ")");
        return scores.get(layer, head);
    }

    /** One head and its score. */
    public record Head(int layer, int head, double score) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d.%d %.3f", layer, head, score);
        }
    }

    /** The {@code k} best heads, best first (ties: lower layer, then lower head, first). */
    public List<Head> top(int k) {
        Checks.positive(k, "k");
        List<Head> all = new ArrayList<>();
        for (int l = 0; l < scores.rows(); l++)
            for (int h = 0; h < scores.cols(); h++) all.add(new Head(l, h, scores.get(l, h)));
        all.sort((a, b) -> Double.compare(b.score, a.score));
        return all.subList(0, Math.min(k, all.size()));
    }

    /** Layers down, heads across, 0 to 1, the scores written in the cells. */
    public Heatmap heatmap() {
        String[] ls = new String[scores.rows()], hs = new String[scores.cols()];
        for (int l = 0; l < ls.length; l++) ls[l] = "L" + l;
        for (int h = 0; h < hs.length; h++) hs[h] = "H" + h;
        return Heatmap.of(scores).tokens(ls, hs).axes("head", "layer").range(0, 1)
                .values(scores.rows() * scores.cols() <= 400).title(detector + " score per head");
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s scores [%d layers, %d heads] (%s; %s)%n"
                + "top heads (layer.head score):", detector, scores.rows(), scores.cols(),
                rows == HeadDetector.Rows.ROWS_WITH_TARGET ? "mean over rows with a target" : "mean over all rows,"
                        + " as TransformerLens", input));
        for (Head h : top(5)) b.append("  ").append(h);
        return b.toString();
    }
}
