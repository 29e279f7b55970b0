package attnlab.train;

import attnlab.model.HeadDetector;
import attnlab.model.HookedModel;
import attnlab.model.ModelRun;
import attnlab.plot.Heatmap;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.util.Locale;

/**
 * Previous-token and induction scores of every head, {@code [layers, heads]} each, by the real-model detectors
 * ({@link HeadDetector}, TransformerLens's {@code head_detector} measure over the rows that have a target, so a
 * perfect head scores exactly 1), averaged over {@code sequences} evaluation sequences {@code BOS, x, x} whose
 * tokens {@link HeadDetector#repeatedRandomTokens} draws with seeds {@code seed, seed + 1, ...}.
 * <pre>
 *   previous token   the attention on key i − 1
 *   induction        the attention on the token after an earlier copy of the current token (query i in the second
 *                    half: key i − n + 1, the stripe n − 1 places left of the diagonal)
 * </pre>
 *
 * @param previousToken {@code [layers, heads]}
 * @param induction     {@code [layers, heads]}
 * @param sequences     how many sequences were averaged
 */
public record InductionScores(Tensor previousToken, Tensor induction, int sequences) {

    /** The scores of {@code model} on 32 sequences of {@code task}'s evaluation shape, seeds 0..31. */
    public static InductionScores of(HookedModel model, InductionTask task) {
        return of(model, task, 32, 0);
    }

    public static InductionScores of(HookedModel model, InductionTask task, int sequences, long seed) {
        Checks.notNull(model, "model");
        Checks.notNull(task, "task");
        Checks.positive(sequences, "sequences");
        int layers = model.layers(), H = model.heads();
        Tensor prev = Tensor.zeros(layers, H), ind = Tensor.zeros(layers, H);
        for (int s = 0; s < sequences; s++) {
            int[] t = HeadDetector.repeatedRandomTokens(task.n(), 0, task.vocab(), task.bos(), seed + s);
            ModelRun r = model.run(t, n -> n.endsWith("hook_pattern"));
            Tensor[] patterns = new Tensor[layers];
            for (int l = 0; l < layers; l++) patterns[l] = r.pattern(l);
            add(prev, HeadDetector.scores(patterns, HeadDetector.detectionPattern(HeadDetector.Kind.PREVIOUS_TOKEN, t),
                    HeadDetector.Rows.ROWS_WITH_TARGET), 1.0 / sequences);
            add(ind, HeadDetector.scores(patterns, HeadDetector.detectionPattern(HeadDetector.Kind.INDUCTION, t),
                    HeadDetector.Rows.ROWS_WITH_TARGET), 1.0 / sequences);
        }
        return new InductionScores(prev, ind, sequences);
    }

    private static void add(Tensor sum, Tensor x, double w) {
        double[] s = sum.matrix().data, a = x.matrix().data;
        for (int i = 0; i < s.length; i++) s[i] += w * a[i];
    }

    /** The head with the highest score in {@code layer}: {@code {head, score}} (the first on ties). */
    public static double[] best(Tensor scores, int layer) {
        Checks.notNull(scores, "scores");
        if (layer < 0 || layer >= scores.rows())
            throw new IllegalArgumentException("layer must be in 0.." + (scores.rows() - 1) + " but was " + layer);
        int best = 0;
        for (int h = 1; h < scores.cols(); h++) if (scores.get(layer, h) > scores.get(layer, best)) best = h;
        return new double[] {best, scores.get(layer, best)};
    }

    /** The best previous-token head of {@code layer}: {@code {head, score}}. */
    public double[] bestPreviousToken(int layer) { return best(previousToken, layer); }

    /** The best induction head of {@code layer}: {@code {head, score}}. */
    public double[] bestInduction(int layer) { return best(induction, layer); }

    /**
     * Two panels, previous-token and induction, rows = layers, columns = heads, scale 0..1, values written (averaged
     * over {@link #sequences()} repeated random sequences).
     */
    public Heatmap heatmap() {
        int layers = previousToken.rows(), H = previousToken.cols();
        Tensor both = Tensor.zeros(2, layers, H);
        both.slice(0).setTo(previousToken.matrix());
        both.slice(1).setTo(induction.matrix());
        String[] rows = new String[layers], cols = new String[H];
        for (int l = 0; l < layers; l++) rows[l] = "layer " + l;
        for (int h = 0; h < H; h++) cols[h] = "head " + h;
        return Heatmap.of(both).panelTitles("previous-token score", "induction score").tokens(rows, cols)
                .range(0, 1).values(true).axes("head", "layer")
                .title("Head detector scores");
    }

    /** A table, one row per head: {@code layer head  prev  induction}, scores to 3 decimals. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("layer  head   prev  induction\n");
        for (int l = 0; l < previousToken.rows(); l++)
            for (int h = 0; h < previousToken.cols(); h++)
                b.append(String.format(Locale.ROOT, "%5d  %4d  %5s  %9s%n", l, h, Fixed.format(previousToken.get(l, h), 3),
                        Fixed.format(induction.get(l, h), 3)));
        return b.toString();
    }
}
