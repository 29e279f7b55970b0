package attnlab.train;

import attnlab.model.ActivationCache;
import attnlab.model.Hook;
import attnlab.model.ModelRun;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The N-layer model: hand-computed forward, the hooked run against the training forward, hooks, bad input. */
class AttentionOnlyTest {
    static final InductionTask TASK = InductionTask.of(6, 4);

    static AttentionOnly model(int layers) {
        AttentionOnly m = new AttentionOnly(layers, 2, 8, TASK.modelVocab(), TASK.length(), 1);
        Random rng = new Random(5);                    // weights large enough that attention is far from uniform
        for (Tensor p : m.parameters())
            for (int i = 0; i < p.size(); i++) p.matrix().data[i] = 0.4 * rng.nextGaussian();
        return m;
    }

    @Test
    void withZeroAttentionWeightsTheLogitsAreEmbeddingPlusPositionTimesUnembedding() {
        AttentionOnly m = new AttentionOnly(2, 1, 2, 3, 4, 0);
        m.embedding().matrix().setTo(Tensor.of(new double[][] {{1, 0}, {0, 1}, {1, 1}}).matrix());
        m.positions().matrix().setTo(Tensor.of(new double[][] {{0, 0}, {1, 0}, {0, 2}, {1, 1}}).matrix());
        m.unembedding().matrix().setTo(Tensor.of(new double[][] {{1, 0, 2}, {0, 1, -1}}).matrix());
        for (int l = 0; l < 2; l++) for (Tensor w : m.attention(l).parameters()) w.fill(0);
        Tensor y = m.forward(new int[][] {{2, 0, 1}});
        // x_0 = E[2] + P[0] = (1, 1) -> (1, 1, 1); x_1 = E[0] + P[1] = (2, 0) -> (2, 0, 4); x_2 = (0, 3) -> (0, 3, -3)
        assertArrayEquals(new double[] {1, 1, 1, 2, 0, 4, 0, 3, -3}, y.slice(0).data, 0);
    }

    @Test
    void theHookedRunComputesTheTrainingForward() {
        AttentionOnly m = model(2);
        int[] t = TASK.sequence(3);
        ModelRun r = m.run(t);
        Tensor y = m.forward(new int[][] {t});
        double scale = 0, err = 0;
        for (int k = 0; k < y.size(); k++) {
            scale = Math.max(scale, Math.abs(y.slice(0).data[k]));
            err = Math.max(err, Math.abs(y.slice(0).data[k] - r.logits().matrix().data[k]));
        }
        assertTrue(err <= 1e-13 * scale, "max error " + err);
        for (int l = 0; l < 2; l++)
            assertTrue(r.pattern(l).maxAbsDiff(m.attentionWeights(l).view(2, t.length, t.length)) < 1e-14);
        assertEquals(List.of("hook_embed", "hook_pos_embed", "blocks.0.hook_resid_pre", "blocks.0.attn.hook_q",
                "blocks.0.attn.hook_k", "blocks.0.attn.hook_v", "blocks.0.attn.hook_attn_scores",
                "blocks.0.attn.hook_pattern", "blocks.0.attn.hook_z", "blocks.0.hook_attn_out",
                "blocks.0.hook_resid_post"), r.names().subList(0, 11));
        assertEquals(20, r.names().size());
        assertArrayEquals(new int[] {t.length, 2, 4}, r.get("blocks.1.attn.hook_z").shape());
        assertEquals(Double.NEGATIVE_INFINITY, r.get("blocks.0.attn.hook_attn_scores").get(1, 0, 1));
    }

    @Test
    void anIdentityHookChangesNothingBitForBit() {
        AttentionOnly m = model(2);
        int[] t = TASK.sequence(4);
        ModelRun plain = m.run(t), hooked = m.run(t, new Hook("blocks.1.attn.hook_pattern", (a, ctx) -> a));
        assertArrayEquals(plain.logits().matrix().data, hooked.logits().matrix().data, 0);
    }

    @Test
    void zeroingAHeadEqualsZeroingItsRowsOfW_o() {
        AttentionOnly m = model(2);
        int[] t = TASK.sequence(5);
        ModelRun ablated = m.run(t, ActivationCache.NONE, Ablation.zeroHead(0, 1));
        double[] wo = m.attention(0).W_o().matrix().data;
        java.util.Arrays.fill(wo, 4 * 8, 8 * 8, 0.0);                  // rows dk·h .. dk·(h+1) of W_o, h = 1
        Tensor y = m.forward(new int[][] {t});
        for (int k = 0; k < y.size(); k++)
            assertEquals(y.slice(0).data[k], ablated.logits().matrix().data[k], 1e-12 * Math.abs(y.slice(0).data[k]) + 1e-14);
    }

    @Test
    void aHookOnAnUnknownPointIsRefusedWithTheNames() {
        AttentionOnly m = model(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.run(TASK.sequence(0), new Hook("blocks.2.attn.hook_z", (a, c) -> a)));
        assertTrue(e.getMessage().startsWith("hooks[0] names 'blocks.2.attn.hook_z', which is not a hook point of this"
                + " model; it has hook_embed, hook_pos_embed and per block l < 2"), e.getMessage());
    }

    @Test
    void theFiveNineModelAnswersTheSameApi() {
        Task task = Task.previousToken(8, 10);
        AttentionModel m = AttentionModel.forTask(task, 16, 2, MaskKind.STRICT_CAUSAL, 0);
        int[] t = task.sample(new Random(1), 1).tokens()[0];
        ModelRun r = m.run(t);
        assertEquals(1, m.layers());
        assertEquals(10, m.context());
        assertTrue(r.pattern(0).maxAbsDiff(m.headWeights(t)) < 1e-14);
        assertTrue(r.logits().maxAbsDiff(Tensor.of(m.forward(new int[][] {t}).slice(0))) < 1e-13);
        assertArrayEquals(new double[10], rowOf(r.pattern(0), 0, 0), 0);          // strict causal: row 0 sees nothing
        assertSame(r.get("blocks.0.attn.hook_pattern"), r.pattern(0));
        assertEquals("tokens has length 4 but the model has length L=10 (its PE and mask are built for it)",
                assertThrows(IllegalArgumentException.class, () -> m.run(new int[4])).getMessage());
    }

    private static double[] rowOf(Tensor p, int h, int i) {
        return java.util.Arrays.copyOfRange(p.slice(h).data, i * p.cols(), (i + 1) * p.cols());
    }

    @Test
    void badInputGetsErrorsThatNameTheArgument() {
        assertEquals("vocab must be >= 2 but was 1", assertThrows(IllegalArgumentException.class,
                () -> new AttentionOnly(2, 2, 8, 1, 9, 0)).getMessage());
        assertEquals("layers must be >= 1 but was 0", assertThrows(IllegalArgumentException.class,
                () -> new AttentionOnly(0, 2, 8, 9, 9, 0)).getMessage());
        assertEquals("heads=3 does not divide dModel=8: each head needs dModel/heads columns (dModel % heads = 2)",
                assertThrows(IllegalArgumentException.class, () -> new AttentionOnly(2, 3, 8, 9, 9, 0)).getMessage());
        assertEquals("vocab must be >= 2 but was 1", assertThrows(IllegalArgumentException.class,
                () -> InductionTask.of(1, 4)).getMessage());
        assertEquals("n must be >= 2 but was 1", assertThrows(IllegalArgumentException.class,
                () -> InductionTask.of(8, 1)).getMessage());
        assertEquals("model has context 8 but the task's sequences have 2n + 1 = 9 tokens (n = 4)",
                assertThrows(IllegalArgumentException.class,
                        () -> InductionTrainer.of(new AttentionOnly(2, 2, 8, 7, 8, 0), TASK)).getMessage());
        assertEquals("model has vocab 6 but the task needs 7 ids: its 6 tokens and BOS = 6",
                assertThrows(IllegalArgumentException.class,
                        () -> InductionTrainer.of(new AttentionOnly(2, 2, 8, 6, 9, 0), TASK)).getMessage());
        assertEquals("tokens[0] has length 10 but the model's context is 9 tokens", assertThrows(
                IllegalArgumentException.class, () -> model(1).forward(new int[1][10])).getMessage());
        assertEquals("tokens[0][2] must be in 0..6 (vocab − 1) but was 7", assertThrows(
                IllegalArgumentException.class, () -> model(1).forward(new int[][] {{0, 1, 7}})).getMessage());
    }
}
