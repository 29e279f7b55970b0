package attnlab.train;

import attnlab.tensor.Checks;
import attnlab.tensor.TensorFormat;

import java.io.PrintStream;

/**
 * The settings every trainer chains ({@code steps}, {@code batch}, {@code lr}, {@code seed}, {@code progress},
 * {@code out}, {@code evalSequences}), in one place so {@link Trainer} and {@link InductionTrainer} check and show them
 * alike. Each setter returns the trainer itself ({@code T}), so {@code trainer(m, task).steps(500).lr(3e-3).run()}
 * reads the same on both. Package-private: the trainers are the public face; their defaults differ.
 *
 * @param <T> the trainer class itself
 */
abstract class TrainerSettings<T extends TrainerSettings<T>> {
    /** Offset of the evaluation data's seed from the training data's, so the two streams never coincide. */
    static final long EVAL_SEED_OFFSET = 1_000_003;

    int steps, batch, evalSequences;
    double lr;
    long seed = 0;
    ProgressBar.Mode progress = ProgressBar.Mode.AUTO;
    PrintStream out = System.out;

    TrainerSettings(int steps, int batch, double lr, int evalSequences) {
        this.steps = steps;
        this.batch = batch;
        this.lr = lr;
        this.evalSequences = evalSequences;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** How many Adam steps {@code run()} takes (0 trains nothing). */
    public T steps(int steps) {
        this.steps = Checks.nonNegative(steps, "steps");
        return self();
    }

    /** Sequences per step. */
    public T batch(int batch) {
        this.batch = Checks.positive(batch, "batch");
        return self();
    }

    /** Adam's learning rate: finite and {@code > 0}. */
    public T lr(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr))
            throw new IllegalArgumentException("lr must be > 0 but was " + TensorFormat.number(lr));
        this.lr = lr;
        return self();
    }

    /** Seed of the training data stream (the model has its own init seed). */
    public T seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** How progress is shown; AUTO picks a live bar on a terminal and a few plain lines otherwise. */
    public T progress(ProgressBar.Mode mode) {
        this.progress = Checks.notNull(mode, "mode");
        return self();
    }

    /** Where progress goes (default {@code System.out}). */
    public T out(PrintStream out) {
        this.out = Checks.notNull(out, "out");
        return self();
    }

    /** How many fresh sequences measure the final result after training (0 skips it). */
    public T evalSequences(int n) {
        this.evalSequences = Checks.nonNegative(n, "evalSequences");
        return self();
    }

    /** The progress bar of one run of {@link #steps} steps. */
    ProgressBar progressBar() {
        return new ProgressBar(out, progress, steps);
    }

    /** The seed of the final evaluation's sequences. */
    long evalSeed() {
        return seed + EVAL_SEED_OFFSET;
    }

    /** The settings as {@code toString} shows them: {@code 1500 steps, batch 64, Adam lr 0.01, data seed 0, ...}. */
    String settings() {
        return steps + " steps, batch " + batch + ", Adam lr " + Fixed.significant(lr, 6) + ", data seed " + seed
                + ", progress " + progress + ", " + evalSequences + " evaluation sequences";
    }
}
