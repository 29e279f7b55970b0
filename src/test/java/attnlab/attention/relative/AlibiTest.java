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

class AlibiTest {

    @Test
    void goldenSlopes() { // numerics §8.4
        double[] s8 = Alibi.slopes(8);
        for (int h = 0; h < 8; h++) assertEquals(Math.pow(2, -(h + 1)), s8[h], 0.0);
        assertArrayEquals(new double[] {0.25, 0.0625, 0.015625, 0.00390625, 0.5, 0.125}, Alibi.slopes(6), 0.0);
        double[] s12 = Alibi.slopes(12);
        double[] tail = {0.7071, 0.3536, 0.1768, 0.0884};
        for (int i = 0; i < 4; i++) assertEquals(tail[i], s12[8 + i], 5e-5);
        for (int h = 0; h < 8; h++) assertEquals(s8[h], s12[h], 0.0);
        assertArrayEquals(new double[] {0.00390625}, Alibi.slopes(1), 0.0);
    }

    @Test
    void biasMatrixIsMinusSlopeTimesDistanceBelowTheDiagonal() {
        Tensor b = Alibi.biasMatrix(2, 3); // slopes(2) = 2^-4, 2^-8
        assertEquals(-2 * 0.0625, b.get(0, 2, 0), 0.0);
        assertEquals(-1 * 0.00390625, b.get(1, 2, 1), 0.0);
        assertEquals(0.0, b.get(0, 1, 1), 0.0);
        assertTrue(Masks.blocked(b.get(0, 0, 1)));
        Tensor r = Alibi.biasMatrix(1, 2, 4); // bottom-right: query 0 sits at position 2
        assertArrayEquals(new double[] {-2 * 0.00390625, -0.00390625, 0, Double.NEGATIVE_INFINITY}, r.toArray()[0][0], 0.0);
    }

    @Test
    void forwardMatchesTheReferenceRepositoryForm() {
        // the repository adds +m*j instead of -m*(i-j): same weights under the causal softmax
        Random rng = new Random(12);
        int H = 4, L = 5;
        Tensor Q = Tensor.randn(rng, H, L, 3), K = Tensor.randn(rng, H, L, 3), V = Tensor.randn(rng, H, L, 3);
        Attention.Result r = Alibi.forward(Q, K, V);
        double[] m = Alibi.slopes(H);
        for (int h = 0; h < H; h++) {
            Tensor mask = Masks.causal(L);
            for (int i = 0; i < L; i++) for (int j = 0; j <= i; j++) mask.matrix().set(i, j, m[h] * j);
            Tensor expected = Attention.forward(Tensor.of(Q.slice(h)), Tensor.of(K.slice(h)), Tensor.of(V.slice(h)),
                    mask, Double.NaN).weights();
            assertEquals(0, Tensor.of(r.weights().slice(h)).maxAbsDiff(expected), 1e-15, "head " + h);
        }
    }

    @Test
    void backwardPassesGradCheck() {
        Random rng = new Random(13);
        Tensor[] in = {Tensor.randn(rng, 2, 3, 2, 4), Tensor.randn(rng, 2, 3, 5, 4), Tensor.randn(rng, 2, 3, 5, 2)};
        GradReport report = GradCheck.options().names("Q", "K", "V").check(x -> Alibi.forward(x[0], x[1], x[2]).out(),
                (dO, x) -> {
                    Attention.Grads g = Alibi.backward(dO, Alibi.forward(x[0], x[1], x[2]));
                    return new Tensor[] {g.dQ(), g.dK(), g.dV()};
                }, in);
        assertTrue(report.passed(), report.toString());
    }

    @Test
    void badInputsNameTheArgument() {
        assertMessage("nHeads must be >= 1 but was 0", () -> Alibi.slopes(0));
        assertMessage("Lk must be >= 0 but was -2", () -> Alibi.biasMatrix(2, 2, -2));
        assertMessage("K has d_k=3 but Q has d_k=4", () -> Alibi.forward(Tensor.zeros(2, 4), Tensor.zeros(2, 3), Tensor.zeros(2, 3)));
    }
}
