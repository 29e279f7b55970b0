package attnlab.attention;

/**
 * Where the causal diagonal sits when the query and key lengths differ (numerics §2).
 * Query i may attend key j iff {@code j <= i + offset}.
 */
public enum Alignment {
    /** offset 0: {@code j <= i}. PyTorch's {@code is_causal=True}, {@code tril(ones(Lq, Lk))}. The default. */
    TOP_LEFT,
    /** offset Lk − Lq: the last query sees every key. FlashAttention ≥ 2.1, KV caches and Transformer-XL memory. */
    BOTTOM_RIGHT;

    /** The diagonal offset for the given lengths. */
    public int offset(int lq, int lk) {
        return this == TOP_LEFT ? 0 : lk - lq;
    }
}
