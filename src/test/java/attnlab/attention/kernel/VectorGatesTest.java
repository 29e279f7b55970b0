package attnlab.attention.kernel;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link VectorGates} against the scalar kernel's gates ({@link AttentionKernel#gelu}, {@link AttentionKernel#swiglu},
 * by {@code Math.exp}); the same bits for an element whether a lane or the tail computes it; special values.
 */
class VectorGatesTest {
    private static final AttentionKernel SCALAR = new ScalarAttentionKernel();

    private static double[] sample(int n, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[n];
        for (int k = 0; k < n; k++) x[k] = 8 * rng.nextGaussian();
        x[0] = 0;
        x[1] = -0.0;
        x[2] = 1e-300;
        x[3] = -40;
        x[4] = 40;
        return x;
    }

    @Test
    void geluAndSwigluAgreeWithTheScalarFormToAFewUlps() {
        double[] x = sample(1001, 1), u = sample(1001, 2), a = new double[1001], b = new double[1001];
        VectorGates.gelu(x, a, 0, x.length);
        SCALAR.gelu(x, b, 0, x.length);
        for (int k = 0; k < x.length; k++)
            assertEquals(b[k], a[k], 1e-15 * Math.max(Math.abs(b[k]), 1e-3 * Math.abs(x[k])), "gelu(" + x[k] + ")");
        VectorGates.swiglu(x, u, a, 0, x.length);
        SCALAR.swiglu(x, u, b, 0, x.length);
        for (int k = 0; k < x.length; k++)
            assertEquals(b[k], a[k], 1e-15 * Math.max(Math.abs(b[k]), 1e-3 * Math.abs(x[k] * u[k])), "swiglu " + k);
    }

    @Test
    void anElementGetsTheSameBitsInALaneAndInTheTail() {
        double[] x = sample(203, 3), u = sample(203, 4);
        double[] whole = new double[203], shifted = new double[203];
        VectorGates.gelu(x, whole, 0, 203);
        for (int from = 1; from < VectorTiles.L; from++) { // element k moves between lanes and the tail
            VectorGates.gelu(x, shifted, from, 203);
            for (int k = from; k < 203; k++) assertEquals(whole[k], shifted[k], "gelu element " + k + " from " + from);
        }
        VectorGates.swiglu(x, u, whole, 0, 203);
        VectorGates.swiglu(x, u, shifted, 3, 203);
        for (int k = 3; k < 203; k++) assertEquals(whole[k], shifted[k], "swiglu element " + k);
    }

    @Test
    void specialValues() {
        double[] x = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1e3, 1e3, 1.0, 0, 0, 0};
        double[] y = new double[x.length];
        VectorGates.gelu(x, y, 0, x.length);
        assertTrue(Double.isNaN(y[0]));
        assertEquals(Double.POSITIVE_INFINITY, y[1]);
        assertTrue(Double.isNaN(y[2])); // −inf · 0, as the tanh form gives
        assertEquals(-0.0, y[3]);
        assertEquals(1e3, y[4]);
        assertEquals(0.8411919906082767, y[5], 2 * Math.ulp(0.84)); // 0.5 (1 + tanh(√(2/π) · 1.044715)), mpmath
    }
}
