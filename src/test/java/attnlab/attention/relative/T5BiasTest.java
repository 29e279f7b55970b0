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

class T5BiasTest {

    @Test
    void goldenBidirectionalBuckets() { // numerics §8.3, rel = j - i, 32 buckets, max distance 128
        int[][] golden = {{-200, 15}, {-64, 14}, {-20, 10}, {-9, 8}, {-8, 8}, {-7, 7}, {-1, 1}, {0, 0}, {1, 17},
                {7, 23}, {9, 24}, {20, 26}, {64, 30}, {128, 31}};
        for (int[] g : golden) assertEquals(g[1], T5Bias.bucket(g[0], true), "rel=" + g[0]);
    }

    @Test
    void goldenCausalBuckets() {
        int[][] golden = {{-64, 26}, {-20, 17}, {-8, 8}, {0, 0}, {1, 0}, {50, 0}};
        for (int[] g : golden) assertEquals(g[1], T5Bias.bucket(g[0], false), "rel=" + g[0]);
    }

    @Test
    void bucketsAreMonotoneInDistanceAndCapped() {
        for (int n = 1; n < 1000; n++) {
            assertTrue(T5Bias.bucket(-n, false) >= T5Bias.bucket(-n + 1, false));
            assertTrue(T5Bias.bucket(n, true) >= T5Bias.bucket(n - 1, true));
            assertTrue(T5Bias.bucket(-n, true) >= T5Bias.bucket(-n + 1, true));
        }
        assertEquals(31, T5Bias.bucket(-100000, false));
        assertEquals(31, T5Bias.bucket(100000, true));
        assertEquals(15, T5Bias.bucket(Integer.MIN_VALUE, true));
        assertEquals(31, T5Bias.bucket(Integer.MIN_VALUE, false));
    }

    @Test
    void bucketMatrixUsesKeyMinusQuery() {
        Tensor m = T5Bias.bucketMatrix(20, true);
        for (int i = 0; i < 20; i++)
            for (int j = 0; j < 20; j++) assertEquals(T5Bias.bucket(j - i, true), (int) m.get(i, j));
    }

    @Test
    void forwardIsUnscaledAttentionPlusTheTableBias() {
        Random rng = new Random(8);
        Tensor Q = Tensor.randn(rng, 2, 4, 3), K = Tensor.randn(rng, 2, 4, 3), V = Tensor.randn(rng, 2, 4, 3);
        Tensor table = Tensor.randn(rng, 8, 2);
        T5Bias.Result r = T5Bias.forward(Q, K, V, table, false, 16);
        for (int h = 0; h < 2; h++) {
            Tensor mask = Tensor.zeros(4, 4);
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                    mask.matrix().set(i, j, j > i ? Double.NEGATIVE_INFINITY : table.get(T5Bias.bucket(j - i, false, 8, 16), h));
            Tensor expected = Attention.attention(Tensor.of(Q.slice(h)), Tensor.of(K.slice(h)), Tensor.of(V.slice(h)), mask, 1.0);
            assertEquals(0, Tensor.of(r.out().slice(h)).maxAbsDiff(expected), 1e-15, "head " + h);
        }
    }

    @Test
    void backwardPassesGradCheckIncludingTheTable() {
        Random rng = new Random(9);
        for (boolean bidirectional : new boolean[] {true, false}) {
            Tensor[] in = {Tensor.randn(rng, 2, 2, 6, 3), Tensor.randn(rng, 2, 2, 6, 3), Tensor.randn(rng, 2, 2, 6, 2),
                    Tensor.randn(rng, 8, 2)};
            GradReport report = GradCheck.options().names("Q", "K", "V", "table").check(
                    x -> T5Bias.forward(x[0], x[1], x[2], x[3], bidirectional, 16).out(),
                    (dO, x) -> {
                        T5Bias.Grads g = T5Bias.backward(dO, T5Bias.forward(x[0], x[1], x[2], x[3], bidirectional, 16));
                        return new Tensor[] {g.dQ(), g.dK(), g.dV(), g.dTable()};
                    }, in);
            assertTrue(report.passed(), "bidirectional=" + bidirectional + "\n" + report);
        }
    }

    @Test
    void badInputsNameTheArgument() {
        Tensor Q = Tensor.zeros(2, 3, 4);
        assertMessage("table has shape [32, 3] but must be [numBuckets, 2] (Q has 2 head(s))",
                () -> T5Bias.forward(Q, Q, Q, Tensor.zeros(32, 3), true, 128));
        assertMessage("numBuckets must be >= 4 but was 2", () -> T5Bias.bucketMatrix(2, 2, true, 2, 128));
        assertMessage("Lq must be >= 0 but was -1", () -> T5Bias.bucketMatrix(-1, 2, true, 32, 128));
        assertTrue(Masks.blocked(T5Bias.forward(Tensor.zeros(2, 1), Tensor.zeros(2, 1), Tensor.zeros(2, 1),
                Tensor.zeros(4, 1), false, 8).att().mask().get(0, 1)));
    }
}
