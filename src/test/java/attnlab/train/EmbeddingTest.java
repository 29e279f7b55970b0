package attnlab.train;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class EmbeddingTest {

    @Test
    void forwardLooksUpRowsAndBackwardScatterAdds() {
        Embedding emb = new Embedding(3, 2, 0);
        emb.weights().matrix().setTo(new org.ejml.data.DMatrixRMaj(new double[][] {{1, 2}, {3, 4}, {5, 6}}));
        int[][] tokens = {{2, 0, 2}};
        Tensor X = Tensor.zeros(1, 3, 2);
        emb.forward(tokens, X);
        assertArrayEquals(new double[] {5, 6, 1, 2, 5, 6}, X.slice(0).data, 0.0);
        Tensor dX = Tensor.of(new double[][][] {{{1, 10}, {100, 1000}, {2, 20}}}), dE = Tensor.zeros(3, 2);
        emb.backward(tokens, dX, dE);
        // token 2 appears twice: its row collects both; token 1 never appears: zero
        assertArrayEquals(new double[] {100, 1000, 0, 0, 3, 30}, dE.matrix().data, 0.0);
    }

    @Test
    void seededNormalInit() {
        assertEquals(0.0, new Embedding(8, 16, 7).weights().maxAbsDiff(new Embedding(8, 16, 7).weights()));
        Tensor E = new Embedding(200, 50, 1).weights();
        double sq = 0;
        for (double v : E.matrix().data) sq += v * v;
        assertEquals(1.0, sq / E.size(), 0.05); // N(0, 1): variance ≈ 1
    }

    @Test
    void badToken() {
        assertMessage("tokens[0][1] must be in 0..2 (vocab − 1) but was 3",
                () -> new Embedding(3, 2, 0).forward(new int[][] {{0, 3}}, Tensor.zeros(1, 2, 2)));
        assertMessage("vocab must be >= 1 but was 0", () -> new Embedding(0, 2, 0));
    }
}
