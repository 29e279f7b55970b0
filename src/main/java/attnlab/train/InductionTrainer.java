package attnlab.train;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.util.Random;

/**
 * Trains an {@link AttentionOnly} model on an {@link InductionTask} with Adam on next-token cross-entropy, showing
 * the {@link ProgressBar} (Ctrl-C stops between two steps and keeps the model). Each step:
 * <pre>
 *   batch  = task.sample(data, B)                        fresh training sequences (seeded stream)
 *   logits = model.forward(batch.tokens)
 *   loss   = CrossEntropy.forward(logits, targets)       mean over every target, new and repeated
 *   grads  = model.backward(CrossEntropy.backward(...));  adam.step(grads)
 *   curves: the batch's loss on new and on repeated targets ({@link InductionTask#halfLosses})
 * </pre>
 * then the loss of each half on {@code evalSequences} fresh evaluation sequences ({@code BOS, x, x}). Defaults: 2000
 * steps, batch 32, Adam lr 2e-2 decaying linearly to 0, data seed 0, 256 evaluation sequences. Settings chain:
 * {@code InductionTrainer.of(model, task).steps(2000).lr(3e-3).run()}.
 */
public final class InductionTrainer extends TrainerSettings<InductionTrainer> {
    private final AttentionOnly model;
    private final InductionTask task;
    private boolean decay = true;

    private InductionTrainer(AttentionOnly model, InductionTask task) {
        super(2000, 32, 2e-2, 256);
        this.model = model;
        this.task = task;
    }

    /** A trainer with the default settings; the model needs the task's ids (tokens and BOS) and length. */
    public static InductionTrainer of(AttentionOnly model, InductionTask task) {
        Checks.notNull(model, "model");
        Checks.notNull(task, "task");
        check(model, task);
        return new InductionTrainer(model, task);
    }

    static void check(AttentionOnly model, InductionTask task) {
        if (model.vocab() < task.modelVocab())
            throw new IllegalArgumentException("model has vocab " + model.vocab() + " but the task needs "
                    + task.modelVocab() + " ids: its " + task.vocab() + " tokens and BOS = " + task.bos());
        if (model.context() < task.length())
            throw new IllegalArgumentException("model has context " + model.context() + " but the task's sequences"
                    + " have 2n + 1 = " + task.length() + " tokens (n = " + task.n() + ")");
    }

    /**
     * Whether the learning rate decays linearly, {@code lr · (steps − i) / steps} at step i = 0, 1, ... (the
     * default), or stays at {@code lr}. The decay lets the noisy early steps find the circuit and the late ones
     * settle it.
     */
    public InductionTrainer decay(boolean on) { this.decay = on; return this; }

    /** The training batches this trainer draws, in order: the data of step i is {@code batches(i + 1)[i]}. */
    public InductionTask.Batch[] batches(int count) {
        Random data = new Random(seed);
        InductionTask.Batch[] out = new InductionTask.Batch[count];
        for (int i = 0; i < count; i++) out[i] = task.sample(data, batch);
        return out;
    }

    /**
     * Writes what a PyTorch twin of this run needs to start equal ({@code bench/induction_torch.py}):
     * {@code dir/init.npz}, the model's current weights under PyTorch's names ({@link ModelFiles}), and
     * {@code dir/batches.npz}: {@code tokens} and {@code targets} {@code [steps, B, L]} (the batches {@link #run} will
     * draw; −1 = no target) and {@code settings} {@code [layers, heads, lr, decay (1/0), steps]}.
     */
    public void export(java.nio.file.Path dir) {
        Checks.notNull(dir, "dir");
        ModelFiles.save(model, dir.resolve("init.npz"));
        InductionTask.Batch[] all = batches(steps);
        int L = task.length();
        Tensor tokens = Tensor.zeros(steps, batch, L), targets = Tensor.zeros(steps, batch, L);
        for (int i = 0; i < steps; i++)
            for (int b = 0; b < batch; b++)
                for (int t = 0; t < L; t++) {
                    tokens.set(i, b, t, all[i].tokens()[b][t]);
                    targets.set(i, b, t, all[i].targets()[b][t]);
                }
        Tensor settings = Tensor.of(new double[][] {{model.layers(), model.heads(), lr, decay ? 1 : 0, steps}});
        java.util.Map<String, Tensor> m = new java.util.LinkedHashMap<>();
        m.put("tokens", tokens);
        m.put("targets", targets);
        m.put("settings", settings);
        attnlab.io.Npz.write(dir.resolve("batches.npz"), m, false);
    }

    /** Trains; returns the curves, the phase change and the final losses. Ctrl-C returns early with the model kept. */
    public InductionResult run() {
        Random data = new Random(seed);
        InductionTask.Batch b = task.allocate(batch);
        int L = task.length(), C = model.vocab();
        Tensor P = Tensor.zeros(batch, L, C), dLogits = Tensor.zeros(batch, L, C);
        Adam adam = new Adam(lr, model.parameters());
        double[] losses = new double[steps], first = new double[steps], repeated = new double[steps];
        StepLoop.Outcome o = StepLoop.run(steps, progressBar(), i -> {
            if (decay) adam.lr(lr * (steps - i) / steps);
            task.sample(data, b, false);
            Tensor logits = model.forward(b.tokens());
            CrossEntropy.Result r = CrossEntropy.forward(logits, b.targets(), P);
            double[] halves = InductionTask.halfLosses(logits, b);
            CrossEntropy.backward(P, b.targets(), r.count(), dLogits);
            adam.step(model.backward(dLogits));      // the only write to the model: a stop never tears it
            losses[i] = r.loss();
            first[i] = halves[0];
            repeated[i] = halves[1];
            return r;
        });
        double[] eval = evalSequences == 0 ? null
                : StepLoop.skippable(() -> evaluate(model, task, evalSequences, evalSeed()));
        return new InductionResult(model, task, o.done(), steps, java.util.Arrays.copyOf(losses, o.done()),
                java.util.Arrays.copyOf(first, o.done()), java.util.Arrays.copyOf(repeated, o.done()), o.seconds(),
                o.stopped() || (evalSequences > 0 && eval == null), eval);
    }

    /**
     * The loss on new and on repeated targets ({@code {first half, repeated half}}, nats) of {@code model} on
     * {@code sequences} evaluation sequences drawn with {@code seed}, in batches of 64.
     */
    public static double[] evaluate(AttentionOnly model, InductionTask task, int sequences, long seed) {
        Checks.positive(sequences, "sequences");
        check(model, task);
        InductionTask.Batch all = task.evaluation(new Random(seed), sequences);
        double sumNew = 0, sumRep = 0;
        int nNew = 0, nRep = 0;
        for (int lo = 0; lo < sequences; lo += 64) {
            int hi = Math.min(sequences, lo + 64);
            InductionTask.Batch part = new InductionTask.Batch(java.util.Arrays.copyOfRange(all.tokens(), lo, hi),
                    java.util.Arrays.copyOfRange(all.targets(), lo, hi), java.util.Arrays.copyOfRange(all.kinds(), lo, hi));
            double[] h = InductionTask.halfLosses(model.forward(part.tokens()), part);
            int k = hi - lo;
            sumNew += h[0] * k * (task.n() + 1);
            sumRep += h[1] * k * (task.n() - 1);
            nNew += k * (task.n() + 1);
            nRep += k * (task.n() - 1);
        }
        return new double[] {sumNew / nNew, sumRep / nRep};
    }

    @Override
    public String toString() {
        return "InductionTrainer(" + settings() + ") for " + model + " on " + task;
    }
}
