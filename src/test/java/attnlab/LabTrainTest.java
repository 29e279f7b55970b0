package attnlab;

import attnlab.train.AttentionModel;
import attnlab.train.MaskKind;
import attnlab.train.Task;
import attnlab.train.TrainResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static attnlab.Lab.*;
import static org.junit.jupiter.api.Assertions.*;

/** The training section of the facade wires to attnlab.train. */
class LabTrainTest {

    @Test
    void tasksAndModels() {
        Task t = previousTokenTask(8, 10);
        assertArrayEquals(new int[] {-1, 3, 1}, previousTokenTask(8, 3).targets(new int[] {3, 1, 4}));
        assertArrayEquals(new int[] {-1, -1, 3}, copyTask(8, 3, 2).targets(new int[] {3, 1, 4}));
        assertEquals(15, differenceTask(8, 10).outputVocab());
        AttentionModel m = model(t);
        assertEquals("AttentionModel(vocab 8, classes 8, length 10, d_model 16, heads 1, mask strict causal, "
                + "1280 parameters)",
                m.toString());
        assertEquals(MaskKind.CAUSAL, model(t, 8, 2, CAUSAL).maskKind());
        assertEquals(0.0, model(t, 8, 2, STRICT_CAUSAL, 5).parameters()[0]
                .maxAbsDiff(AttentionModel.forTask(t, 8, 2, MaskKind.STRICT_CAUSAL, 5).parameters()[0]));
    }

    @Test
    void trainScoresAndGradcheck() {
        Task t = previousTokenTask(8, 6);
        AttentionModel m = model(t);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        TrainResult r = trainer(m, t).steps(20).batch(8).progress(PROGRESS_PLAIN).out(quiet).run();
        assertEquals(20, r.steps());
        assertEquals(1, headScores(m, t).heads());
        assertEquals(2, headScores(zeros(2, 6, 6)).heads());
        assertTrue(gradcheckModel(m, t).passed());
        assertEquals(200, headsGrid(m, 1, 2, 3, 4, 5, 6).image(300, 200).getHeight());
    }
}
