package attnlab.train;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import attnlab.tensor.TensorFormat;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Random;

/**
 * Trains an {@link AttentionModel} on a {@link Task} with Adam on cross-entropy, showing a {@link ProgressBar}.
 * Each step:
 * <pre>
 *   batch   = task.sample(data, B)                          fresh random sequences (seeded stream)
 *   logits  = model.forward(batch.tokens)
 *   loss    = CrossEntropy.forward(logits, batch.targets)   mean over positions with a target
 *   grads   = model.backward(CrossEntropy.backward(...))
 *   adam.step(grads)
 * </pre>
 * Defaults (numerics §9): 1500 steps, batch 64, lr 1e-2, data seed 0, 1000 fresh sequences for the final accuracy.
 * Settings chain: {@code Trainer.of(model, task).steps(500).lr(3e-3).run()}.
 *
 * <p><b>Ctrl-C</b> (the REPL interrupts the thread): every step polls {@link Interrupts}; training stops
 * cleanly between two Adam updates and {@link #run()} returns normally with {@link TrainResult#stopped()} true and
 * the model as trained so far. (The stock jshell tool, and JDK 17's local engine, stop a snippet with an asynchronous
 * {@code ThreadDeath} instead; that is caught too, though it may land inside an Adam update and leave that one step
 * half applied.)
 */
public final class Trainer {
    private final AttentionModel model;
    private final Task task;
    private int steps = 1500, batch = 64, evalSequences = 1000;
    private double lr = 1e-2;
    private long seed = 0;
    private ProgressBar.Mode progress = ProgressBar.Mode.AUTO;
    private PrintStream out = System.out;

    private Trainer(AttentionModel model, Task task) {
        this.model = model;
        this.task = task;
    }

    /** A trainer with the default settings; the model must fit the task (vocab, classes, length). */
    public static Trainer of(AttentionModel model, Task task) {
        Checks.notNull(model, "model");
        Checks.notNull(task, "task");
        if (model.vocab() != task.vocab() || model.classes() != task.outputVocab() || model.length() != task.length())
            throw new IllegalArgumentException("model has vocab " + model.vocab() + ", classes " + model.classes()
                    + ", length " + model.length() + " but task has vocab " + task.vocab() + ", classes "
                    + task.outputVocab() + ", length " + task.length());
        return new Trainer(model, task);
    }

    public Trainer steps(int steps) { this.steps = Checks.nonNegative(steps, "steps"); return this; }

    public Trainer batch(int batch) { this.batch = Checks.positive(batch, "batch"); return this; }

    public Trainer lr(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr))
            throw new IllegalArgumentException("lr must be > 0 but was " + TensorFormat.number(lr));
        this.lr = lr;
        return this;
    }

    /** Seed of the training data stream (the model has its own init seed). */
    public Trainer seed(long seed) { this.seed = seed; return this; }

    /** How progress is shown; AUTO picks a live bar on a terminal and a few plain lines otherwise. */
    public Trainer progress(ProgressBar.Mode mode) { this.progress = Checks.notNull(mode, "mode"); return this; }

    /** Where progress goes (default {@code System.out}). */
    public Trainer out(PrintStream out) { this.out = Checks.notNull(out, "out"); return this; }

    /** How many fresh sequences measure the final accuracy (0 skips it). */
    public Trainer evalSequences(int n) { this.evalSequences = Checks.nonNegative(n, "evalSequences"); return this; }

    /** Trains; returns the curves and the final accuracy. Ctrl-C returns early with the model kept. */
    public TrainResult run() {
        Random data = new Random(seed);
        Task.Batch b = new Task.Batch(new int[batch][task.length()], new int[batch][task.length()]);
        Tensor P = Tensor.zeros(batch, task.length(), task.outputVocab());
        Tensor dLogits = Tensor.zeros(batch, task.length(), task.outputVocab());
        Adam adam = new Adam(lr, model.parameters());
        double[] losses = new double[steps], accuracies = new double[steps];
        StepLoop.Outcome o = StepLoop.run(steps, new ProgressBar(out, progress, steps), i -> {
            task.sample(data, b);
            Tensor logits = model.forward(b.tokens());
            CrossEntropy.Result r = CrossEntropy.forward(logits, b.targets(), P);
            CrossEntropy.backward(P, b.targets(), r.count(), dLogits);
            Tensor[] grads = model.backward(dLogits);
            adam.step(grads);                        // the only write to the model: a stop never tears it
            losses[i] = r.loss();
            accuracies[i] = r.accuracy();
            return r;
        });
        int done = o.done();
        CrossEntropy.Result eval = evalSequences == 0 ? null
                : StepLoop.skippable(() -> evaluate(model, task, evalSequences, seed + 1_000_003));
        boolean stopped = o.stopped() || (evalSequences > 0 && eval == null); // a second Ctrl-C skipped the evaluation
        double seconds = o.seconds();
        return new TrainResult(model, task, done, steps, Arrays.copyOf(losses, done), Arrays.copyOf(accuracies, done),
                seconds, stopped, eval);
    }

    static boolean isThreadDeath(Throwable e) {
        return StepLoop.isThreadDeath(e);
    }

    /** The settings, e.g. {@code Trainer(1500 steps, batch 64, Adam lr 0.01, data seed 0, progress AUTO)}. */
    @Override
    public String toString() {
        return "Trainer(" + steps + " steps, batch " + batch + ", Adam lr " + Fixed.significant(lr, 6) + ", data seed "
                + seed + ", progress " + progress + ", " + evalSequences + " evaluation sequences) for " + model
                + " on " + task;
    }

    /** Loss and accuracy of {@code model} on {@code sequences} fresh sequences of {@code task} drawn with a seed. */
    public static CrossEntropy.Result evaluate(AttentionModel model, Task task, int sequences, long seed) {
        Checks.positive(sequences, "sequences");
        Task.Batch b = task.sample(new Random(seed), sequences);
        Tensor logits = model.forward(b.tokens());
        return CrossEntropy.forward(logits, b.targets(), Tensor.zeros(logits.shape()));
    }
}
