/**
 * Relative position schemes (exercise 5.11; numerics §8), one per file, each with forward, backward and a matrix to
 * look at as a heatmap:
 * <ul>
 *   <li>{@link attnlab.attention.relative.TransformerXL}: {@code (q+u)·k + (q+v)·W_R r_{i−j}}, rel-shift, memory;</li>
 *   <li>{@link attnlab.attention.relative.Shaw}: clipped key and value tables;</li>
 *   <li>{@link attnlab.attention.relative.T5Bias}: a learned bias per log-spaced distance bucket and head;</li>
 *   <li>{@link attnlab.attention.relative.Alibi}: a fixed linear penalty per head;</li>
 *   <li>{@link attnlab.attention.relative.Rope}: rotate q and k by their position.</li>
 * </ul>
 * All bias-style schemes run through {@link attnlab.attention.Attention} with the bias as a finite additive mask
 * ({@code BiasedAttention}); ready-made gradient checks are in {@code attnlab.grad.RelativeChecks}.
 * When Lq ≠ Lk, query i sits at position {@code i + Lk − Lq} (bottom-right), key j at j.
 */
package attnlab.attention.relative;
