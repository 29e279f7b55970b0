package attnlab.model;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Elementwise}: gelu_new by hand and against its tanh form; swiglu by hand; the row split changes nothing. */
class ElementwiseTest {
    private static double geluTanh(double v) {
        return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
    }

    @Test
    void geluByHand() {
        // 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³))) to 40 digits (mpmath), rounded to double; the tanh form in double
        // gives −0.0036373920817729943 at x = −3, 7e-15 off: 1 + tanh(y) cancels there
        double[] x = {1.0, -1.0, 0.5, -3.0, 3.0, 0.0}, y = new double[x.length];
        double[] want = {0.8411919906082767, -0.1588080093917233, 0.34571400982514394, -0.003637392081773019,
                2.996362607918227, 0.0};
        Elementwise.gelu(x, y, 1, x.length);
        for (int i = 0; i < x.length; i++) assertEquals(want[i], y[i], 4 * Math.ulp(want[i]), "gelu(" + x[i] + ")");
        double[] big = {-1e3, 1e3, Double.NEGATIVE_INFINITY, Double.NaN}, out = new double[4];
        Elementwise.gelu(big, out, 1, 4);
        assertEquals(-0.0, out[0]);
        assertEquals(1e3, out[1]);
        assertTrue(Double.isNaN(out[3]));
    }

    @Test
    void geluAgreesWithItsTanhFormOverManyRowsSplitOverTheCores() {
        int L = 300, n = 1000;
        double[] x = new double[L * n], y = new double[L * n];
        Random rng = new Random(5);
        for (int k = 0; k < x.length; k++) x[k] = 6 * rng.nextGaussian();
        Elementwise.gelu(x, y, L, n);
        for (int k = 0; k < x.length; k++) {
            double want = geluTanh(x[k]);
            // relative to max(|want|, |x|·1e-16): where 1 + tanh cancels, the tanh form itself has no more digits
            assertEquals(want, y[k], 1e-14 * Math.max(Math.abs(want), 1e-2 * Math.abs(x[k])), "gelu(" + x[k] + ")");
        }
    }

    @Test
    void swigluByHand() {
        double[] g = {0, 1, -2}, u = {3, 2, 5}, y = new double[3];
        Elementwise.swiglu(g, u, y, 1, 3);
        assertEquals(0.0, y[0]);
        assertEquals(1 / (1 + Math.exp(-1)) * 2, y[1], 1e-16);
        assertEquals(-2 / (1 + Math.exp(2)) * 5, y[2], 1e-16);
    }
}
