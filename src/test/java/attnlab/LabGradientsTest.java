package attnlab;

import attnlab.attention.Attention;
import attnlab.attention.MultiHeadAttention;
import attnlab.grad.GradReport;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import static attnlab.Lab.*;
import static org.junit.jupiter.api.Assertions.*;

/** The facade section "gradients, multi-head (issue 3)": each entry point reaches its class. */
class LabGradientsTest {

    @Test
    void gradcheckAttentionPassesAndNamesQkv() {
        seed(1);
        GradReport r = gradcheckAttention(randn(2, 3, 4), randn(2, 5, 4), randn(2, 5, 2), causalMask(3, 5, BOTTOM_RIGHT));
        assertTrue(r.passed(), r::toString);
        assertEquals(java.util.List.of("Q", "K", "V"), r.inputs().stream().map(GradReport.InputResult::name).toList());
    }

    // The error figures are rounding noise (~1e-10 = 1e-16 / eps), so their digits depend on the kernel's summation
    // order (SIMD width, FMA); the transcript in docs/conventions.md (scripts/sessions/07-gradients.jsht) was made
    // with the reference kernel, which this test pins.
    @Test
    void theDocsTranscriptIsReproduced() {
        attnlab.attention.kernel.AttentionKernel old = attnlab.attention.kernel.AttentionKernel.use(attnlab.attention.kernel.Kernels.scalar());
        try {
            docsTranscript();
        } finally {
            attnlab.attention.kernel.AttentionKernel.use(old);
        }
    }

    private static void docsTranscript() {
        seed(0);
        Tensor Q = randn(2, 3, 4), K = randn(2, 5, 4), V = randn(2, 5, 3);
        assertEquals("gradcheck OK (eps 1.0000e-06, atol 1.0000e-05, rtol 0.0010)\n"
                + "  Q  [2, 3, 4]  OK      max abs error 5.5516e-10  max rel error 1.6263e-08\n"
                + "  K  [2, 5, 4]  OK      max abs error 1.3220e-09  max rel error 4.2608e-07\n"
                + "  V  [2, 5, 3]  OK      max abs error 6.6726e-10  max rel error 5.1824e-08\n"
                + "  worst: K[0, 3, 2]  numerical -7.65975727290e-04  analytical -7.65975400925e-04",
                gradcheckAttention(Q, K, V, causalMask(3, 5, BOTTOM_RIGHT)).toString());
    }

    @Test
    void gradcheckMhaPassesAndRestoresTheWeights() {
        MultiHeadAttention m = mha(4, 2, 7);
        Tensor wq = m.W_q().copy(), wo = m.W_o().copy();
        seed(2);
        Tensor x = randn(2, 3, 4);
        GradReport r = gradcheckMha(m, x, causalMask(3));
        assertTrue(r.passed(), r::toString);
        assertEquals(5, r.inputs().size());
        assertEquals(0.0, m.W_q().maxAbsDiff(wq));
        assertEquals(0.0, m.W_o().maxAbsDiff(wo));
        Tensor weights = m.weights().copy(); // the cache of a plain forward at x
        m.forward(x, causalMask(3));
        assertEquals(0.0, weights.maxAbsDiff(m.weights()));
    }

    @Test
    void mhaUsesTheReplGeneratorOrASeed() {
        seed(3);
        MultiHeadAttention a = mha(4, 2);
        seed(3);
        assertEquals(0.0, a.W_k().maxAbsDiff(mha(4, 2).W_k()));
        assertEquals(0.0, mha(4, 1, 5).W_v().maxAbsDiff(new MultiHeadAttention(4, 1, 5).W_v()));
    }

    @Test
    void attentionBackwardOverloadsAgree() {
        seed(4);
        Tensor Q = randn(3, 2), K = randn(4, 2), V = randn(4, 3), dO = randn(3, 3), mask = causalMask(3, 4, TOP_LEFT);
        Attention.Grads viaCache = attentionBackward(dO, attentionWithWeights(Q, K, V, mask));
        Attention.Grads direct = attentionBackward(Q, K, V, mask, dO);
        assertEquals(0.0, viaCache.dK().maxAbsDiff(direct.dK()));
        assertEquals(0.0, attentionBackward(Q, K, V, dO).dQ().maxAbsDiff(attentionBackward(Q, K, V, null, dO).dQ()));
        assertNotEquals(0.0, direct.dQ().maxAbsDiff(attentionBackward(Q, K, V, dO).dQ())); // the mask matters
    }

    @Test
    void gradcheckAcceptsEjmlMatricesAndNumericalGradientWorks() {
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{0.5, -1, 2}});
        // softmax has a backward: dS = P ∘ (dP − rowsum(dP ∘ P))
        GradReport r = gradcheck(in -> softmax(in[0]),
                (dP, in) -> new Tensor[] {attnlab.attention.Softmax.backward(dP, softmax(in[0]))}, x);
        assertTrue(r.passed(), r::toString);
        // Σ softmax(x) = 1 for every x, so its gradient is zero
        Tensor[] g = numericalGradient(in -> softmax(in[0]), tensor(x));
        assertEquals(0.0, g[0].maxAbsDiff(zeros(1, 3)), 1e-9);
    }
}
