package attnlab.attention;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class PositionalEncodingTest {

    @Test
    void goldenEvenWidth() {
        // numerics §7 (verified with NumPy): d=4, pos=1 -> [0.841471, 0.540302, 0.010000, 0.999950]
        Tensor pe = PositionalEncoding.encoding(2, 4);
        assertArrayEquals(new double[] {0, 1, 0, 1}, row(pe, 0), 0.0);
        assertArrayEquals(new double[] {0.841471, 0.540302, 0.010000, 0.999950}, row(pe, 1), 5e-7);
    }

    @Test
    void goldenOddWidth() {
        // d=5, pos=1 -> [0.841471, 0.540302, 0.025116, 0.999685, 0.000631]; the tutorial idiom crashes here.
        Tensor pe = PositionalEncoding.encoding(2, 5);
        assertArrayEquals(new double[] {0.841471, 0.540302, 0.025116, 0.999685, 0.000631}, row(pe, 1), 5e-7);
    }

    @Test
    void exactAgainstTheFormula() {
        Tensor pe = PositionalEncoding.encoding(50, 16);
        for (int pos = 0; pos < 50; pos++)
            for (int i = 0; i < 8; i++) {
                double angle = pos / Math.pow(10000, 2.0 * i / 16);
                assertEquals(Math.sin(angle), pe.get(pos, 2 * i), 1e-15 * Math.max(1, pos));
                assertEquals(Math.cos(angle), pe.get(pos, 2 * i + 1), 1e-15 * Math.max(1, pos));
            }
    }

    @Test
    void concatenatedUsesTheSameFrequencies() {
        Tensor a = PositionalEncoding.encoding(7, 6), c = PositionalEncoding.encoding(7, 6, PositionalEncoding.Layout.CONCATENATED);
        for (int pos = 0; pos < 7; pos++)
            for (int i = 0; i < 3; i++) {
                assertEquals(a.get(pos, 2 * i), c.get(pos, i), 0.0);
                assertEquals(a.get(pos, 2 * i + 1), c.get(pos, 3 + i), 0.0);
            }
        Tensor odd = PositionalEncoding.encoding(3, 5, PositionalEncoding.Layout.CONCATENATED);
        assertArrayEquals(new int[] {3, 5}, odd.shape(), "odd widths keep their width");
        assertEquals(Math.sin(2 * Math.pow(10000, -4.0 / 5)), odd.get(2, 2), 1e-15);
        assertEquals(Math.cos(2 * Math.pow(10000, -2.0 / 5)), odd.get(2, 4), 1e-15);
    }

    @Test
    void addBroadcastsOverTheBatch() {
        Tensor x = Tensor.zeros(3, 4, 6);
        Tensor y = PositionalEncoding.add(x);
        assertEquals(0.0, y.view(3, 4, 6).maxAbsDiff(y));
        for (int b = 0; b < 3; b++) assertEquals(Math.sin(2.0), y.get(b, 2, 0), 1e-15);
    }

    @Test
    void badArguments() {
        assertMessage("dModel must be >= 1 but was 0", () -> PositionalEncoding.encoding(3, 0));
        assertMessage("seqLen must be >= 0 but was -1", () -> PositionalEncoding.encoding(-1, 4));
        assertMessage("x must be [L, d] or [B, L, d]", () -> PositionalEncoding.add(Tensor.zeros(1, 2, 3, 4)));
    }

    private static double[] row(Tensor t, int i) {
        return t.toArray()[0][i];
    }
}
