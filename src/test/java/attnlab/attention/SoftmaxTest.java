package attnlab.attention;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SoftmaxTest {

    @Test
    void handComputedRow() {
        // softmax([0, ln 3]) = [1/4, 3/4]
        Tensor p = Softmax.forward(Tensor.of(new double[][] {{0, Math.log(3)}}));
        assertEquals(0.25, p.get(0, 0), 1e-16);
        assertEquals(0.75, p.get(0, 1), 1e-16);
    }

    @Test
    void hugeLogitsDoNotOverflow() {
        Tensor p = Softmax.forward(Tensor.parse("1000 0; -1000 -1000; 1000 1000"));
        assertEquals(1.0, p.get(0, 0));
        assertEquals(0.0, p.get(0, 1));
        assertEquals(0.5, p.get(1, 0));
        assertEquals(0.5, p.get(2, 1));
    }

    @Test
    void rowOfMinusInfGivesZerosNotNaN() {
        Tensor p = Softmax.forward(Tensor.parse("-inf -inf; 0 -inf"));
        assertEquals(0.0, p.get(0, 0));
        assertEquals(0.0, p.get(0, 1));
        assertEquals(1.0, p.get(1, 0));
        assertEquals(0.0, p.get(1, 1));
    }

    @Test
    void nanAndPlusInfPropagate() {
        Tensor p = Softmax.forward(Tensor.parse("nan 0; inf 0; 1 2"));
        for (int j = 0; j < 2; j++) {
            assertTrue(Double.isNaN(p.get(0, j)), "NaN row");
            assertTrue(Double.isNaN(p.get(1, j)), "+inf row");
        }
        assertFalse(Double.isNaN(p.get(2, 0)), "other rows are unaffected");
    }

    @Test
    void rowsSumToOneAndInputIsUntouched() {
        Tensor x = Tensor.randn(new java.util.Random(3), 3, 4, 7).times(5);
        Tensor before = x.copy();
        Tensor p = Softmax.forward(x);
        for (int b = 0; b < 3; b++)
            for (int i = 0; i < 4; i++) {
                double s = 0;
                for (int j = 0; j < 7; j++) s += p.get(b, i, j);
                assertEquals(1.0, s, 1e-15);
            }
        assertEquals(0.0, x.maxAbsDiff(before));
    }

    @Test
    void nullIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Softmax.forward(null));
        assertEquals("x must not be null", e.getMessage());
    }
}
