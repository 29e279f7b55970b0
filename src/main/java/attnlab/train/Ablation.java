package attnlab.train;

import attnlab.model.Hook;
import attnlab.model.HookedModel;
import attnlab.model.ModelRun;
import attnlab.tensor.Checks;

import java.util.Locale;
import java.util.Random;

/**
 * Switching heads off to see what they did: a zero-ablation hook on {@code blocks.l.attn.hook_z} (the head's
 * output before W_o; zeroing it removes exactly that head's term from the layer's output), and the loss of both
 * halves of evaluation sequences with hooks in place.
 */
public final class Ablation {
    private Ablation() {}

    /** A hook that zeroes head {@code head}'s {@code z} in block {@code layer}: the head contributes nothing. */
    public static Hook zeroHead(int layer, int head) {
        return attnlab.model.Ablation.head(layer, head, attnlab.model.Ablation.Kind.ZERO); // the one ablation hook
    }

    /**
     * {@code {first half, repeated half}} losses (nats) of {@code model} on {@code sequences} evaluation sequences
     * of {@code task} drawn with {@code seed}, each run with {@code hooks}.
     */
    public static double[] losses(HookedModel model, InductionTask task, int sequences, long seed, Hook... hooks) {
        Checks.notNull(model, "model");
        Checks.notNull(task, "task");
        Checks.positive(sequences, "sequences");
        InductionTask.Batch b = task.evaluation(new Random(seed), sequences);
        double sumNew = 0, sumRep = 0;
        int nNew = 0, nRep = 0;
        for (int s = 0; s < sequences; s++) {
            ModelRun r = model.run(b.tokens()[s], attnlab.model.ActivationCache.NONE, hooks);
            double[] loss = r.loss().matrix().data;
            for (int t = 0; t < loss.length; t++) {
                if (b.kinds()[s][t] == InductionTask.REPEATED) { sumRep += loss[t]; nRep++; }
                else if (b.kinds()[s][t] == InductionTask.NEW) { sumNew += loss[t]; nNew++; }
            }
        }
        return new double[] {sumNew / nNew, sumRep / nRep};
    }

    /**
     * Every head zeroed in turn: a table of both halves' losses, the unablated model first, on 64 evaluation
     * sequences (seed 1).
     */
    public static Table table(HookedModel model, InductionTask task) {
        Checks.notNull(model, "model");
        int L = model.layers(), H = model.heads();
        double[][] rows = new double[1 + L * H][];
        rows[0] = losses(model, task, 64, 1);
        for (int l = 0; l < L; l++)
            for (int h = 0; h < H; h++) rows[1 + l * H + h] = losses(model, task, 64, 1, zeroHead(l, h));
        return new Table(H, rows);
    }

    /** The losses with no head ablated (row 0) and with each head zeroed (row 1 + layer·H + head). */
    public record Table(int heads, double[][] rows) {
        /** {@code {first half, repeated half}} with head {@code (layer, head)} zeroed. */
        public double[] ablated(int layer, int head) { return rows[1 + layer * heads + head]; }

        public double[] baseline() { return rows[0]; }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("zeroed head   first half   repeated half\n");
            for (int r = 0; r < rows.length; r++)
                b.append(String.format(Locale.ROOT, "%-11s   %10s   %13s%n",
                        r == 0 ? "none" : ((r - 1) / heads) + "." + ((r - 1) % heads),
                        Fixed.format(rows[r][0], 4), Fixed.format(rows[r][1], 4)));
            return b.toString();
        }
    }
}
