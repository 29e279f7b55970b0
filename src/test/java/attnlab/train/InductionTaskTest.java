package attnlab.train;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The repeated-random-tokens task: the sequences, the target kinds, the per-half losses. */
class InductionTaskTest {

    @Test
    void evaluationSequencesAreBosThenTheSameHalfTwice() {
        InductionTask task = InductionTask.of(5, 3);
        InductionTask.Batch b = task.evaluation(new Random(7), 1);
        int[] s = b.tokens()[0];
        assertEquals(5, s[0]);                                             // BOS = vocab
        assertArrayEquals(java.util.Arrays.copyOfRange(s, 1, 4), java.util.Arrays.copyOfRange(s, 4, 7));
        assertArrayEquals(new int[] {s[1], s[2], s[3], s[4], s[5], s[6], Task.NO_TARGET}, b.targets()[0]);
        // first half: positions 0..n (n + 1 targets); repeated half: n + 1 .. 2n − 1 (n − 1 targets)
        assertArrayEquals(new byte[] {1, 1, 1, 1, 2, 2, 0}, b.kinds()[0]);
    }

    @Test
    void trainingSequencesRepeatWithARandomPeriod() {
        InductionTask task = InductionTask.of(50, 8);                       // periods 2..8
        InductionTask.Batch b = task.sample(new Random(3), 200);
        java.util.Set<Integer> periods = new java.util.TreeSet<>();
        for (int i = 0; i < 200; i++) {
            int[] s = b.tokens()[i];
            int k = 0;                                                      // the first repeated target is at t = k + 1
            while (b.kinds()[i][k + 1] != InductionTask.REPEATED) k++;
            for (int t = 1 + k; t < s.length; t++) assertEquals(s[t - k], s[t]);
            periods.add(k);
        }
        assertEquals(java.util.Set.of(2, 3, 4, 5, 6, 7, 8), periods);
        assertEquals(2, task.minPeriod());
    }

    @Test
    void halfLossesByHand() {
        InductionTask task = InductionTask.of(2, 2);                         // length 5, 3 ids
        InductionTask.Batch b = new InductionTask.Batch(new int[][] {{2, 0, 1, 0, 1}},
                new int[][] {{0, 1, 0, 1, -1}}, new byte[][] {{1, 1, 1, 2, 0}});
        Tensor logits = Tensor.zeros(1, 5, 3);
        logits.set(0, 3, 1, Math.log(8));                                   // position 3: p(target 1) = 8/10
        double[] h = InductionTask.halfLosses(logits, b);
        assertEquals(Math.log(3), h[0], 1e-15);                             // uniform over 3 ids
        assertEquals(Math.log(10.0 / 8), h[1], 1e-15);
        assertEquals(Math.log(2), task.chanceLoss(), 0);
    }
}
