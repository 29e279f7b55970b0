package attnlab;

import attnlab.attention.relative.Alibi;
import attnlab.attention.relative.Rope;
import attnlab.attention.relative.T5Bias;
import attnlab.attention.relative.TransformerXL;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static attnlab.Lab.*;
import static org.junit.jupiter.api.Assertions.*;

/** The issue-8 facade one-liners delegate to the scheme classes (kept apart from LabTest so merges stay trivial). */
class LabRelativeTest {

    @Test
    void relativeOneLinersDelegate() {
        Random rng = new Random(1);
        Tensor Q = Tensor.randn(rng, 2, 3), K = Tensor.randn(rng, 4, 3), V = Tensor.randn(rng, 4, 3);
        Tensor R = relPosEmbed(4, 3);
        assertEquals(0, relativeAttention(Q, K, V, R).maxAbsDiff(TransformerXL.attention(Q, K, V, R)));
        assertEquals(10, t5Bucket(-20, true));
        assertEquals(0, t5Buckets(5, false).maxAbsDiff(T5Bias.bucketMatrix(5, false)));
        assertArrayEquals(Alibi.slopes(6), alibiSlopes(6).toArray()[0][0], 0.0);
        assertArrayEquals(Alibi.biasMatrix(3, 4).toArray(), alibiBias(3, 4).toArray()); // -inf entries: compare exactly
        Tensor x = Tensor.randn(rng, 3, 4);
        assertEquals(0, rope(x).maxAbsDiff(Rope.apply(x, Rope.Layout.ROTATE_HALF)));
        assertEquals(0, rope(x, ROPE_INTERLEAVED).maxAbsDiff(Rope.apply(x, Rope.Layout.INTERLEAVED)));
        assertEquals(0, ropeScores(4, 3).maxAbsDiff(Rope.scoreByDistance(4, 3)));
        assertEquals(0, shawIndex(3, 1).maxAbsDiff(attnlab.attention.relative.Shaw.index(3, 3, 1)));
        assertArrayEquals(TransformerXL.positionBias(2, 1, 4).toArray(), relPosBias(2, 1, 4).toArray());
        Tensor table = Tensor.randn(rng, 32, 2);
        assertTrue(gradcheckAlibi(Tensor.randn(rng, 2, 4), Tensor.randn(rng, 2, 4), Tensor.randn(rng, 2, 4)).passed());
        assertTrue(gradcheckRope(Tensor.randn(rng, 2, 4), Tensor.randn(rng, 2, 4), Tensor.randn(rng, 2, 4), null).passed());
        assertEquals(0, t5Bias(table, 3, true).maxAbsDiff(T5Bias.bias(table, 3, 3, true, 128)));
    }

    @Test
    void attentionOneLinersDelegate() {
        Random rng = new Random(2);
        Tensor Q = Tensor.randn(rng, 2, 3, 4), K = Tensor.randn(rng, 2, 3, 4), V = Tensor.randn(rng, 2, 3, 4);
        assertEquals(0, alibiAttention(Q, K, V).out().maxAbsDiff(Alibi.forward(Q, K, V).out()));
        assertEquals(0, ropeAttention(Q, K, V, causalMask(3)).out()
                .maxAbsDiff(Rope.attention(Q, K, V, causalMask(3), Rope.Layout.ROTATE_HALF).out()));
        Tensor table = Tensor.randn(rng, 32, 2);
        assertEquals(0, t5Attention(Q, K, V, table, false).out()
                .maxAbsDiff(T5Bias.forward(Q, K, V, table, false, 128).out()));
    }
}
