package attnlab;

import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import static attnlab.Lab.*;
import static org.junit.jupiter.api.Assertions.*;

/** The facade delegates; these check the short names wire to the right ops and EJML matrices round-trip. */
class LabTest {

    @Test
    void ejmlMatricesAreOneSequence() {
        DMatrixRMaj Q = new DMatrixRMaj(new double[][] {{1, 0}, {0, 1}});
        DMatrixRMaj V = new DMatrixRMaj(new double[][] {{1, 2}, {3, 4}});
        DMatrixRMaj out = attention(Q, Q, V);
        assertEquals(2.3395230986533138, out.get(1, 0), 1e-15);
        DMatrixRMaj masked = maskedAttention(Q, Q, V, causalMask(2).matrix());
        assertEquals(1.0, masked.get(0, 0), 0.0);
        assertEquals(0.5, softmax(new DMatrixRMaj(new double[][] {{3, 3}})).get(0, 1), 0.0);
    }

    @Test
    void seededRandnIsReproducible() {
        seed(42);
        Tensor a = randn(2, 3, 4);
        seed(42);
        assertEquals(0.0, a.maxAbsDiff(randn(2, 3, 4)));
    }

    @Test
    void weightsFormAndPositionalHelpers() {
        Tensor x = tensor("1 0; 0 1");
        assertEquals(1.0, attentionWithWeights(x, x, x, causalMask(2)).weights().get(0, 0), 0.0);
        assertEquals(Math.sin(1.0), addPositionalEncoding(zeros(1, 2, 4)).get(0, 1, 0), 1e-16);
        assertArrayEquals(new int[] {3, 5}, positionalEncoding(3, 5, CONCATENATED).shape());
        assertEquals(Double.NEGATIVE_INFINITY, causalMask(2, 3, BOTTOM_RIGHT).get(0, 2));
        assertEquals(Double.NEGATIVE_INFINITY, strictCausalMask(2).get(0, 0));
    }

    @Test
    void gradcheckOfSelfAttentionWorksWithOneTensor() {
        seed(3);
        Tensor x = randn(2, 3, 4);
        var report = gradcheckAttention(x, x, x, causalMask(3));
        assertTrue(report.passed(), report::toString);
        assertEquals(0.0, x.maxAbsDiff(x.copy()), "the input is not modified");
    }
}
