package attnlab.train;

/**
 * What a training run gives back: the (trained) model, the per-step curves, the wall-clock time, whether the user
 * stopped it, and the loss and accuracy on fresh sequences.
 *
 * @param model      the model, trained in place (also when stopped)
 * @param task       the task it was trained on
 * @param steps      steps completed
 * @param requested  steps asked for
 * @param losses     training loss of each completed step (length {@code steps})
 * @param accuracies training-batch accuracy of each completed step
 * @param seconds    wall-clock time of the training loop
 * @param stopped    true when Ctrl-C ended the run early
 * @param eval       loss and accuracy on fresh sequences after training, or null if skipped
 */
public record TrainResult(AttentionModel model, Task task, int steps, int requested, double[] losses,
                          double[] accuracies, double seconds, boolean stopped, CrossEntropy.Result eval) {

    /** Completed steps per second. */
    public double stepsPerSecond() { return seconds > 0 ? steps / seconds : 0; }

    /** Accuracy on fresh sequences (NaN if not evaluated). */
    public double accuracy() { return eval == null ? Double.NaN : eval.accuracy(); }

    /** Step numbers 1..steps, the x axis for {@link #losses()} and {@link #accuracies()}. */
    public double[] stepAxis() {
        double[] x = new double[steps];
        for (int i = 0; i < steps; i++) x[i] = i + 1;
        return x;
    }

    /** Per-head scores of the trained model on fresh sequences: see {@link HeadScores#of(AttentionModel, Task)}. */
    public HeadScores scores() { return HeadScores.of(model, task); }

    /** The loss and accuracy curve (an {@code attnlab.plot} chart: {@code .show()} or {@code .save(path)}). */
    public attnlab.plot.LineChart curve() { return TrainingCharts.curve(this); }

    /** One heatmap per head on a sample sequence of the task (seed 0), tokens on both axes. */
    public attnlab.plot.Heatmap heatmaps() { return TrainingCharts.heads(model, task, 0); }

    /**
     * One summary line, e.g. {@code trained 1500/1500 steps in 1.21 s (1240 steps/s): final loss 0.0031, accuracy
     * 100.0% on 1000 fresh sequences}.
     */
    @Override
    public String toString() {
        if (steps == 0) { // "trained 0/0 steps" read as success: say plainly that the model did not change
            StringBuilder sb = new StringBuilder(stopped ? "stopped before the first step" : "nothing trained: 0 steps"
                    + " requested").append(", the model is as it was");
            if (eval != null) sb.append(": accuracy ").append(Fixed.percent(eval.accuracy(), 1)).append(" (loss ")
                    .append(Fixed.format(eval.loss(), 4)).append(") on fresh sequences");
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder(stopped ? "stopped after " : "trained ").append(steps).append('/')
                .append(requested).append(" steps in ").append(Fixed.format(seconds, 2)).append(" s (")
                .append(Fixed.format(stepsPerSecond(), 0)).append(" steps/s)");
        if (steps > 0) sb.append(": final batch loss ").append(Fixed.format(losses[steps - 1], 4));
        if (eval != null)
            sb.append(steps > 0 ? ", " : ": ").append("accuracy ").append(Fixed.percent(eval.accuracy(), 1))
                    .append(" (loss ").append(Fixed.format(eval.loss(), 4)).append(") on fresh sequences");
        return sb.toString();
    }
}
