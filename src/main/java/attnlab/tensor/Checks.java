package attnlab.tensor;

import java.util.Arrays;

/**
 * Argument checks that fail with a message naming the argument and the expected and actual value, e.g.
 * {@code "K has d_k=5 but Q has d_k=4"}. Every public op validates through here before touching data.
 */
public final class Checks {
    private Checks() {}

    /** Returns {@code value}, or throws {@code IllegalArgumentException("NAME must not be null")}. */
    public static <T> T notNull(T value, String name) {
        if (value == null) throw new IllegalArgumentException(name + " must not be null");
        return value;
    }

    /** Requires {@code value >= 0}. */
    public static int nonNegative(int value, String name) {
        if (value < 0) throw new IllegalArgumentException(name + " must be >= 0 but was " + value);
        return value;
    }

    /** Requires {@code value >= 1}. */
    public static int positive(int value, String name) {
        if (value < 1) throw new IllegalArgumentException(name + " must be >= 1 but was " + value);
        return value;
    }

    /** Requires {@code t} to have rank 2 or 3 (a sequence or a batch of sequences). */
    public static Tensor sequence(Tensor t, String name) {
        notNull(t, name);
        if (t.rank() != 2 && t.rank() != 3)
            throw new IllegalArgumentException(name + " must be [L, d] or [B, L, d] but has shape " + str(t.shape()));
        return t;
    }

    /** Requires {@code actual == expected} for the dimension called {@code what}. */
    public static void sameDim(String what, String name, int actual, String refName, int expected) {
        if (actual != expected)
            throw new IllegalArgumentException(name + " has " + what + "=" + actual + " but " + refName + " has "
                    + what + "=" + expected);
    }

    /** Requires {@code t} to have exactly the shape of {@code ref}, e.g. a gradient against its forward value. */
    public static Tensor sameShape(Tensor t, String name, Tensor ref, String refName) {
        notNull(t, name);
        if (!Arrays.equals(t.shape(), ref.shape()))
            throw new IllegalArgumentException(name + " has shape " + str(t.shape()) + " but " + refName
                    + " has shape " + str(ref.shape()));
        return t;
    }

    /** {@code [2, 3, 4]}. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
