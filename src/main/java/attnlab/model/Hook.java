package attnlab.model;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

/**
 * An edit of one activation on its way through a forward pass, named as in TransformerLens
 * ({@code blocks.5.attn.hook_z}). The function gets the activation and where it is; it returns the activation to use
 * from then on: a new tensor, or {@code act} itself after editing it in place ({@code null} means the same).
 * <pre>
 *   m.run(text, hook("blocks.5.attn.hook_z", (act, ctx) -> { zeroHead(act, 3); return act; }))
 * </pre>
 * The edited activation is what the cache records and what the rest of the pass reads.
 */
public record Hook(String name, Fn fn) {

    /** What a hook does: {@code act} in, the activation to use out. */
    @FunctionalInterface
    public interface Fn {
        Tensor apply(Tensor act, Context ctx);
    }

    /** Where a hook fires: the hook point's name, its block ({@code -1} outside the blocks) and the run's tokens. */
    public record Context(String name, int layer, int[] tokens) {}

    public Hook {
        Checks.notNull(name, "name");
        Checks.notNull(fn, "fn");
        if (name.isBlank()) throw new IllegalArgumentException("hook name must not be blank");
    }
}
