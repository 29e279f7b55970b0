package attnlab.train;

import attnlab.plot.Heatmap;
import attnlab.plot.LineChart;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.util.Random;

/**
 * The pictures of exercise 5.9: the training curve, and one attention heatmap per head on a sample sequence with its
 * tokens labelling both axes (query rows top to bottom, keys left to right; cells the mask blocks drawn as masked).
 * Each returns an {@code attnlab.plot} chart: {@code .show()}, or {@code .save("charts/name.png")}.
 */
public final class TrainingCharts {
    private TrainingCharts() {}

    /** Loss and training-batch accuracy against the step, overlaid. */
    public static LineChart curve(TrainResult r) {
        Checks.notNull(r, "result");
        if (r.steps() == 0) throw new IllegalArgumentException("result has no completed steps: nothing to plot");
        double[] x = r.stepAxis();
        return LineChart.of(x, r.losses(), "loss").add(x, r.accuracies(), "accuracy").axes("step", "loss / accuracy")
                .title("Training: " + r.task().name() + ", " + r.model().heads()
                        + (r.model().heads() == 1 ? " head, " : " heads, ")
                        + r.model().maskKind().label() + " mask");
    }

    /**
     * Per-head heatmaps of {@code model} on {@code tokens} (length L), rows and columns labelled
     * {@code position:token} ({@code 3:4} is token 4 at position 3), since a token id alone repeats.
     */
    public static Heatmap heads(AttentionModel model, int[] tokens) {
        Checks.notNull(model, "model");
        Tensor w = model.headWeights(tokens);
        String[] labels = new String[tokens.length];
        for (int t = 0; t < tokens.length; t++) labels[t] = t + ":" + tokens[t];
        Heatmap h = Heatmap.heads(w).tokens(labels).title("Attention per head, " + model.maskKind().label()
                + " mask (labels: position:token)");
        Tensor mask = model.maskKind().mask(model.length());
        return mask == null ? h : h.mask(mask);
    }

    /** Per-head heatmaps on a sample sequence of {@code task} drawn with {@code seed}. */
    public static Heatmap heads(AttentionModel model, Task task, long seed) {
        Checks.notNull(task, "task");
        return heads(model, sampleSequence(task, seed));
    }

    /** One sequence of {@code task} drawn from {@code new Random(seed)}. */
    public static int[] sampleSequence(Task task, long seed) {
        return task.sample(new Random(seed), 1).tokens()[0];
    }
}
