package attnlab.tensor;

import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;
import java.util.Random;

/**
 * A stack of dense EJML matrices: shape {@code [lead..., rows, cols]}.
 *
 * <p>Rank 3 {@code [B, L, D]} is the usual attention value (a batch of sequences); rank 4 {@code [B, H, Lq, Lk]}
 * holds per-head weights; rank 2 is a single matrix, which every op treats as a batch of one. Every slice is a plain
 * {@link DMatrixRMaj}, so any EJML op works on {@link #slice(int)} directly, and writes through to the tensor.
 *
 * <p>Slices are indexed in row-major order over the leading dimensions: for {@code [B, H, L, D]}, slice
 * {@code b*H + h}.
 */
public final class Tensor {
    private final int[] shape;
    private final DMatrixRMaj[] slices;

    private Tensor(int[] shape, DMatrixRMaj[] slices) {
        this.shape = shape;
        this.slices = slices;
    }

    // ------------------------------------------------------------------ creation

    /** A zero tensor of the given shape (rank at least 2). */
    public static Tensor zeros(int... shape) {
        int[] s = checkShape(shape);
        DMatrixRMaj[] slices = new DMatrixRMaj[leadCount(s)];
        for (int b = 0; b < slices.length; b++) slices[b] = new DMatrixRMaj(s[s.length - 2], s[s.length - 1]);
        return new Tensor(s, slices);
    }

    /** A tensor of ones. */
    public static Tensor ones(int... shape) {
        return zeros(shape).fill(1.0);
    }

    /** The n×n identity as a rank-2 tensor. */
    public static Tensor eye(int n) {
        Tensor t = zeros(n, n);
        for (int i = 0; i < n; i++) t.slices[0].unsafe_set(i, i, 1.0);
        return t;
    }

    /** Standard normal entries drawn from {@code rng} (row-major, slice after slice). */
    public static Tensor randn(Random rng, int... shape) {
        Checks.notNull(rng, "rng");
        Tensor t = zeros(shape);
        for (DMatrixRMaj m : t.slices) for (int i = 0; i < m.data.length; i++) m.data[i] = rng.nextGaussian();
        return t;
    }

    /** A rank-3 tensor {@code [B, L, D]} copied from {@code data[b][i][j]}; every slice must be rectangular. */
    public static Tensor of(double[][][] data) {
        Checks.notNull(data, "data");
        if (data.length == 0) throw new IllegalArgumentException("data has no batch entries: cannot infer [L, D]");
        Tensor first = of(data[0]);
        Tensor t = zeros(data.length, first.rows(), first.cols());
        for (int b = 0; b < data.length; b++) {
            Tensor s = of(data[b]);
            if (s.rows() != first.rows() || s.cols() != first.cols())
                throw new IllegalArgumentException("data[" + b + "] has shape [" + s.rows() + ", " + s.cols()
                        + "] but data[0] has shape [" + first.rows() + ", " + first.cols() + "]");
            t.slices[b].setTo(s.slices[0]);
        }
        return t;
    }

    /** A rank-2 tensor copied from {@code data[i][j]}; every row must have the same length. */
    public static Tensor of(double[][] data) {
        Checks.notNull(data, "data");
        int cols = data.length == 0 ? 0 : Checks.notNull(data[0], "data[0]").length;
        Tensor t = zeros(data.length, cols);
        for (int i = 0; i < data.length; i++) {
            Checks.notNull(data[i], "data[" + i + "]");
            if (data[i].length != cols)
                throw new IllegalArgumentException("data[" + i + "] has " + data[i].length
                        + " columns but data[0] has " + cols);
            System.arraycopy(data[i], 0, t.slices[0].data, i * cols, cols);
        }
        return t;
    }

    /** Wraps one EJML matrix, without copying, as a rank-2 tensor (a batch of one). */
    public static Tensor of(DMatrixRMaj m) {
        Checks.notNull(m, "matrix");
        return new Tensor(new int[] {m.numRows, m.numCols}, new DMatrixRMaj[] {m});
    }

    /** Stacks equally shaped EJML matrices, without copying, into {@code [B, rows, cols]}. */
    public static Tensor stack(DMatrixRMaj... ms) {
        Checks.notNull(ms, "matrices");
        if (ms.length == 0) throw new IllegalArgumentException("matrices is empty: cannot infer [rows, cols]");
        for (int b = 0; b < ms.length; b++) {
            Checks.notNull(ms[b], "matrices[" + b + "]");
            if (ms[b].numRows != ms[0].numRows || ms[b].numCols != ms[0].numCols)
                throw new IllegalArgumentException("matrices[" + b + "] is " + ms[b].numRows + "x" + ms[b].numCols
                        + " but matrices[0] is " + ms[0].numRows + "x" + ms[0].numCols);
        }
        return new Tensor(new int[] {ms.length, ms[0].numRows, ms[0].numCols}, ms.clone());
    }

    /** Parses MATLAB/NumPy-style text such as {@code "1 2; 3 4"} into a rank-2 tensor. See {@link TensorParser}. */
    public static Tensor parse(String text) {
        return TensorParser.parse(text);
    }

    // ------------------------------------------------------------------ shape

    /** A copy of the shape. */
    public int[] shape() { return shape.clone(); }

    public int rank() { return shape.length; }

    /** Size of dimension {@code d}; negative {@code d} counts from the end, as in NumPy. */
    public int dim(int d) {
        int i = d < 0 ? shape.length + d : d;
        if (i < 0 || i >= shape.length)
            throw new IllegalArgumentException("dim " + d + " is out of range for a rank-" + shape.length + " tensor");
        return shape[i];
    }

    /** Number of matrix slices: the product of the leading dimensions (1 for a rank-2 tensor). */
    public int batch() { return slices.length; }

    public int rows() { return shape[shape.length - 2]; }

    public int cols() { return shape[shape.length - 1]; }

    /** Total number of entries. */
    public int size() { return slices.length * rows() * cols(); }

    /** Slice {@code b} as a live EJML matrix (writes go through). */
    public DMatrixRMaj slice(int b) {
        if (b < 0 || b >= slices.length)
            throw new IllegalArgumentException("slice " + b + " is out of range: this tensor has " + slices.length
                    + " slice(s), shape " + Checks.str(shape));
        return slices[b];
    }

    /** The single matrix of a one-slice tensor (rank 2, or leading dims all 1). */
    public DMatrixRMaj matrix() {
        if (slices.length != 1)
            throw new IllegalArgumentException("matrix() needs exactly one slice but the shape is " + Checks.str(shape)
                    + "; use slice(b)");
        return slices[0];
    }

    /** Entry of a rank-2 tensor. */
    public double get(int i, int j) { return matrix().get(i, j); }

    /** Entry {@code [b, i, j]} where {@code b} indexes slices. */
    public double get(int b, int i, int j) { return slice(b).get(i, j); }

    public Tensor set(int b, int i, int j, double value) {
        slice(b).set(i, j, value);
        return this;
    }

    /** The same slices seen under another shape with the same matrix dims, e.g. {@code [B*H, L, D] -> [B, H, L, D]}. */
    public Tensor view(int... newShape) {
        int[] s = checkShape(newShape);
        if (s[s.length - 2] != rows() || s[s.length - 1] != cols() || leadCount(s) != slices.length)
            throw new IllegalArgumentException("cannot view shape " + Checks.str(shape) + " as " + Checks.str(s)
                    + ": the matrix dims and the number of slices must agree");
        return new Tensor(s, slices);
    }

    // ------------------------------------------------------------------ values

    /** A deep copy. */
    public Tensor copy() {
        DMatrixRMaj[] c = new DMatrixRMaj[slices.length];
        for (int b = 0; b < c.length; b++) c[b] = slices[b].copy();
        return new Tensor(shape.clone(), c);
    }

    /** Sets every entry to {@code v}; returns this. */
    public Tensor fill(double v) {
        for (DMatrixRMaj m : slices) Arrays.fill(m.data, 0, m.getNumElements(), v);
        return this;
    }

    /** {@code this + other}, elementwise; a rank-2 {@code other} is broadcast over every slice. */
    public Tensor plus(Tensor other) { return combine(other, 1.0, "plus"); }

    /** {@code this - other}, elementwise; a rank-2 {@code other} is broadcast over every slice. */
    public Tensor minus(Tensor other) { return combine(other, -1.0, "minus"); }

    /** {@code this * s}. */
    public Tensor times(double s) {
        Tensor r = copy();
        for (DMatrixRMaj m : r.slices) for (int i = 0; i < m.getNumElements(); i++) m.data[i] *= s;
        return r;
    }

    private Tensor combine(Tensor other, double sign, String op) {
        Checks.notNull(other, "other");
        boolean broadcast = other.slices.length == 1 && other.rows() == rows() && other.cols() == cols();
        if (!broadcast && !Arrays.equals(shape, other.shape))
            throw new IllegalArgumentException(op + ": other has shape " + Checks.str(other.shape) + " but this has "
                    + Checks.str(shape) + " (a single [" + rows() + ", " + cols() + "] matrix broadcasts)");
        Tensor r = copy();
        for (int b = 0; b < slices.length; b++) {
            double[] x = r.slices[b].data, y = other.slices[broadcast ? 0 : b].data;
            for (int i = 0; i < rows() * cols(); i++) x[i] += sign * y[i];
        }
        return r;
    }

    /** A copy as {@code double[B][rows][cols]} over the slices. */
    public double[][][] toArray() {
        double[][][] a = new double[slices.length][rows()][cols()];
        for (int b = 0; b < slices.length; b++)
            for (int i = 0; i < rows(); i++) System.arraycopy(slices[b].data, i * cols(), a[b][i], 0, cols());
        return a;
    }

    /**
     * Largest absolute elementwise difference to {@code other}; shapes must match. Equal entries (equal infinities,
     * NaN against NaN) count as no difference; NaN against a number gives NaN.
     */
    public double maxAbsDiff(Tensor other) {
        Checks.notNull(other, "other");
        if (!Arrays.equals(shape, other.shape))
            throw new IllegalArgumentException("other has shape " + Checks.str(other.shape) + " but this has "
                    + Checks.str(shape));
        double max = 0;
        for (int b = 0; b < slices.length; b++)
            for (int i = 0; i < rows() * cols(); i++) {
                double x = slices[b].data[i], y = other.slices[b].data[i];
                if (x == y || (Double.isNaN(x) && Double.isNaN(y))) continue;
                double d = Math.abs(x - y);
                if (Double.isNaN(d)) return Double.NaN;
                max = Math.max(max, d);
            }
        return max;
    }

    /** NumPy-like text with a shape header; identical on every JDK. See {@link TensorFormat}. */
    @Override
    public String toString() { return TensorFormat.format(this); }

    // ------------------------------------------------------------------ helpers

    private static int[] checkShape(int[] shape) {
        Checks.notNull(shape, "shape");
        if (shape.length < 2)
            throw new IllegalArgumentException("shape needs at least 2 dims [rows, cols] but got " + Checks.str(shape));
        for (int i = 0; i < shape.length; i++)
            if (shape[i] < 0)
                throw new IllegalArgumentException("shape " + Checks.str(shape) + " has a negative size at dim " + i);
        return shape.clone();
    }

    private static int leadCount(int[] s) {
        int n = 1;
        for (int i = 0; i < s.length - 2; i++) n *= s[i];
        return n;
    }
}
