package attnlab.train;

import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class UnembeddingTest {

    @Test
    void handComputed() {
        Unembedding u = new Unembedding(2, 3, 0);
        u.weights().matrix().setTo(new DMatrixRMaj(new double[][] {{1, 0, 2}, {0, 1, -1}}));
        Tensor Z = Tensor.of(new double[][][] {{{1, 2}}, {{3, 4}}}), logits = Tensor.zeros(2, 1, 3);
        u.forward(Z, logits);
        assertArrayEquals(new double[] {1, 2, 0}, logits.slice(0).data, 0.0);
        assertArrayEquals(new double[] {3, 4, 2}, logits.slice(1).data, 0.0);
        Tensor dY = Tensor.of(new double[][][] {{{1, 0, 0}}, {{0, 0, 1}}});
        Tensor dZ = Tensor.zeros(2, 1, 2), dW = Tensor.zeros(2, 3);
        u.backward(Z, dY, dZ, dW);
        assertArrayEquals(new double[] {1, 0}, dZ.slice(0).data, 0.0);   // dY W_Uᵀ: row 0 of W_U
        assertArrayEquals(new double[] {2, -1}, dZ.slice(1).data, 0.0);  // column 2 of W_U
        assertArrayEquals(new double[] {1, 0, 3, 2, 0, 4}, dW.matrix().data, 0.0); // Σ_b Z_bᵀ dY_b
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Random rng = new Random(1);
        Unembedding u = new Unembedding(3, 4, 2);
        Tensor Z = Tensor.randn(rng, 2, 5, 3), probe = Tensor.randn(rng, 2, 5, 4), out = Tensor.zeros(2, 5, 4);
        Tensor dZ = Tensor.zeros(2, 5, 3), dW = Tensor.zeros(3, 4);
        u.backward(Z, probe, dZ, dW);
        Tensor[] inputs = {Z, u.weights()}, grads = {dZ, dW};
        for (int k = 0; k < 2; k++)
            for (int s = 0; s < inputs[k].batch(); s++)
                for (int i = 0; i < inputs[k].rows() * inputs[k].cols(); i++) {
                    double[] x = inputs[k].slice(s).data;
                    double old = x[i];
                    x[i] = old + 1e-6;
                    u.forward(Z, out);
                    double up = dot(out, probe);
                    x[i] = old - 1e-6;
                    u.forward(Z, out);
                    double down = dot(out, probe);
                    x[i] = old;
                    assertEquals((up - down) / 2e-6, grads[k].slice(s).data[i], 1e-8);
                }
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int k = 0; k < a.batch(); k++)
            for (int i = 0; i < a.rows() * a.cols(); i++) s += a.slice(k).data[i] * b.slice(k).data[i];
        return s;
    }

    @Test
    void badSize() {
        assertMessage("classes must be >= 1 but was 0", () -> new Unembedding(2, 0, 0));
    }
}
