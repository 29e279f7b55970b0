package attnlab.attention;

import attnlab.grad.GradCheck;
import attnlab.grad.GradReport;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SoftmaxBackwardTest {

    @Test
    void handComputed() {
        // P = softmax([0, 0]) = [1/2, 1/2], dP = [1, 0]: rowsum(dP ∘ P) = 1/2, dS = P ∘ (dP − 1/2) = [1/4, −1/4]
        Tensor dS = Softmax.backward(Tensor.parse("1 0"), Softmax.forward(Tensor.parse("0 0")));
        assertEquals(0.25, dS.get(0, 0), 1e-16);
        assertEquals(-0.25, dS.get(0, 1), 1e-16);
    }

    @Test
    void passesGradcheckWithBlockedEntriesAndBlockedRows() {
        Tensor s = Tensor.randn(new Random(21), 2, 4, 5);
        s.set(0, 1, 2, Double.NEGATIVE_INFINITY); // one blocked entry
        for (int j = 0; j < 5; j++) s.set(1, 3, j, Double.NEGATIVE_INFINITY); // one fully blocked row
        GradReport r = GradCheck.check(x -> Softmax.forward(x[0]),
                (dP, x) -> new Tensor[] {Softmax.backward(dP, Softmax.forward(x[0]))}, s);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void blockedEntriesGetZeroEvenWhereDpIsNaN() {
        Tensor p = Softmax.forward(Tensor.parse("0 -inf 1; -inf -inf -inf"));
        Tensor dS = Softmax.backward(Tensor.parse("1 nan 2; nan nan nan"), p);
        assertEquals(0.0, dS.get(0, 1));
        assertEquals(0.0, dS.get(1, 0) + dS.get(1, 1) + dS.get(1, 2));
        assertFalse(Double.isNaN(dS.get(0, 0)) || Double.isNaN(dS.get(0, 2)));
        assertEquals(0.0, dS.get(0, 0) + dS.get(0, 2), 1e-15); // each row of dS sums to zero
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Softmax.backward(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        assertEquals("dP has shape [2, 3] but P has shape [3, 2]", e.getMessage());
        assertEquals("P must not be null", assertThrows(IllegalArgumentException.class,
                () -> Softmax.backward(Tensor.zeros(2, 3), null)).getMessage());
    }
}
