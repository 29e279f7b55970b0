package attnlab.model;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * Activation patching: run one input with one activation taken from another input's run, and see how far the
 * prediction moves. The usual measure is a logit difference at the last position, e.g. {@code logit(" Mary") −
 * logit(" John")} for "When Mary and John went to the store, John gave a drink to":
 * <pre>
 *   hook(name, source)            a Hook that replaces activation {@code name} with source's (same shape)
 *   run(target, name, source)     target's tokens again, {@code name} patched in; prints the logit difference
 *                                 of the target run, the patched run and the source run
 * </pre>
 * Without explicit tokens the difference is between the target's top prediction and the source's (the source's
 * second choice if both agree).
 */
public final class Patching {
    private Patching() {}

    /** Replaces activation {@code name} with {@code source}'s, which must have been cached and have the same shape. */
    public static Hook hook(String name, ModelRun source) {
        Checks.notNull(name, "name");
        Checks.notNull(source, "source");
        Tensor with = source.get(name);
        return new Hook(name, (act, ctx) -> {
            if (!Arrays.equals(act.shape(), with.shape()))
                throw new IllegalArgumentException("cannot patch " + name + ": the source run's has shape "
                        + Checks.str(with.shape()) + " but this run's has " + Checks.str(act.shape())
                        + " (patching needs prompts of the same length in tokens)");
            return with.copy();
        });
    }

    /** {@link #run(ModelRun, String, ModelRun, int, int)} with the two tokens picked as the class comment says. */
    public static Result run(ModelRun target, String name, ModelRun source) {
        Checks.notNull(target, "target");
        Checks.notNull(source, "source");
        int answer = target.top(1).ids()[0];
        int[] two = source.top(2).ids();
        int wrong = two[0] != answer ? two[0] : two[1];
        return run(target, name, source, answer, wrong);
    }

    /** Target's tokens with {@code name} patched from {@code source}; the logit difference {@code answer − wrong}. */
    public static Result run(ModelRun target, String name, ModelRun source, int answer, int wrong) {
        Checks.notNull(target, "target");
        Checks.notNull(source, "source");
        HookedModel m = target.model();
        for (int id : new int[] {answer, wrong})
            if (id < 0 || id >= m.vocab())
                throw new IllegalArgumentException("token ids must be in 0.." + (m.vocab() - 1) + " but was " + id);
        ModelRun patched = m.run(target.tokens(), ActivationCache.NONE, hook(name, source));
        return new Result(name, patched, m.tokenText(answer), m.tokenText(wrong), diff(target, answer, wrong),
                diff(patched, answer, wrong), diff(source, answer, wrong));
    }

    private static double diff(ModelRun r, int a, int b) {
        Tensor z = r.logits();
        int last = z.rows() - 1;
        return z.get(last, a) - z.get(last, b);
    }

    /** What patching did to the logit difference. */
    public record Result(String name, ModelRun patched, String answer, String wrong, double target, double after,
                         double source) {
        /** How much of the gap between target and source the patch closed: 0 nothing, 1 all of it. */
        public double recovered() {
            return (target - after) / (target - source);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "patched %s: logit('%s') − logit('%s') at the last position: target"
                    + " %.4f → patched %.4f (source %.4f; %.1f%% of the way)", name, answer, wrong, target, after,
                    source, 100 * recovered());
        }
    }
}
