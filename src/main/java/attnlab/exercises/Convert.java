package attnlab.exercises;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

import java.util.function.Function;

/**
 * Moves values between the checker's tensors and the student's representation (arrays, tensors, EJML matrices),
 * and turns what the student returned into a tensor, or into a clear complaint: {@code null} means "not implemented
 * yet" ({@link Checker.NotImplemented}); a ragged or empty array is a {@link Checker.BadResult}.
 */
final class Convert {
    private Convert() {}

    /** A fresh {@code double[B][L][d]} copy of a rank-3 tensor. */
    static double[][][] arrays(Tensor t) { return t.toArray(); }

    /** A fresh {@code double[L][d]} copy of a rank-2 tensor. */
    static double[][] array(Tensor t) { return t.toArray()[0]; }

    /** The student's {@code double[B][L][d]} as a tensor. */
    static Tensor fromArrays(double[][][] a, String name) {
        if (a == null) throw new Checker.NotImplemented();
        if (a.length == 0) throw new Checker.BadResult(name + " is an empty array (no batch entries)");
        int rows = -1, cols = -1;
        for (int b = 0; b < a.length; b++) {
            if (a[b] == null) throw new Checker.BadResult(name + "[" + b + "] is null");
            if (rows < 0) rows = a[b].length;
            if (a[b].length != rows)
                throw new Checker.BadResult(name + "[" + b + "] has " + a[b].length + " rows but " + name + "[0] has "
                        + rows + " (a ragged array)");
            for (int i = 0; i < rows; i++) {
                if (a[b][i] == null) throw new Checker.BadResult(name + "[" + b + "][" + i + "] is null");
                if (cols < 0) cols = a[b][i].length;
                if (a[b][i].length != cols)
                    throw new Checker.BadResult(name + "[" + b + "][" + i + "] has " + a[b][i].length
                            + " columns but " + name + "[0][0] has " + cols + " (a ragged array)");
            }
        }
        return Tensor.of(a);
    }

    /** The student's {@code double[L][d]} as a rank-2 tensor. */
    static Tensor fromArray(double[][] a, String name) {
        if (a == null) throw new Checker.NotImplemented();
        for (int i = 0; i < a.length; i++) {
            if (a[i] == null) throw new Checker.BadResult(name + "[" + i + "] is null");
            if (a[i].length != a[0].length)
                throw new Checker.BadResult(name + "[" + i + "] has " + a[i].length + " columns but " + name
                        + "[0] has " + a[0].length + " (a ragged array)");
        }
        return Tensor.of(a);
    }

    /** The student's tensor, as it is. */
    static Tensor fromTensor(Tensor t) {
        if (t == null) throw new Checker.NotImplemented();
        return t;
    }

    /** The student's matrix as a rank-2 tensor. */
    static Tensor fromMatrix(DMatrixRMaj m) {
        if (m == null) throw new Checker.NotImplemented();
        return Tensor.of(m);
    }

    /**
     * Calls a one-sequence function once per batch entry: slice b of every batched input (rank 3), the rank-2 inputs
     * unchanged, and stacks the results into {@code [B, rows, cols]}.
     */
    static Tensor perSequence(Function<DMatrixRMaj[], DMatrixRMaj> f, String name, Tensor... inputs) {
        int batch = inputs[0].batch();
        DMatrixRMaj[] outs = new DMatrixRMaj[batch];
        for (int b = 0; b < batch; b++) {
            DMatrixRMaj[] args = new DMatrixRMaj[inputs.length];
            for (int k = 0; k < inputs.length; k++)
                args[k] = inputs[k].rank() == 2 ? inputs[k].matrix().copy() : inputs[k].slice(b).copy();
            outs[b] = f.apply(args);
            if (outs[b] == null) throw new Checker.NotImplemented();
            if (b > 0 && (outs[b].numRows != outs[0].numRows || outs[b].numCols != outs[0].numCols))
                throw new Checker.BadResult(name + " for batch entry " + b + " is " + outs[b].numRows + "x"
                        + outs[b].numCols + " but for entry 0 it is " + outs[0].numRows + "x" + outs[0].numCols);
        }
        return Tensor.stack(outs);
    }

    /** Checks that a result array holds exactly {@code n} entries (e.g. {dQ, dK, dV}). */
    static <T> T[] count(T[] values, int n, String what) {
        if (values == null) throw new Checker.NotImplemented();
        if (values.length != n)
            throw new Checker.BadResult("the result holds " + values.length + " arrays but must hold " + n + " ("
                    + what + ")");
        for (int k = 0; k < n; k++) if (values[k] == null) throw new Checker.NotImplemented();
        return values;
    }

    /** {@code "Q [2, 3, 4]  K [2, 5, 4]"}. */
    static String shapes(String[] names, Tensor... ts) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < ts.length; k++) {
            if (k > 0) sb.append("  ");
            sb.append(names[k]).append(' ').append(Checks.str(ts[k].shape()));
        }
        return sb.toString();
    }
}
