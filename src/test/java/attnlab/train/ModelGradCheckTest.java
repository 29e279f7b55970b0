package attnlab.train;

import attnlab.grad.GradCheck;
import attnlab.grad.GradReport;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The whole-model backward (embedding → PE → MHA → residual → unembedding → CE) against central differences. */
class ModelGradCheckTest {

    /** Parameters ~N(0, 0.5²) (numerics §5) so attention is far from uniform and every term of the backward counts. */
    private static AttentionModel tiny(Task task, int heads, MaskKind mask) {
        AttentionModel m = AttentionModel.forTask(task, 4, heads, mask, 3);
        Random rng = new Random(11);
        for (Tensor p : m.parameters())
            for (int i = 0; i < p.size(); i++) p.matrix().data[i] = 0.5 * rng.nextGaussian();
        return m;
    }

    @Test
    void twoHeadsStrictCausalWithAFullyMaskedRow() {
        Task task = Task.previousToken(5, 4);
        GradReport r = ModelGradCheck.check(tiny(task, 2, MaskKind.STRICT_CAUSAL), task.sample(new Random(1), 3));
        assertTrue(r.passed(), r::toString);
        assertTrue(r.maxAbsError() < 1e-8, r::toString); // numerics §5: about 1e-9
        assertEquals(6, r.inputs().size());
    }

    @Test
    void aBatchSplitIntoTwoHalvesAddsTheirGradients() {
        Task task = Task.previousToken(5, 4);
        Task.Batch batch = task.sample(new Random(4), Lanes.MIN_BATCH + 1);
        GradReport r = ModelGradCheck.check(tiny(task, 2, MaskKind.CAUSAL), batch);
        assertTrue(r.passed(), r::toString);
        assertTrue(r.maxAbsError() < 1e-8, r::toString);
    }

    @Test
    void oneHeadCausalOnTheDifferenceTask() {
        Task task = Task.difference(3, 5);
        GradReport r = ModelGradCheck.check(tiny(task, 1, MaskKind.CAUSAL), task.sample(new Random(2), 2));
        assertTrue(r.passed(), r::toString);
        assertTrue(r.maxAbsError() < 1e-8, r::toString);
    }

    @Test
    void aBackwardThatForgetsTheResidualFails() {
        // Planted bug: dX = g.dX only (the residual path Z = X + A is dropped), so dE misses scatter(dZ).
        Task task = Task.previousToken(5, 4);
        AttentionModel m = tiny(task, 1, MaskKind.CAUSAL);
        Task.Batch b = task.sample(new Random(1), 2);
        GradReport r = GradCheck.options().names(AttentionModel.parameterNames().toArray(new String[0])).check(
                p -> Tensor.of(new double[][] {{ModelGradCheck.loss(m, b.tokens(), b.targets(), null)}}),
                (dOut, p) -> {
                    Tensor[] g = ModelGradCheck.gradients(m, b.tokens(), b.targets());
                    Tensor logits = m.forward(b.tokens());
                    Tensor P = Tensor.zeros(logits.shape()), dY = Tensor.zeros(logits.shape());
                    CrossEntropy.backward(P, b.targets(), CrossEntropy.forward(logits, b.targets(), P).count(), dY);
                    Unembedding u = new Unembedding(4, 5, 0);
                    u.weights().matrix().setTo(m.parameters()[5].matrix());
                    Tensor dZ = Tensor.zeros(2, 4, 4), residual = Tensor.zeros(5, 4);
                    u.backward(Tensor.zeros(2, 4, 4), dY, dZ, Tensor.zeros(4, 5));
                    new Embedding(5, 4, 0).backward(b.tokens(), dZ, residual);
                    g[0] = g[0].minus(residual);
                    for (int k = 0; k < g.length; k++) g[k] = g[k].times(dOut.get(0, 0));
                    return g;
                },
                m.parameters());
        assertFalse(r.passed(), r::toString);
        assertEquals("E", r.worstName(), r::toString);
        assertTrue(r.inputs().get(5).passed(), r::toString); // W_U is untouched by the bug
    }
}
