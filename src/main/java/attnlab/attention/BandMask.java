package attnlab.attention;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

/**
 * A causal or sliding-window mask given by its rule instead of an {@code [Lq, Lk]} tensor, as PyTorch's
 * {@code is_causal=True} is: nothing of size Lq × Lk is ever built, so {@code causalAttention} runs where a dense
 * {@link Masks#causal} would not fit (1×16384×64 needs a 2 GB mask), and the kernels never touch the keys outside
 * the band. With {@code offset = alignment.offset(Lq, Lk)} (numerics §2):
 * <pre>
 *   query i may attend key j   iff   i + offset − window  &lt;  j  ≤  i + offset
 * </pre>
 * so a causal mask ({@code window} unlimited) lets query i see every key up to its own position, and a sliding
 * window of w lets it see its own position and the w − 1 keys before it (Mistral's and Hugging Face's
 * {@code sliding_window}; FlashAttention's {@code window_size = (w − 1, 0)}). Attention under a band is exactly
 * attention under {@link #toTensor(int, int)}, the same mask written out: a row with no allowed key (bottom-right
 * with Lq &gt; Lk) gives zero output and zero gradients.
 *
 * @param alignment where the diagonal sits when Lq ≠ Lk ({@link Alignment#TOP_LEFT} is PyTorch's {@code is_causal})
 * @param window    how many keys a query sees at most, counting its own position (≥ 1); {@link #UNLIMITED} for
 *                  plain causal
 */
public record BandMask(Alignment alignment, int window) {

    /** The window of a plain causal mask: no limit to how far back a query sees. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    public BandMask {
        Checks.notNull(alignment, "alignment");
        if (window < 1)
            throw new IllegalArgumentException("window must be at least 1 (the query's own position) but was " + window);
    }

    /** Causal, top-left aligned ({@code j ≤ i}): PyTorch's {@code is_causal=True}. */
    public static BandMask causal() {
        return new BandMask(Alignment.TOP_LEFT, UNLIMITED);
    }

    /** Causal with the given alignment: {@code j ≤ i + offset}. */
    public static BandMask causal(Alignment alignment) {
        return new BandMask(alignment, UNLIMITED);
    }

    /** Sliding window of {@code window} keys, top-left aligned: {@code i − window < j ≤ i}. */
    public static BandMask slidingWindow(int window) {
        return new BandMask(Alignment.TOP_LEFT, window);
    }

    /** Sliding window of {@code window} keys with the given alignment. */
    public static BandMask slidingWindow(int window, Alignment alignment) {
        return new BandMask(alignment, window);
    }

    /** The first key query {@code i} may attend, or {@code lk} when it may attend none. */
    public int firstKey(int i, int lq, int lk) {
        long last = (long) i + alignment.offset(lq, lk), first = last - window + 1;
        return last < 0 || first >= lk ? lk : (int) Math.max(0, first);
    }

    /** One past the last key query {@code i} may attend, or 0 when it may attend none. */
    public int endKey(int i, int lq, int lk) {
        long last = (long) i + alignment.offset(lq, lk), first = last - window + 1;
        return last < 0 || first >= lk ? 0 : (int) Math.min(lk, last + 1);
    }

    /** True when query {@code i} may attend key {@code j}. */
    public boolean allows(int i, int j, int lq, int lk) {
        return j >= firstKey(i, lq, lk) && j < endKey(i, lq, lk);
    }

    /**
     * The same mask written out as {@code [Lq, Lk]}: 0 where allowed, {@code -inf} where blocked. For looking at
     * (a heatmap) and for comparing with the dense path at small sizes; the point of a band is not to build it.
     */
    public Tensor toTensor(int lq, int lk) {
        Checks.nonNegative(lq, "Lq");
        Checks.nonNegative(lk, "Lk");
        Tensor m = Tensor.zeros(lq, lk);
        double[] a = m.matrix().data;
        for (int i = 0; i < lq; i++) {
            int j0 = firstKey(i, lq, lk), j1 = endKey(i, lq, lk);
            for (int j = 0; j < lk; j++) if (j < j0 || j >= j1) a[i * lk + j] = Double.NEGATIVE_INFINITY;
        }
        return m;
    }

    @Override
    public String toString() {
        String where = alignment == Alignment.TOP_LEFT ? "top-left" : "bottom-right";
        return window == UNLIMITED ? "causal (" + where + ")" : "sliding window " + window + " (" + where + ")";
    }
}
