package attnlab.train;

import attnlab.io.Npz;
import attnlab.io.TensorFile;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The induction trainer: Ctrl-C, the same numbers run after run, the export for the PyTorch twin. */
class InductionTrainerTest {
    static final InductionTask TASK = InductionTask.of(6, 4);

    static AttentionOnly model() {
        return new AttentionOnly(2, 2, 8, TASK.modelVocab(), TASK.length(), 0);
    }

    @Test
    void ctrlCStopsAfterTheCurrentStepAndKeepsTheModel() {
        CtrlCOut ctrlC = new CtrlCOut(Thread.currentThread(), false);
        AttentionOnly m = model();
        Tensor before = m.unembedding().copy();
        InductionResult r = InductionTrainer.of(m, TASK).steps(200).batch(8).progress(ProgressBar.Mode.PLAIN)
                .out(ctrlC.out()).run();
        assertFalse(Thread.interrupted(), "the interrupt was consumed");
        assertTrue(r.stopped());
        assertEquals(1, r.steps());
        assertTrue(m.unembedding().maxAbsDiff(before) > 0, "the one completed step is kept");
        assertTrue(r.firstHalfLoss() > 0, "the stopped model is still evaluated");
        assertTrue(ctrlC.text().contains("stopped at step 1 of 200 (Ctrl-C)"), ctrlC::text);
        assertTrue(r.toString().startsWith("stopped after 1/200 steps"), r::toString);
    }

    @Test
    void theSameSettingsGiveTheSameNumbersBitForBit() {
        InductionResult a = InductionTrainer.of(model(), TASK).steps(30).batch(Lanes.MIN_BATCH)
                .progress(ProgressBar.Mode.OFF).run();
        InductionResult b = InductionTrainer.of(model(), TASK).steps(30).batch(Lanes.MIN_BATCH)
                .progress(ProgressBar.Mode.OFF).run();
        assertArrayEquals(a.losses(), b.losses(), 0);
        assertArrayEquals(a.repeatedHalf(), b.repeatedHalf(), 0);
        assertArrayEquals(a.eval(), b.eval(), 0);
    }

    @Test
    void theExportHoldsTheWeightsTheBatchesAndTheSettings(@TempDir Path dir) {
        AttentionOnly m = model();
        InductionTrainer t = InductionTrainer.of(m, TASK).steps(3).batch(2).lr(0.5).decay(false);
        t.export(dir);
        TensorFile b = Npz.read(dir.resolve("batches.npz"));
        InductionTask.Batch[] drawn = t.batches(3);
        assertArrayEquals(new int[] {3, 2, 9}, b.tensor("tokens").shape());
        for (int i = 0; i < 3; i++)
            for (int s = 0; s < 2; s++)
                for (int p = 0; p < 9; p++) {
                    assertEquals(drawn[i].tokens()[s][p], b.tensor("tokens").get(i, s, p));
                    assertEquals(drawn[i].targets()[s][p], b.tensor("targets").get(i, s, p));
                }
        assertArrayEquals(new double[] {2, 2, 0.5, 0, 3}, b.tensor("settings").matrix().data, 0);
        TensorFile w = Npz.read(dir.resolve("init.npz"));
        assertArrayEquals(m.embedding().matrix().data, w.tensor("embedding.weight").matrix().data, 0);
    }
}
