package attnlab.train;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class AdamTest {

    @Test
    void firstStepMovesEachEntryByAboutLr() {
        // t = 1: m̂ = g, v̂ = g², so θ -= lr · g / (|g| + eps)
        Tensor p = Tensor.of(new double[][] {{1, 2}}), g = Tensor.of(new double[][] {{0.5, -4}});
        new Adam(0.1, p).step(g);
        assertEquals(1 - 0.1 * 0.5 / (0.5 + 1e-8), p.get(0, 0), 1e-15);
        assertEquals(2 + 0.1 * 4 / (4 + 1e-8), p.get(0, 1), 1e-15);
    }

    @Test
    void secondStepHandComputed() {
        Tensor p = Tensor.of(new double[][] {{0}});
        Adam adam = new Adam(0.01, p);
        adam.step(Tensor.of(new double[][] {{1}}));
        adam.step(Tensor.of(new double[][] {{3}}));
        double m = 0.9 * 0.1 + 0.1 * 3, v = 0.999 * 0.001 + 0.001 * 9;
        double mh = m / (1 - 0.81), vh = v / (1 - 0.999 * 0.999);
        double expected = -0.01 * 1 / (1 + 1e-8) - 0.01 * mh / (Math.sqrt(vh) + 1e-8);
        assertEquals(expected, p.get(0, 0), 1e-15);
        assertEquals(2, adam.steps());
    }

    @Test
    void minimisesAQuadratic() {
        Tensor p = Tensor.of(new double[][] {{3, -2, 0.5}});
        Adam adam = new Adam(0.05, p);
        for (int i = 0; i < 500; i++) adam.step(p.times(2)); // d/dp Σ p² = 2p
        assertTrue(p.maxAbsDiff(Tensor.zeros(1, 3)) < 1e-2, p::toString);
    }

    @Test
    void badArguments() {
        Tensor p = Tensor.zeros(2, 2);
        assertMessage("lr must be > 0 but was 0.", () -> new Adam(0, p));
        assertMessage("grads[0] has shape [2, 3] but params[0] has shape [2, 2]",
                () -> new Adam(0.1, p).step(Tensor.zeros(2, 3)));
        assertMessage("grads has 2 tensors but there are 1 parameters",
                () -> new Adam(0.1, p).step(p, p));
    }
}
