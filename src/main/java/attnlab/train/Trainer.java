package attnlab.train;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

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
public final class Trainer extends TrainerSettings<Trainer> {
    private final AttentionModel model;
    private final Task task;

    private Trainer(AttentionModel model, Task task) {
        super(1500, 64, 1e-2, 1000);
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

    /** Trains; returns the curves and the final accuracy. Ctrl-C returns early with the model kept. */
    public TrainResult run() {
        Random data = new Random(seed);
        Task.Batch b = new Task.Batch(new int[batch][task.length()], new int[batch][task.length()]);
        Tensor P = Tensor.zeros(batch, task.length(), task.outputVocab());
        Tensor dLogits = Tensor.zeros(batch, task.length(), task.outputVocab());
        Adam adam = new Adam(lr, model.parameters());
        double[] losses = new double[steps], accuracies = new double[steps];
        StepLoop.Outcome o = StepLoop.run(steps, progressBar(), i -> {
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
                : StepLoop.skippable(() -> evaluate(model, task, evalSequences, evalSeed()));
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
        return "Trainer(" + settings() + ") for " + model + " on " + task;
    }

    /** Loss and accuracy of {@code model} on {@code sequences} fresh sequences of {@code task} drawn with a seed. */
    public static CrossEntropy.Result evaluate(AttentionModel model, Task task, int sequences, long seed) {
        Checks.positive(sequences, "sequences");
        Task.Batch b = task.sample(new Random(seed), sequences);
        Tensor logits = model.forward(b.tokens());
        return CrossEntropy.forward(logits, b.targets(), Tensor.zeros(logits.shape()));
    }
}
