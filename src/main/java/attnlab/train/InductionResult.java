package attnlab.train;

import attnlab.plot.Heatmap;
import attnlab.plot.LineChart;

/**
 * What an induction training run gives back: the (trained) model, the per-step loss curves of the new and the
 * repeated targets, the phase change, the wall-clock time, whether Ctrl-C stopped it, and the final losses of both
 * halves on fresh evaluation sequences.
 *
 * @param model        the model, trained in place (also when stopped)
 * @param task         the task it was trained on
 * @param steps        steps completed
 * @param requested    steps asked for
 * @param losses       training loss of each completed step (all targets)
 * @param firstHalf    each step's batch loss on new targets (nats)
 * @param repeatedHalf each step's batch loss on repeated targets (nats)
 * @param seconds      wall-clock time of the training loop
 * @param stopped      true when Ctrl-C ended the run early
 * @param eval         {@code {first half, repeated half}} on fresh evaluation sequences, or null if skipped
 */
public record InductionResult(AttentionOnly model, InductionTask task, int steps, int requested, double[] losses,
                              double[] firstHalf, double[] repeatedHalf, double seconds, boolean stopped,
                              double[] eval) {

    /** Completed steps per second. */
    public double stepsPerSecond() { return seconds > 0 ? steps / seconds : 0; }

    /** Loss on the first half of fresh evaluation sequences (NaN if not evaluated); about ln(vocab) at best. */
    public double firstHalfLoss() { return eval == null ? Double.NaN : eval[0]; }

    /** Loss on the repeated half of fresh evaluation sequences (NaN if not evaluated); near 0 with induction. */
    public double repeatedHalfLoss() { return eval == null ? Double.NaN : eval[1]; }

    /**
     * The phase change: the step (1-based) where the repeated-half training loss falls fastest, measured as the
     * largest drop between the mean of the {@code w} steps before and of the {@code w} steps from it on,
     * {@code w = max(5, steps/50)}; 0 when the run is too short to say.
     */
    public int phaseChangeStep() {
        return phaseChange(repeatedHalf, steps);
    }

    static int phaseChange(double[] curve, int steps) {
        int w = Math.max(5, steps / 50);
        if (steps < 2 * w) return 0;
        double[] prefix = new double[steps + 1];
        for (int i = 0; i < steps; i++) prefix[i + 1] = prefix[i] + curve[i];
        int best = 0;
        double bestDrop = Double.NEGATIVE_INFINITY;
        for (int i = w; i <= steps - w; i++) {
            double drop = (prefix[i] - prefix[i - w]) / w - (prefix[i + w] - prefix[i]) / w;
            if (drop > bestDrop) {
                bestDrop = drop;
                best = i + 1;
            }
        }
        return best;
    }

    /** Step numbers 1..steps, the x axis of the curves. */
    public double[] stepAxis() {
        double[] x = new double[steps];
        for (int i = 0; i < steps; i++) x[i] = i + 1;
        return x;
    }

    /** Both halves' loss against the step, ln(vocab) and the phase change marked ({@code .show()}, {@code .save}). */
    public LineChart curve() { return InductionCharts.curve(this); }

    /** The heads of every layer on one evaluation sequence (seed 0): the induction stripe. */
    public Heatmap heads() { return InductionCharts.heads(model, task, 0); }

    /** Previous-token and induction scores of every head ({@link InductionScores}). */
    public InductionScores scores() { return InductionScores.of(model, task); }

    /**
     * Two lines, e.g. {@code trained 1200/1200 steps in 9.81 s (122 steps/s); phase change at step 212} and
     * {@code first half 4.2104 nats (ln 64 = 4.1589), repeated half 0.0312 nats on 256 fresh sequences}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(stopped ? "stopped after " : "trained ").append(steps).append('/')
                .append(requested).append(" steps in ").append(Fixed.format(seconds, 2)).append(" s (")
                .append(Fixed.format(stepsPerSecond(), 0)).append(" steps/s)");
        int p = phaseChangeStep();
        if (p > 0) sb.append("; phase change at step ").append(p);
        if (eval != null)
            sb.append("\nfirst half ").append(Fixed.format(eval[0], 4)).append(" nats (ln ").append(task.vocab())
                    .append(" = ").append(Fixed.format(task.chanceLoss(), 4)).append("), repeated half ")
                    .append(Fixed.format(eval[1], 4)).append(" nats, on fresh sequences");
        return sb.toString();
    }
}
