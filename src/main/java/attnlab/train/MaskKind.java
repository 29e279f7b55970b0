package attnlab.train;

import attnlab.attention.Masks;
import attnlab.tensor.Tensor;

/**
 * Which keys a position may attend to in the training model (numerics §9).
 * <ul>
 *   <li>{@link #STRICT_CAUSAL}: {@code j < i}. Row 0 sees nothing and outputs zero. The head cannot look at its own
 *   token, so a previous-token head comes out crisp (about 0.94–0.975 on the previous token). The default.</li>
 *   <li>{@link #CAUSAL}: {@code j ≤ i}. Accuracy is as good, but the head keeps about a third of its attention on
 *   itself (previous-token score about 0.6): the readout learns to cancel the self-attended token.</li>
 *   <li>{@link #NONE}: every position sees every position (the task becomes trivially leaky for copy tasks).</li>
 * </ul>
 */
public enum MaskKind {
    STRICT_CAUSAL, CAUSAL, NONE;

    /** The additive {@code [L, L]} mask, or null for {@link #NONE}. */
    public Tensor mask(int length) {
        return switch (this) {
            case STRICT_CAUSAL -> Masks.strictCausal(length);
            case CAUSAL -> Masks.causal(length);
            case NONE -> null;
        };
    }

    /** {@code "strict causal"}, {@code "causal"}, {@code "none"}. */
    public String label() {
        return name().toLowerCase().replace('_', ' ');
    }
}
