package attnlab.train;

import attnlab.attention.MultiHeadAttention;
import attnlab.attention.PositionalEncoding;
import attnlab.attention.Masks;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class AttentionModelTest {

    @Test
    void forwardIsEmbeddingPlusPeThenResidualMhaThenUnembedding() {
        AttentionModel m = new AttentionModel(5, 3, 4, 4, 2, MaskKind.STRICT_CAUSAL, 7);
        int[][] tokens = {{4, 0, 2, 2}, {1, 3, 0, 4}};
        Tensor logits = m.forward(tokens).copy();
        // the same computation composed from the public pieces
        Tensor[] p = m.parameters();
        Tensor X = Tensor.zeros(2, 4, 4);
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < 4; t++)
                for (int c = 0; c < 4; c++) X.set(b, t, c, p[0].get(tokens[b][t], c));
        X = X.plus(PositionalEncoding.encoding(4, 4));
        MultiHeadAttention mha = new MultiHeadAttention(4, 2, 0);
        mha.setW_q(p[1]).setW_k(p[2]).setW_v(p[3]).setW_o(p[4]);
        Tensor Z = X.plus(mha.forward(X, Masks.strictCausal(4)));
        Tensor expected = Tensor.zeros(2, 4, 3);
        for (int b = 0; b < 2; b++)
            org.ejml.dense.row.CommonOps_DDRM.mult(Z.slice(b), p[5].matrix(), expected.slice(b));
        assertEquals(0.0, logits.maxAbsDiff(expected), 1e-15);
        assertArrayEquals(new int[] {2, 2, 4, 4}, m.attentionWeights().shape());
        // strict causal: row 0 sees nothing, so its logits are E[x_0] + PE_0 read out directly
        assertEquals(0.0, m.attentionWeights().slice(0).get(0, 0), 0.0);
    }

    @Test
    void seededInitAndParameterCount() {
        AttentionModel a = new AttentionModel(8, 8, 10, 16, 2, MaskKind.CAUSAL, 1);
        AttentionModel b = new AttentionModel(8, 8, 10, 16, 2, MaskKind.CAUSAL, 1);
        for (int k = 0; k < 6; k++) assertEquals(0.0, a.parameters()[k].maxAbsDiff(b.parameters()[k]));
        assertEquals(8 * 16 + 4 * 16 * 16 + 16 * 8, a.parameterCount());
        assertEquals("AttentionModel(vocab 8, classes 8, length 10, d_model 16, heads 2, mask causal, 1280 parameters)",
                a.toString());
    }

    @Test
    void headWeightsOfOneSequenceAreRowStochasticUnderTheMask() {
        AttentionModel m = new AttentionModel(8, 8, 6, 8, 2, MaskKind.STRICT_CAUSAL, 0);
        Tensor w = m.headWeights(new int[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(new int[] {2, 6, 6}, w.shape());
        for (int h = 0; h < 2; h++)
            for (int i = 0; i < 6; i++) {
                double sum = 0;
                for (int j = 0; j < 6; j++) {
                    if (j >= i) assertEquals(0.0, w.get(h, i, j), 0.0);
                    sum += w.get(h, i, j);
                }
                assertEquals(i == 0 ? 0.0 : 1.0, sum, 1e-15);
            }
        assertEquals(6, m.predict(new int[] {1, 2, 3, 4, 5, 6}).length);
    }

    @Test
    void aSplitBatchGivesWhatEachSequenceGivesAlone() {
        // 20 sequences run as two halves of 10 (Lanes); each must equal its own one-sequence forward
        AttentionModel m = new AttentionModel(6, 6, 5, 8, 2, MaskKind.CAUSAL, 2);
        int[][] tokens = Task.previousToken(6, 5).sample(new java.util.Random(3), 20).tokens();
        Tensor logits = m.forward(tokens).copy(), weights = m.attentionWeights().copy();
        assertArrayEquals(new int[] {20, 2, 5, 5}, weights.shape());
        for (int b = 0; b < 20; b++) {
            Tensor one = m.forward(new int[][] {tokens[b]});
            for (int i = 0; i < 30; i++) assertEquals(one.slice(0).data[i], logits.slice(b).data[i], 1e-15);
            for (int h = 0; h < 2; h++)
                assertEquals(0.0, Tensor.of(m.attentionWeights().slice(h))
                        .maxAbsDiff(Tensor.of(weights.slice(b * 2 + h))), 1e-15);
        }
    }

    @Test
    void theReplicaFollowsWeightUpdates() {
        AttentionModel m = new AttentionModel(6, 6, 5, 8, 1, MaskKind.STRICT_CAUSAL, 2);
        int[][] tokens = Task.previousToken(6, 5).sample(new java.util.Random(3), 16).tokens();
        m.parameters()[1].matrix().data[0] += 3;    // W_q changes, e.g. by Adam
        Tensor split = m.forward(tokens).copy();
        Tensor last = m.forward(new int[][] {tokens[15]});
        for (int i = 0; i < 30; i++) assertEquals(last.slice(0).data[i], split.slice(15).data[i], 1e-15);
    }

    @Test
    void badInput() {
        AttentionModel m = new AttentionModel(8, 8, 4, 8, 2, MaskKind.CAUSAL, 0);
        assertMessage("tokens[1] has length 3 but the model has length L=4",
                () -> m.forward(new int[][] {{0, 1, 2, 3}, {0, 1, 2}}));
        assertMessage("tokens[0][2] must be in 0..7 (vocab − 1) but was 9",
                () -> m.forward(new int[][] {{0, 1, 9, 3}}));
        assertMessage("dModel=8 is not divisible by nHeads=3",
                () -> new AttentionModel(8, 8, 4, 8, 3, MaskKind.CAUSAL, 0));
        m.forward(new int[][] {{0, 1, 2, 3}});
        assertMessage("dLogits has shape [1, 4, 7] but the logits have shape [1, 4, 8]",
                () -> m.backward(Tensor.zeros(1, 4, 7)));
        AttentionModel fresh = new AttentionModel(8, 8, 4, 8, 2, MaskKind.CAUSAL, 0);
        assertThrows(IllegalStateException.class, () -> fresh.backward(Tensor.zeros(1, 4, 8)));
    }
}
