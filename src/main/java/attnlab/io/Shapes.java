package attnlab.io;

import java.util.Arrays;

/**
 * How a file's shape becomes a {@link attnlab.tensor.Tensor} shape, and back. Tensors have rank ≥ 2:
 * <pre>
 *   file ()            0-d scalar   -> [1, 1]
 *   file (n,)          1-d vector   -> [1, n]     a row, as NumPy broadcasts a 1-d array against a matrix
 *   file (a, b, ...)   rank ≥ 2     -> [a, b, ...] unchanged
 * </pre>
 * Writing uses the tensor's own shape, unless the entry remembers a 0-d or 1-d file shape (a {@link TensorFile}
 * entry read from such a file, or a bias exported under its PyTorch name): then that shape is written back.
 */
public final class Shapes {
    private Shapes() {}

    /** The largest number of elements attnlab reads into one tensor (its entries are counted with an int). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** The most matrix slices an array with no elements may have (a bound on what a tiny file can allocate). */
    static final long MAX_EMPTY_SLICES = 1 << 16;

    /** {@code "(3, 4)"}, NumPy's spelling ({@code "(5,)"}, {@code "()"}). */
    public static String str(long[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i]);
        return sb.append(')').toString();
    }

    /**
     * The number of elements, checked: no negative dim, no overflow, at most {@link #MAX_ELEMENTS} elements, and, for
     * a zero-size shape too, every dim and the number of matrix slices (the product of the dims before the last two)
     * at most {@link #MAX_ELEMENTS}: a tensor's dims and slice count are ints.
     *
     * @throws BadFileException naming {@code file} otherwise
     */
    static long elements(String file, long[] shape) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) throw new BadFileException(file, "shape " + str(shape) + " has a negative size at dim " + i);
            try {
                n = Math.multiplyExact(n, shape[i]);
            } catch (ArithmeticException e) {
                throw new BadFileException(file, "shape " + str(shape) + " overflows: its product exceeds 2^63");
            }
        }
        if (n > MAX_ELEMENTS)
            throw new BadFileException(file, "shape " + str(shape) + " has " + n + " elements; an attnlab tensor"
                    + " holds at most " + MAX_ELEMENTS + " (2^31 - 9)");
        // With a zero dim the product is 0 whatever the other dims are, so they are checked one by one: a dim beyond
        // an int was cut to a wrong one ((0, 4294967299) read as [0, 3]) and a slice count beyond it overflowed.
        long slices = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > MAX_ELEMENTS)
                throw new BadFileException(file, "shape " + str(shape) + " has " + shape[i] + " at dim " + i
                        + "; an attnlab tensor's dims are at most " + MAX_ELEMENTS + " (2^31 - 9)");
            if (i < shape.length - 2) slices = Math.min(slices * shape[i], MAX_ELEMENTS + 1);   // no overflow
        }
        if (slices > MAX_ELEMENTS)
            throw new BadFileException(file, "shape " + str(shape) + " has " + leading(shape) + " matrix slices (the"
                    + " product of the dims before the last two); an attnlab tensor holds at most " + MAX_ELEMENTS);
        // A tensor is one object per matrix slice, so an empty shape such as (3000, 3000, 3000, 0) would build 9e6
        // of them (half a gigabyte) from a 100-byte file. A non-empty one has at most one slice per element, which
        // the file's bytes pay for; an empty one gets a bound of its own, far above a real empty array's slices.
        if (n == 0 && slices > MAX_EMPTY_SLICES)
            throw new BadFileException(file, "shape " + str(shape) + " is empty but has " + slices + " matrix slices"
                    + " (the product of the dims before the last two); attnlab builds one object per slice and"
                    + " refuses more than " + MAX_EMPTY_SLICES + " for an array with no elements");
        return n;
    }

    /** The product of the dims before the last two, exactly (for the message: it may exceed a long). */
    private static String leading(long[] shape) {
        java.math.BigInteger p = java.math.BigInteger.ONE;
        for (int i = 0; i < shape.length - 2; i++) p = p.multiply(java.math.BigInteger.valueOf(shape[i]));
        return p.toString();
    }

    /** The tensor shape of a file shape (table above); {@link #elements} must have accepted it. */
    static int[] toTensor(long[] shape) {
        if (shape.length == 0) return new int[] {1, 1};
        if (shape.length == 1) return new int[] {1, (int) shape[0]};
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) s[i] = (int) shape[i];
        return s;
    }

    /** The file shape for writing a tensor of {@code tensorShape}, honouring a remembered 0-d/1-d file shape. */
    static long[] forWriting(int[] tensorShape, long[] remembered) {
        if (remembered != null && remembered.length < 2 && Arrays.equals(toTensor(remembered), tensorShape))
            return remembered.clone();
        long[] s = new long[tensorShape.length];
        for (int i = 0; i < s.length; i++) s[i] = tensorShape[i];
        return s;
    }

    static long[] of(int[] shape) {
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) s[i] = shape[i];
        return s;
    }
}
