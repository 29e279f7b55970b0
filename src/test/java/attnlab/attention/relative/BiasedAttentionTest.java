package attnlab.attention.relative;

import attnlab.attention.Attention;
import attnlab.attention.Masks;
import attnlab.grad.GradCheck;
import attnlab.grad.GradReport;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static attnlab.attention.relative.TransformerXLTest.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class BiasedAttentionTest {

    @Test
    void backwardGivesTheBiasGradientToo() {
        Random rng = new Random(31);
        Tensor[] in = {Tensor.randn(rng, 2, 3, 4), Tensor.randn(rng, 2, 5, 4), Tensor.randn(rng, 2, 5, 2),
                Tensor.randn(rng, 2, 3, 5)};
        GradReport report = GradCheck.options().names("Q", "K", "V", "bias").check(
                x -> BiasedAttention.forward(x[0], x[1], x[2], x[3], 0.7).out(),
                (dO, x) -> {
                    BiasedAttention.Grads g = BiasedAttention.backward(dO, null, BiasedAttention.forward(x[0], x[1], x[2], x[3], 0.7));
                    return new Tensor[] {g.dQ(), g.dK(), g.dV(), g.dBias()};
                }, in);
        assertTrue(report.passed(), report.toString());
    }

    @Test
    void withoutExtraTermItAgreesWithAttentionBackwardAndBlocksGetNothing() {
        Random rng = new Random(32);
        Tensor Q = Tensor.randn(rng, 3, 2), K = Tensor.randn(rng, 3, 2), V = Tensor.randn(rng, 3, 2), dO = Tensor.randn(rng, 3, 2);
        Tensor mask = Masks.strictCausal(3); // row 0 fully blocked
        Attention.Result r = Attention.forward(Q, K, V, mask, Double.NaN);
        BiasedAttention.Grads g = BiasedAttention.backward(dO, null, r);
        Attention.Grads ref = Attention.backward(dO, r);
        assertEquals(0, g.dQ().maxAbsDiff(ref.dQ()), 1e-15);
        assertEquals(0, g.dK().maxAbsDiff(ref.dK()), 1e-15);
        assertEquals(0, g.dV().maxAbsDiff(ref.dV()), 1e-15);
        for (int j = 0; j < 3; j++) assertEquals(0.0, g.dBias().get(0, j));
        assertEquals(0.0, g.dBias().get(1, 2));
    }

    @Test
    void checkNamesTheBadArgument() {
        Tensor Q = Tensor.zeros(2, 4);
        assertMessage("V has shape [3, 2, 4]", () -> BiasedAttention.check(Q, Q, Tensor.zeros(3, 2, 4), null));
        assertMessage("Lk", () -> BiasedAttention.check(Q, Q, Tensor.zeros(3, 4), null));
        assertMessage("Q must not be null", () -> BiasedAttention.check(null, Q, Q, null));
    }
}
