package attnlab.exercises;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class Ex511RelativeTest {

    /** A student's loop version; reversed = read row (distance) instead of row Lq-1-i+j. */
    static double[][][] relative(double[][][] Q, double[][][] K, double[][][] V, double[][] R, boolean reversed,
                                 boolean withPositions) {
        int B = Q.length, lq = Q[0].length, lk = K[0].length, d = Q[0][0].length, mlen = lk - lq;
        double[][][] out = new double[B][][];
        for (int b = 0; b < B; b++) {
            double[][] mask = new double[lq][lk], bias = new double[lq][lk];
            for (int i = 0; i < lq; i++)
                for (int j = 0; j < lk; j++) {
                    if (j > i + mlen) {
                        mask[i][j] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    int row = reversed ? i + mlen - j : lq - 1 - i + j;
                    for (int c = 0; c < d && withPositions; c++) bias[i][j] += Q[b][i][c] * R[row][c] / Math.sqrt(d);
                    mask[i][j] = bias[i][j];
                }
            out[b] = Student.attention(new double[][][] {Q[b]}, new double[][][] {K[b]}, new double[][][] {V[b]}, mask,
                    Student.Bug.NONE)[0];
        }
        return out;
    }

    @Test
    void correctImplementationPasses() {
        Report r = Ex511Relative.check((q, k, v, p) -> relative(q, k, v, p, false, true));
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void reversedEmbeddingOrderIsNamed() {
        Report r = Ex511Relative.check((q, k, v, p) -> relative(q, k, v, p, true, true));
        assertFalse(r.passed());
        assertTrue(r.hint().startsWith("row r of posEmbed is distance Lk-1-r"), r::toString);
    }

    @Test
    void missingPositionTermIsNamed() {
        Report r = Ex511Relative.check((q, k, v, p) -> relative(q, k, v, p, false, false));
        assertTrue(r.hint().startsWith("it equals causal attention without the position term"), r::toString);
    }

    @Test
    void skeletonAndVariants() {
        assertTrue(Ex511Relative.check((q, k, v, p) -> { throw new UnsupportedOperationException("TODO"); })
                .notImplemented());
        assertTrue(Ex511Relative.checkEjml((q, k, v, p) -> attnlab.Lab.relativeAttention(attnlab.tensor.Tensor.of(q),
                attnlab.tensor.Tensor.of(k), attnlab.tensor.Tensor.of(v), attnlab.tensor.Tensor.of(p)).matrix()).passed());
    }
}
