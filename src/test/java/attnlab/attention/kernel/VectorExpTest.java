package attnlab.attention.kernel;

import attnlab.attention.*;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class VectorExpTest {

    @Test
    void withinTwoUlpOfMathExpOnTheSoftmaxDomain() {
        Random rng = new Random(1);
        for (int t = 0; t < 200_000; t++) {
            double x = t < 1000 ? -t * 0.708 : -rng.nextDouble() * (rng.nextBoolean() ? 708 : 40);
            double e = Math.exp(x), a = VectorExp.exp(x);
            assertTrue(Math.abs(a - e) <= 2 * Math.ulp(e), () -> "exp(" + x + "): " + a + " vs " + e);
        }
    }

    @Test
    void edgeCases() {
        assertEquals(1.0, VectorExp.exp(0.0), 0.0);
        assertEquals(0.0, VectorExp.exp(Double.NEGATIVE_INFINITY), 0.0);
        assertEquals(0.0, VectorExp.exp(-709.0), 0.0, "below the cutoff: 0 (true value < 1.2e-308)");
        assertTrue(Double.isNaN(VectorExp.exp(Double.NaN)));
    }

    @Test
    void vectorLanesEqualTheScalarFormulaBitForBit() {
        var sp = VectorTiles.SP;
        Random rng = new Random(2);
        double[] x = new double[sp.length()], y = new double[sp.length()];
        for (int t = 0; t < 20_000; t++) {
            for (int l = 0; l < x.length; l++) x[l] = -rng.nextDouble() * 50;
            if (t == 0) { x[0] = Double.NEGATIVE_INFINITY; x[1] = Double.NaN; }
            VectorExp.exp(DoubleVector.fromArray(sp, x, 0)).intoArray(y, 0);
            for (int l = 0; l < x.length; l++)
                assertEquals(Double.doubleToLongBits(VectorExp.exp(x[l])), Double.doubleToLongBits(y[l]), "x=" + x[l]);
        }
    }
}
