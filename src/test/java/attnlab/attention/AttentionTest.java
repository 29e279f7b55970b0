package attnlab.attention;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class AttentionTest {
    static final double NEG = Double.NEGATIVE_INFINITY;

    @Test
    void handComputed2x2() {
        // S = I/√2, so each row is softmax([1/√2, 0]) = [p, 1-p] with p = 1/(1+e^(-1/√2)); O = P V.
        Tensor I = Tensor.parse("1 0; 0 1"), V = Tensor.parse("1 2; 3 4");
        Attention.Result r = Attention.forward(I, I, V, null, Double.NaN);
        double p = 1 / (1 + Math.exp(-1 / Math.sqrt(2)));
        assertEquals(0.6697615493266569, p, 1e-16, "NumPy float64 agrees with the closed form");
        assertEquals(p, r.weights().get(0, 0), 1e-16);
        assertEquals(1 - p, r.weights().get(0, 1), 1e-16);
        assertEquals(p + 3 * (1 - p), r.out().get(0, 0), 1e-15);
        assertEquals(2.3395230986533138, r.out().get(1, 0), 1e-15);
        assertEquals(1 / Math.sqrt(2), r.scale(), 0.0);
    }

    @Test
    void handComputed3x2KeysWithDvNotDk() {
        // Golden values from NumPy float64: Q [3,2], K [2,2], V [2,3].
        Tensor Q = Tensor.parse("1 0; 0 2; 1 1"), K = Tensor.parse("1 1; 2 0"), V = Tensor.parse("1 2 3; 4 5 6");
        Attention.Result r = Attention.forward(Q, K, V, null, Double.NaN);
        double[][] P = {{0.3302384506733431, 0.6697615493266569}, {0.8044296825069569, 0.19557031749304313}, {0.5, 0.5}};
        double[][] O = {{3.0092846479799706, 4.009284647979971, 5.009284647979971},
                {1.5867109524791294, 2.5867109524791294, 3.5867109524791294}, {2.5, 3.5, 4.5}};
        assertEquals(0.0, r.weights().maxAbsDiff(Tensor.of(P)), 2e-16);
        assertEquals(0.0, r.out().maxAbsDiff(Tensor.of(O)), 1e-15);
        assertArrayEquals(new int[] {3, 3}, r.out().shape(), "a rank-2 input gives a rank-2 output");
    }

    @Test
    void explicitScale() {
        Tensor Q = Tensor.parse("1 0"), K = Tensor.parse("1 0; 0 1"), V = Tensor.parse("1; 0");
        // scale 0 gives uniform weights
        assertEquals(0.5, Attention.attention(Q, K, V, null, 0.0).get(0, 0), 0.0);
        // scale ln 3: softmax([ln 3, 0]) = [3/4, 1/4]
        assertEquals(0.75, Attention.attention(Q, K, V, null, Math.log(3)).get(0, 0), 1e-15);
        assertMessage("scale must be finite but was inf",
                () -> Attention.attention(Q, K, V, null, Double.POSITIVE_INFINITY));
    }

    @Test
    void weightRowsSumToOneAndCausalZerosAboveTheDiagonal() {
        Random rng = new Random(11);
        Tensor Q = Tensor.randn(rng, 2, 5, 4), K = Tensor.randn(rng, 2, 5, 4), V = Tensor.randn(rng, 2, 5, 3);
        Tensor w = Attention.forward(Q, K, V, Masks.causal(5), Double.NaN).weights();
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < 5; i++) {
                double s = 0;
                for (int j = 0; j < 5; j++) {
                    s += w.get(b, i, j);
                    if (j > i) assertEquals(0.0, w.get(b, i, j), "future key " + j + " of query " + i);
                }
                assertEquals(1.0, s, 1e-15);
            }
        assertEquals(1.0, w.get(0, 0, 0), 0.0, "the first query can only see itself");
    }

    @Test
    void permutingKeysAndValuesTogetherLeavesTheOutputUnchanged() {
        Random rng = new Random(5);
        Tensor Q = Tensor.randn(rng, 1, 3, 4), K = Tensor.randn(rng, 1, 6, 4), V = Tensor.randn(rng, 1, 6, 2);
        int[] perm = {3, 0, 5, 1, 4, 2};
        Tensor Kp = Tensor.zeros(1, 6, 4), Vp = Tensor.zeros(1, 6, 2);
        for (int j = 0; j < 6; j++) {
            for (int c = 0; c < 4; c++) Kp.set(0, j, c, K.get(0, perm[j], c));
            for (int c = 0; c < 2; c++) Vp.set(0, j, c, V.get(0, perm[j], c));
        }
        assertEquals(0.0, Attention.attention(Q, K, V).maxAbsDiff(Attention.attention(Q, Kp, Vp)), 1e-14);
    }

    @Test
    void lqDiffersFromLkAndBatchesAreIndependent() {
        Random rng = new Random(9);
        Tensor Q = Tensor.randn(rng, 3, 2, 4), K = Tensor.randn(rng, 3, 7, 4), V = Tensor.randn(rng, 3, 7, 5);
        Tensor out = Attention.attention(Q, K, V);
        assertArrayEquals(new int[] {3, 2, 5}, out.shape());
        for (int b = 0; b < 3; b++) {
            Tensor one = Attention.attention(Tensor.of(Q.slice(b)), Tensor.of(K.slice(b)), Tensor.of(V.slice(b)));
            for (int i = 0; i < 2; i++) for (int c = 0; c < 5; c++) assertEquals(one.get(i, c), out.get(b, i, c), 0.0);
        }
    }

    @Test
    void logitsOfPlusMinus1000DoNotOverflow() {
        Tensor Q = Tensor.parse("1000 0; -1000 0"), K = Tensor.parse("1 0; 0 1"), V = Tensor.parse("1 0; 0 1");
        Attention.Result r = Attention.forward(Q, K, V, null, 1.0);
        assertEquals(0.0, r.weights().maxAbsDiff(Tensor.parse("1 0; 0 1")), 0.0);
        assertEquals(0.0, r.out().maxAbsDiff(Tensor.parse("1 0; 0 1")), 0.0);
    }

    @Test
    void bottomRightExampleWithFullyMaskedRows() {
        // numerics §2: Lq=5, Lk=2 bottom-right: rows 0..2 have no key: zero weights and zero output, not NaN.
        Random rng = new Random(2);
        Tensor Q = Tensor.randn(rng, 5, 3), K = Tensor.randn(rng, 2, 3), V = Tensor.randn(rng, 2, 4);
        Attention.Result r = Attention.forward(Q, K, V, Masks.causal(5, 2, Alignment.BOTTOM_RIGHT), Double.NaN);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) assertEquals(0.0, r.weights().get(i, j));
            for (int c = 0; c < 4; c++) assertEquals(0.0, r.out().get(i, c));
        }
        assertEquals(1.0, r.weights().get(3, 0), 0.0);
        for (int c = 0; c < 4; c++) assertEquals(V.get(0, c), r.out().get(3, c), 0.0);
        assertEquals(1.0, r.weights().get(4, 0) + r.weights().get(4, 1), 1e-15);
    }

    @Test
    void nanInABlockedKeyDoesNotLeak() {
        Tensor Q = Tensor.parse("1 0; 0 1"), K = Tensor.parse("1 0; nan nan"), V = Tensor.parse("1 2; nan nan");
        Tensor mask = Tensor.parse("0 -inf; 0 -inf");
        Attention.Result r = Attention.forward(Q, K, V, mask, Double.NaN);
        assertEquals(0.0, r.out().maxAbsDiff(Tensor.parse("1 2; 1 2")), 0.0);
        assertEquals(0.0, r.weights().maxAbsDiff(Tensor.parse("1 0; 1 0")), 0.0);
        // without the mask the NaN propagates, as it should
        assertTrue(Double.isNaN(Attention.attention(Q, K, V).get(0, 0)));
    }

    @Test
    void finiteMaskEntriesAreAddedAsBiases() {
        Tensor Q = Tensor.parse("0 0"), K = Tensor.parse("1 0; 0 1"), V = Tensor.parse("1; 0");
        // scores are 0, bias [ln 3, 0] -> weights [3/4, 1/4]
        Tensor out = Attention.attention(Q, K, V, Tensor.of(new double[][] {{Math.log(3), 0}}), Double.NaN);
        assertEquals(0.75, out.get(0, 0), 1e-15);
    }

    @Test
    void perBatchMasks() {
        Random rng = new Random(4);
        Tensor Q = Tensor.randn(rng, 2, 3, 2), K = Tensor.randn(rng, 2, 3, 2), V = Tensor.randn(rng, 2, 3, 2);
        Tensor w = Attention.forward(Q, K, V, Masks.padding(new int[] {1, 2}, 3, 3), Double.NaN).weights();
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, w.get(0, i, 0), 0.0);
            assertEquals(0.0, w.get(1, i, 2), 0.0);
            assertEquals(1.0, w.get(1, i, 0) + w.get(1, i, 1), 1e-15);
        }
    }

    @Test
    void fourDimensionalLeadingShapes() {
        Random rng = new Random(6);
        Tensor Q = Tensor.randn(rng, 2, 3, 4, 5), K = Tensor.randn(rng, 2, 3, 6, 5), V = Tensor.randn(rng, 2, 3, 6, 2);
        Attention.Result r = Attention.forward(Q, K, V, Masks.causal(4, 6, Alignment.BOTTOM_RIGHT), Double.NaN);
        assertArrayEquals(new int[] {2, 3, 4, 2}, r.out().shape());
        assertArrayEquals(new int[] {2, 3, 4, 6}, r.weights().shape());
        Tensor flat = Attention.attention(Q.view(6, 4, 5), K.view(6, 6, 5), V.view(6, 6, 2),
                Masks.causal(4, 6, Alignment.BOTTOM_RIGHT), Double.NaN);
        assertEquals(0.0, r.out().view(6, 4, 2).maxAbsDiff(flat), 0.0);
    }

    @Test
    void zeroLengths() {
        Tensor empty = Attention.attention(Tensor.zeros(1, 0, 4), Tensor.ones(1, 3, 4), Tensor.ones(1, 3, 2));
        assertArrayEquals(new int[] {1, 0, 2}, empty.shape());
        Attention.Result noKeys = Attention.forward(Tensor.ones(1, 2, 4), Tensor.zeros(1, 0, 4), Tensor.zeros(1, 0, 3),
                null, Double.NaN);
        assertEquals(0.0, noKeys.out().maxAbsDiff(Tensor.zeros(1, 2, 3)), 0.0, "Lk = 0: a row with no key gives zeros");
        assertArrayEquals(new int[] {1, 2, 0}, noKeys.weights().shape());
    }

    @Test
    void badInputNamesArgumentsAndShapes() {
        Tensor Q = Tensor.zeros(2, 3, 4);
        assertMessage("K has d_k=5 but Q has d_k=4", () -> Attention.attention(Q, Tensor.zeros(2, 3, 5), Tensor.zeros(2, 3, 4)));
        assertMessage("V has Lk=2 but K has Lk=3", () -> Attention.attention(Q, Tensor.zeros(2, 3, 4), Tensor.zeros(2, 2, 4)));
        assertMessage("K has batch=3 but Q has batch=2", () -> Attention.attention(Q, Tensor.zeros(3, 3, 4), Tensor.zeros(3, 3, 4)));
        assertMessage("V has shape [3, 4] but Q has shape [2, 3, 4]", () -> Attention.attention(Q, Q, Tensor.zeros(3, 4)));
        assertMessage("mask has shape [3, 2] but must be [3, 3] (Lq, Lk) or [2, 3, 3]",
                () -> Attention.attention(Q, Q, Q, Tensor.zeros(3, 2), Double.NaN));
        assertMessage("mask has shape [3, 3, 3] but must be", () -> Attention.attention(Q, Q, Q, Tensor.zeros(3, 3, 3), Double.NaN));
        assertMessage("Q must not be null", () -> Attention.attention(null, Q, Q));
        assertMessage("V must not be null", () -> Attention.attention(Q, Q, null));
    }
}
