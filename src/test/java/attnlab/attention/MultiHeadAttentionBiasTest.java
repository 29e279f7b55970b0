package attnlab.attention;

import attnlab.grad.GradCheck;
import attnlab.grad.GradReport;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The optional biases of {@link MultiHeadAttention}: forward by hand, backward by gradcheck, and the default. */
class MultiHeadAttentionBiasTest {

    private static MultiHeadAttention withRandomBiases(int d, int h, long seed) {
        Random rng = new Random(seed);
        MultiHeadAttention m = new MultiHeadAttention(d, h, seed).withBiases();
        return m.setB_q(Tensor.randn(rng, 1, d)).setB_k(Tensor.randn(rng, 1, d)).setB_v(Tensor.randn(rng, 1, d))
                .setB_o(Tensor.randn(rng, 1, d));
    }

    @Test
    void theDefaultHasNoBiasesAndItsNumbersDoNotChange() {
        MultiHeadAttention plain = new MultiHeadAttention(8, 2, 7);
        assertFalse(plain.hasBiases());
        assertEquals(4, plain.parameters().size());
        assertEquals(4 * 64, plain.parameterCount());
        Tensor x = Tensor.randn(new Random(1), 2, 5, 8), dY = Tensor.randn(new Random(2), 2, 5, 8);
        Tensor y = plain.forward(x, Masks.causal(5));
        MultiHeadAttention.Grads g = plain.backward(dY);
        assertNull(g.db_q());
        assertEquals(4, g.parameterGrads().size());
        // zero biases add exact zeros: the same numbers, bit for bit
        MultiHeadAttention zero = new MultiHeadAttention(8, 2, 7).withBiases();
        assertEquals(0.0, zero.forward(x, Masks.causal(5)).maxAbsDiff(y));
        MultiHeadAttention.Grads gz = zero.backward(dY);
        assertEquals(0.0, gz.dX().maxAbsDiff(g.dX()));
        for (int k = 0; k < 4; k++) assertEquals(0.0, gz.parameterGrads().get(k).maxAbsDiff(g.parameterGrads().get(k)));
        assertEquals(8, zero.parameters().size());
        assertEquals(4 * 64 + 4 * 8, zero.parameterCount());
        assertTrue(zero.toString().endsWith(", with biases)"));
    }

    @Test
    void handComputedUniformAttentionWithBiases() {
        // W_q = W_k = 0: every score is b_q·b_k/√2, the same for every key, so P is uniform: Y = mean_j(V_j) W_o + b_o
        MultiHeadAttention m = new MultiHeadAttention(2, 1, 0).setW_q(Tensor.zeros(2, 2)).setW_k(Tensor.zeros(2, 2))
                .setW_v(Tensor.eye(2)).setW_o(Tensor.parse("1 0; 0 2"))
                .setB_q(Tensor.parse("1 2")).setB_k(Tensor.parse("3 -1")).setB_v(Tensor.parse("10 20"))
                .setB_o(Tensor.parse("0.5 -0.5"));
        Tensor y = m.forward(Tensor.parse("1 2; 3 4; 5 6"));
        // V = x + [10, 20] = [11 22; 13 24; 15 26], mean = [13, 24]; Y = [13, 48] + [0.5, -0.5]
        assertEquals(0.0, y.maxAbsDiff(Tensor.parse("13.5 47.5; 13.5 47.5; 13.5 47.5")), y.toString());
        MultiHeadAttention.Grads g = m.backward(Tensor.ones(3, 2));
        assertEquals(0.0, g.db_o().maxAbsDiff(Tensor.parse("3 3")));                 // Σ rows of dY
        assertEquals(0.0, g.db_v().maxAbsDiff(Tensor.parse("3 6")));                 // Σ rows of dY W_oᵀ
        assertEquals(0.0, m.inProjBias().maxAbsDiff(Tensor.parse("1 2 3 -1 10 20")));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void gradcheckSelfAttentionWithBiases(boolean causal) {
        MultiHeadAttention m = withRandomBiases(6, 2, 3);
        Tensor mask = causal ? Masks.causal(4) : null;
        Tensor x = Tensor.randn(new Random(4), 2, 4, 6);
        GradReport r = GradCheck.options().names("x", "W_q", "W_k", "W_v", "W_o", "b_q", "b_k", "b_v", "b_o").check(
                in -> load(m, in).forward(in[0], mask),
                (dY, in) -> {
                    load(m, in).forward(in[0], mask);
                    MultiHeadAttention.Grads g = m.backward(dY);
                    return new Tensor[] {g.dX(), g.dW_q(), g.dW_k(), g.dW_v(), g.dW_o(), g.db_q(), g.db_k(), g.db_v(),
                        g.db_o()};
                }, inputs(m, x));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void gradcheckCrossAttentionWithBiases() {
        MultiHeadAttention m = withRandomBiases(4, 2, 5);
        Tensor xq = Tensor.randn(new Random(6), 3, 4), xkv = Tensor.randn(new Random(7), 5, 4);
        Tensor[] in0 = inputs(m, xq);
        Tensor[] in = new Tensor[in0.length + 1];
        System.arraycopy(in0, 0, in, 0, in0.length);
        in[in0.length] = xkv;
        GradReport r = GradCheck.check(
                x -> load(m, x).forward(x[0], x[9], null),
                (dY, x) -> {
                    load(m, x).forward(x[0], x[9], null);
                    MultiHeadAttention.Grads g = m.backward(dY);
                    return new Tensor[] {g.dXq(), g.dW_q(), g.dW_k(), g.dW_v(), g.dW_o(), g.db_q(), g.db_k(), g.db_v(),
                        g.db_o(), g.dXkv()};
                }, in);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void badBiasesAreRefusedWithTheExpectedShape() {
        MultiHeadAttention m = new MultiHeadAttention(4, 2);
        IllegalStateException none = assertThrows(IllegalStateException.class, m::b_q);
        assertEquals("this MultiHeadAttention has no biases: call withBiases() first", none.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.setB_o(Tensor.zeros(4, 1)));
        assertEquals("b_o has shape [4, 1] but must be [1, 4]", e.getMessage());
        assertFalse(m.hasBiases(), "a refused bias leaves the layer as it was");
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> m.setFromPyTorch(
                Tensor.zeros(12, 4), Tensor.zeros(1, 8), Tensor.zeros(4, 4), Tensor.zeros(1, 4)));
        assertEquals("in_proj_bias has shape [1, 8] but must be [1, 12]", p.getMessage());
    }

    private static Tensor[] inputs(MultiHeadAttention m, Tensor x) {
        return new Tensor[] {x, m.W_q().copy(), m.W_k().copy(), m.W_v().copy(), m.W_o().copy(), m.b_q().copy(),
            m.b_k().copy(), m.b_v().copy(), m.b_o().copy()};
    }

    private static MultiHeadAttention load(MultiHeadAttention m, Tensor[] in) {
        return m.setW_q(in[1]).setW_k(in[2]).setW_v(in[3]).setW_o(in[4]).setB_q(in[5]).setB_k(in[6]).setB_v(in[7])
                .setB_o(in[8]);
    }
}
