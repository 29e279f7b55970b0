package attnlab.train;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class CrossEntropyTest {

    @Test
    void handComputedLossAccuracyAndGradient() {
        // one sequence, 3 positions, 2 classes; position 0 has no target
        Tensor logits = Tensor.of(new double[][][] {{{5, -5}, {0, 0}, {Math.log(3), 0}}});
        int[][] y = {{-1, 1, 0}};
        Tensor P = Tensor.zeros(1, 3, 2), d = Tensor.zeros(1, 3, 2);
        CrossEntropy.Result r = CrossEntropy.forward(logits, y, P);
        // position 1: P = (0.5, 0.5), -log 0.5; position 2: P = (0.75, 0.25), -log 0.75
        assertEquals((Math.log(2) - Math.log(0.75)) / 2, r.loss(), 1e-15);
        assertEquals(2, r.count());
        assertEquals(0.5, r.accuracy(), 0.0);  // the tie at position 1 picks class 0, the target is 1
        CrossEntropy.backward(P, y, r.count(), d);
        assertArrayEquals(new double[] {0, 0, 0.25, -0.25, -0.125, 0.125}, d.slice(0).data, 1e-15);
    }

    @Test
    void gradientMatchesCentralDifferences() {
        Tensor logits = Tensor.randn(new java.util.Random(3), 2, 4, 5);
        int[][] y = {{-1, 2, 4, 0}, {1, -1, 3, 3}};
        Tensor P = Tensor.zeros(2, 4, 5), d = Tensor.zeros(2, 4, 5);
        CrossEntropy.backward(P, y, CrossEntropy.forward(logits, y, P).count(), d);
        double eps = 1e-6;
        for (int b = 0; b < 2; b++)
            for (int i = 0; i < 20; i++) {
                double[] z = logits.slice(b).data, old = {z[i]};
                z[i] = old[0] + eps;
                double up = CrossEntropy.forward(logits, y, P).loss();
                z[i] = old[0] - eps;
                double down = CrossEntropy.forward(logits, y, P).loss();
                z[i] = old[0];
                assertEquals((up - down) / (2 * eps), d.slice(b).data[i], 1e-9);
            }
    }

    @Test
    void stableForHugeLogits() {
        Tensor logits = Tensor.of(new double[][][] {{{1000, 0}}});
        CrossEntropy.Result r = CrossEntropy.forward(logits, new int[][] {{1}}, Tensor.zeros(1, 1, 2));
        assertEquals(1000, r.loss(), 0.0);
    }

    @Test
    void badTarget() {
        assertMessage("targets[0][1] must be in 0..1 (classes − 1) or -1 (no target) but was 2",
                () -> CrossEntropy.forward(Tensor.zeros(1, 2, 2), new int[][] {{0, 2}}, Tensor.zeros(1, 2, 2)));
    }
}
