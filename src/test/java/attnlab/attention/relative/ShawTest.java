package attnlab.attention.relative;

import attnlab.attention.Attention;
import attnlab.attention.Alignment;
import attnlab.attention.Masks;
import attnlab.grad.GradCheck;
import attnlab.grad.GradReport;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static attnlab.attention.relative.TransformerXLTest.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class ShawTest {

    @Test
    void indexClipsKeyMinusQueryDistance() {
        Tensor idx = Shaw.index(4, 4, 2); // idx = clip(j - i, 2) + 2
        assertArrayEquals(new double[] {2, 3, 4, 4}, idx.toArray()[0][0]);
        assertArrayEquals(new double[] {0, 0, 1, 2}, idx.toArray()[0][3]);
        // Lq != Lk: the single query is the last position (bottom-right), distances -3..0 clip to -1
        assertArrayEquals(new double[] {0, 0, 0, 1}, Shaw.index(1, 4, 1).toArray()[0][0]);
    }

    @Test
    void handComputedTwoTokens() {
        // k=1, tables rows = distances -1, 0, +1; d = 1 so the scale is 1
        Shaw.Result r = Shaw.forward(Tensor.parse("1; 2"), Tensor.parse("0; 0"), Tensor.parse("1; 3"),
                Tensor.parse("-1; 0; 1"), Tensor.parse("10; 20; 30"), 1, null);
        // row 0: e = [1*(0+0), 1*(0+1)] = [0, 1];   z = a0*(1+20) + a1*(3+30)
        double a1 = Math.exp(1) / (1 + Math.exp(1));
        assertEquals(1 - a1, r.weights().get(0, 0), 1e-15);
        assertEquals((1 - a1) * 21 + a1 * 33, r.out().get(0, 0), 1e-13);
        // row 1: e = [2*(0-1), 2*(0+0)] = [-2, 0];  z = b0*(1+10) + b1*(3+20)
        double b0 = Math.exp(-2) / (1 + Math.exp(-2));
        assertEquals(b0, r.weights().get(1, 0), 1e-15);
        assertEquals(b0 * 11 + (1 - b0) * 23, r.out().get(1, 0), 1e-13);
    }

    @Test
    void zeroTablesGivePlainMaskedAttention() {
        Random rng = new Random(2);
        Tensor Q = Tensor.randn(rng, 2, 3, 4), K = Tensor.randn(rng, 2, 5, 4), V = Tensor.randn(rng, 2, 5, 3);
        Tensor mask = Masks.causal(3, 5, Alignment.BOTTOM_RIGHT);
        Tensor out = Shaw.forward(Q, K, V, Tensor.zeros(5, 4), Tensor.zeros(5, 3), 2, mask).out();
        assertEquals(0, out.maxAbsDiff(Attention.attention(Q, K, V, mask, Double.NaN)), 1e-15);
    }

    @Test
    void backwardPassesGradCheckForInputsAndBothTables() {
        Random rng = new Random(4);
        Tensor[] masks = {null, Masks.causal(3, 5, Alignment.BOTTOM_RIGHT), Masks.causal(3, 5, Alignment.TOP_LEFT)};
        for (Tensor mask : masks)
            for (int k : new int[] {0, 1, 6}) {
                Tensor[] in = {Tensor.randn(rng, 2, 3, 4), Tensor.randn(rng, 2, 5, 4), Tensor.randn(rng, 2, 5, 2),
                        Tensor.randn(rng, 2 * k + 1, 4), Tensor.randn(rng, 2 * k + 1, 2)};
                GradReport report = GradCheck.options().names("Q", "K", "V", "wK", "wV").check(
                        x -> Shaw.forward(x[0], x[1], x[2], x[3], x[4], k, mask).out(),
                        (dO, x) -> {
                            Shaw.Grads g = Shaw.backward(dO, Shaw.forward(x[0], x[1], x[2], x[3], x[4], k, mask));
                            return new Tensor[] {g.dQ(), g.dK(), g.dV(), g.dW_K(), g.dW_V()};
                        }, in);
                assertTrue(report.passed(), "k=" + k + "\n" + report);
            }
    }

    @Test
    void badInputsNameTheArgument() {
        Tensor Q = Tensor.zeros(2, 4), V = Tensor.zeros(2, 3);
        assertMessage("wK has shape [3, 4] but must be [5, 4] (2k+1 for k=2, d)",
                () -> Shaw.forward(Q, Q, V, Tensor.zeros(3, 4), Tensor.zeros(5, 3), 2, null));
        assertMessage("wV has shape [5, 4] but must be [5, 3] (2k+1 for k=2, d_v)",
                () -> Shaw.forward(Q, Q, V, Tensor.zeros(5, 4), Tensor.zeros(5, 4), 2, null));
        assertMessage("K has d_k=3 but Q has d_k=4", () -> Shaw.forward(Q, V, V, Tensor.zeros(5, 4), Tensor.zeros(5, 3), 2, null));
        assertMessage("mask has shape [3, 2] but must be [2, 2] (Lq, Lk)",
                () -> Shaw.forward(Q, Q, V, Tensor.zeros(5, 4), Tensor.zeros(5, 3), 2, Tensor.zeros(3, 2)));
        assertMessage("k must be >= 0 but was -1", () -> Shaw.index(2, 2, -1));
    }
}
