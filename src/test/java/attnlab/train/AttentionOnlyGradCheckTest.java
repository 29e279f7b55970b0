package attnlab.train;

import attnlab.grad.GradReport;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The N-layer backward (embedding, learned positions, every layer, residuals, unembedding, CE) by central differences. */
class AttentionOnlyGradCheckTest {

    /** Parameters ~N(0, 0.5²) (numerics §5) so attention is far from uniform and every term of the backward counts. */
    static AttentionOnly tiny(int layers, InductionTask task) {
        AttentionOnly m = new AttentionOnly(layers, 2, 4, task.modelVocab(), task.length(), 3);
        Random rng = new Random(11);
        for (Tensor p : m.parameters())
            for (int i = 0; i < p.size(); i++) p.matrix().data[i] = 0.5 * rng.nextGaussian();
        return m;
    }

    @Test
    void everyParameterOfThreeLayers() {
        InductionTask task = InductionTask.of(4, 3);
        AttentionOnly m = tiny(3, task);
        GradReport r = ModelGradCheck.check(m, task.sample(new Random(1), 2));
        assertTrue(r.passed(), r::toString);
        assertTrue(r.maxAbsError() < 1e-8, r::toString);      // numerics §5: about 1e-9
        assertEquals(3 + 4 * 3, r.inputs().size());             // E, P, 4 per layer, W_U
        assertEquals(m.parameterNames(), r.inputs().stream().map(GradReport.InputResult::name).toList());
    }

    @Test
    void aBatchSplitIntoTwoLanesAddsTheirGradients() {
        InductionTask task = InductionTask.of(4, 3);
        GradReport r = ModelGradCheck.check(tiny(2, task), task.sample(new Random(4), Lanes.MIN_BATCH + 1));
        assertTrue(r.passed(), r::toString);
        assertTrue(r.maxAbsError() < 1e-8, r::toString);
    }

    @Test
    void aBackwardThatForgetsTheLearnedPositionsIsCaught() {
        InductionTask task = InductionTask.of(4, 3);
        AttentionOnly m = tiny(2, task);
        InductionTask.Batch b = task.sample(new Random(1), 2);
        GradReport r = attnlab.grad.GradCheck.options().names(m.parameterNames().toArray(new String[0])).check(
                p -> Tensor.of(new double[][] {{CrossEntropy.forward(m.forward(b.tokens()), b.targets(),
                        Tensor.zeros(b.size(), task.length(), m.vocab())).loss()}}),
                (dOut, p) -> {
                    Tensor[] g = ModelGradCheck.gradients(m, b.tokens(), b.targets());
                    g[1] = Tensor.zeros(g[1].shape());                 // dP dropped
                    return g;
                }, m.parameters());
        assertFalse(r.passed());
        assertEquals("P", r.worstName());
    }
}
