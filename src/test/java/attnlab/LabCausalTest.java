package attnlab;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static attnlab.Asserts.assertMessage;
import static attnlab.Lab.*;
import static org.junit.jupiter.api.Assertions.*;

/** The facade's causal and sliding-window functions: the dense-mask functions' results, without the mask. */
class LabCausalTest {

    @Test
    void causalAttentionIsMaskedAttentionUnderTheCausalMask() {
        seed(5);
        Tensor Q = randn(2, 6, 4), K = randn(2, 9, 4), V = randn(2, 9, 3);
        assertEquals(0.0, causalAttention(Q, K, V).maxAbsDiff(maskedAttention(Q, K, V, causalMask(6, 9, TOP_LEFT))),
                1e-12);
        assertEquals(0.0, causalAttention(Q, K, V, BOTTOM_RIGHT)
                .maxAbsDiff(maskedAttention(Q, K, V, causalMask(6, 9, BOTTOM_RIGHT))), 1e-12);
    }

    @Test
    void slidingWindowAttentionIsMaskedAttentionUnderTheWindowMask() {
        seed(6);
        Tensor Q = randn(7, 4), K = randn(7, 4), V = randn(7, 2);
        assertEquals(0.0, slidingWindowAttention(Q, K, V, 3)
                .maxAbsDiff(maskedAttention(Q, K, V, slidingWindowMask(7, 7, 3, TOP_LEFT))), 1e-12);
        assertEquals(0.0, slidingWindowAttention(Q, K, V, 3, BOTTOM_RIGHT)
                .maxAbsDiff(maskedAttention(Q, K, V, slidingWindowMask(7, 7, 3, BOTTOM_RIGHT))), 1e-12);
        // the window mask by hand: window 2 sees the previous key and its own
        assertEquals("[[0., -inf, -inf], [0., 0., -inf], [-inf, 0., 0.]]",
                java.util.Arrays.deepToString(toArray(slidingWindowMask(3, 3, 2, TOP_LEFT))).replace(".0", ".")
                        .replace("-Infinity", "-inf"));
    }

    @Test
    void withWeightsFeedsAttentionBackward() {
        seed(7);
        Tensor Q = randn(2, 5, 3), K = randn(2, 5, 3), V = randn(2, 5, 3), dO = randn(2, 5, 3);
        var dense = attentionBackward(Q, K, V, causalMask(5), dO);
        var band = attentionBackward(dO, causalAttentionWithWeights(Q, K, V, TOP_LEFT));
        assertEquals(0.0, dense.dQ().maxAbsDiff(band.dQ()), 1e-12);
        assertEquals(0.0, dense.dK().maxAbsDiff(band.dK()), 1e-12);
        assertEquals(0.0, dense.dV().maxAbsDiff(band.dV()), 1e-12);
        var windowed = attentionBackward(dO, slidingWindowAttentionWithWeights(Q, K, V, 2, TOP_LEFT));
        var denseWindow = attentionBackward(Q, K, V, slidingWindowMask(5, 5, 2, TOP_LEFT), dO);
        assertEquals(0.0, denseWindow.dK().maxAbsDiff(windowed.dK()), 1e-12);
    }

    @Test
    void badInputNamesTheArgument() {
        Tensor Q = zeros(3, 2);
        assertMessage("window must be at least 1 (the query's own position) but was 0",
                () -> slidingWindowAttention(Q, Q, Q, 0));
        assertMessage("alignment must not be null", () -> causalAttention(Q, Q, Q, null));
        assertMessage("d_k", () -> causalAttention(Q, zeros(3, 5), zeros(3, 2)));
    }

    private static double[][] toArray(Tensor t) {
        double[][] a = new double[t.rows()][t.cols()];
        for (int i = 0; i < t.rows(); i++) for (int j = 0; j < t.cols(); j++) a[i][j] = t.get(i, j);
        return a;
    }
}
