package attnlab.exercises;

import attnlab.attention.Softmax;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Building blocks for the deliberately wrong references the checker compares a failing answer against. Each is the
 * textbook step, written plainly on {@link Tensor} slices, so that a mistake is one swapped block:
 * <pre>
 *   S = scale · Q Kᵀ        scores(Q, K, scale)
 *   P = softmax_row(S)      rows(S)        (the right one)       columns(S)  (over the queries)
 *                           naive(S)       (exp without subtracting the max: overflows, 0/0 on a blocked row)
 *   O = P V                 times(P, V)
 * </pre>
 * A rank-2 argument is broadcast over the slices of the other.
 */
final class Mutants {
    private Mutants() {}

    /** {@code scale · Q Kᵀ} per slice. */
    static Tensor scores(Tensor Q, Tensor K, double scale) {
        Tensor s = Tensor.zeros(Q.batch(), Q.rows(), K.rows());
        for (int b = 0; b < Q.batch(); b++) {
            CommonOps_DDRM.multTransB(Q.slice(b), K.slice(K.batch() == 1 ? 0 : b), s.slice(b));
            CommonOps_DDRM.scale(scale, s.slice(b));
        }
        return s;
    }

    /** {@code A B} per slice (B broadcast when it has one slice). */
    static Tensor times(Tensor A, Tensor B) {
        Tensor c = Tensor.zeros(A.batch(), A.rows(), B.cols());
        for (int b = 0; b < A.batch(); b++) CommonOps_DDRM.mult(A.slice(b), B.slice(B.batch() == 1 ? 0 : b), c.slice(b));
        return c;
    }

    /** {@code Aᵀ B} per slice. */
    static Tensor timesTransA(Tensor A, Tensor B) {
        Tensor c = Tensor.zeros(A.batch(), A.cols(), B.cols());
        for (int b = 0; b < A.batch(); b++) CommonOps_DDRM.multTransA(A.slice(b), B.slice(b), c.slice(b));
        return c;
    }

    /** {@code A Bᵀ} per slice. */
    static Tensor timesTransB(Tensor A, Tensor B) {
        Tensor c = Tensor.zeros(A.batch(), A.rows(), B.rows());
        for (int b = 0; b < A.batch(); b++) CommonOps_DDRM.multTransB(A.slice(b), B.slice(b), c.slice(b));
        return c;
    }

    /** Transpose of every slice. */
    static Tensor transpose(Tensor A) {
        Tensor t = Tensor.zeros(A.batch(), A.cols(), A.rows());
        for (int b = 0; b < A.batch(); b++) CommonOps_DDRM.transpose(A.slice(b), t.slice(b));
        return t;
    }

    /** The correct stable row softmax. */
    static Tensor rows(Tensor S) { return Softmax.forward(S); }

    /** Softmax down each column: over the queries instead of the keys. */
    static Tensor columns(Tensor S) { return transpose(Softmax.forward(transpose(S))); }

    /** {@code exp(s) / Σ exp(s)} without subtracting the row max. */
    static Tensor naive(Tensor S) {
        Tensor p = S.copy();
        for (int b = 0; b < p.batch(); b++) {
            DMatrixRMaj m = p.slice(b);
            for (int i = 0; i < m.numRows; i++) {
                double sum = 0;
                for (int j = 0; j < m.numCols; j++) sum += Math.exp(m.get(i, j));
                for (int j = 0; j < m.numCols; j++) m.set(i, j, Math.exp(m.get(i, j)) / sum);
            }
        }
        return p;
    }

    /** The stable softmax without the blocked-row rule: a row of -inf gives {@code exp(-inf - -inf)} = NaN. */
    static Tensor nanOnBlockedRow(Tensor S) {
        Tensor p = Softmax.forward(S);
        for (int b = 0; b < p.batch(); b++)
            for (int i = 0; i < S.rows(); i++) {
                boolean blocked = true;
                for (int j = 0; j < S.cols(); j++) blocked &= S.slice(b).get(i, j) == Double.NEGATIVE_INFINITY;
                if (blocked) for (int j = 0; j < S.cols(); j++) p.slice(b).set(i, j, Double.NaN);
            }
        return p;
    }

    /** {@code S + M}, a {@code [Lq, Lk]} mask broadcast over the slices (-inf + finite = -inf). */
    static Tensor plus(Tensor S, Tensor M) { return S.plus(M); }

    static double invSqrt(int d) { return 1.0 / Math.sqrt(d); }
}
