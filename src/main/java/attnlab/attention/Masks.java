package attnlab.attention;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * Additive attention masks: {@code 0} where a query may attend a key, {@code -inf} where it may not. Finite
 * non-zero entries are biases added to the scores. This one convention is used everywhere (numerics §1): no boolean
 * masks, so there is no True-means-keep versus True-means-block confusion.
 */
public final class Masks {
    private Masks() {}

    /** {@code [n, n]}: {@code M[i][j] = 0} if {@code j <= i}, else {@code -inf}. */
    public static Tensor causal(int n) {
        Checks.nonNegative(n, "n"); // the caller's name for it, not Lq
        return causal(n, n, Alignment.TOP_LEFT);
    }

    /**
     * {@code [Lq, Lk]}: {@code M[i][j] = 0} iff {@code j <= i + offset}, with offset 0 for {@link Alignment#TOP_LEFT}
     * and {@code Lk - Lq} for {@link Alignment#BOTTOM_RIGHT}. Rows with no allowed key are fully {@code -inf};
     * attention gives them zero output.
     */
    public static Tensor causal(int lq, int lk, Alignment alignment) {
        Checks.notNull(alignment, "alignment");
        return band(lq, lk, alignment.offset(Checks.nonNegative(lq, "Lq"), Checks.nonNegative(lk, "Lk")));
    }

    /** {@code [n, n]} strict causal: {@code 0} iff {@code j < i}; row 0 is fully blocked. */
    public static Tensor strictCausal(int n) {
        Checks.nonNegative(n, "n");
        return band(n, n, -1);
    }

    /**
     * {@code [B, Lq, Lk]} padding mask: for batch entry b, keys {@code j >= keyLengths[b]} are blocked.
     *
     * @param keyLengths the number of real (non-padding) keys of each batch entry, each in {@code 0..Lk}
     */
    public static Tensor padding(int[] keyLengths, int lq, int lk) {
        Checks.notNull(keyLengths, "keyLengths");
        Checks.nonNegative(lq, "Lq");
        Checks.nonNegative(lk, "Lk");
        Tensor m = Tensor.zeros(keyLengths.length, lq, lk);
        for (int b = 0; b < keyLengths.length; b++) {
            int len = keyLengths[b];
            if (len < 0 || len > lk)
                throw new IllegalArgumentException("keyLengths[" + b + "] must be in 0.." + lk + " (Lk) but was " + len);
            DMatrixRMaj s = m.slice(b);
            for (int i = 0; i < lq; i++) for (int j = len; j < lk; j++) s.unsafe_set(i, j, Double.NEGATIVE_INFINITY);
        }
        return m;
    }

    /** True when {@code m} blocks (is {@code -inf} at) {@code [i, j]}. */
    public static boolean blocked(double m) {
        return m == Double.NEGATIVE_INFINITY;
    }

    private static Tensor band(int lq, int lk, int offset) {
        Tensor m = Tensor.zeros(lq, lk);
        DMatrixRMaj s = m.matrix();
        for (int i = 0; i < lq; i++)
            for (int j = 0; j < lk; j++) if (j > i + offset) s.unsafe_set(i, j, Double.NEGATIVE_INFINITY);
        return m;
    }
}
