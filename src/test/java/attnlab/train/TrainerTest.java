package attnlab.train;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

/** Trains small instances (a few hundred steps, well under a second each on an idle core). */
class TrainerTest {
    private static final Task TASK = Task.previousToken(8, 6);

    private static TrainResult train(MaskKind mask, long seed) {
        AttentionModel m = AttentionModel.forTask(TASK, 16, 1, mask, seed);
        return Trainer.of(m, TASK).steps(300).batch(32).seed(seed).progress(ProgressBar.Mode.OFF).run();
    }

    @Test
    void strictCausalLearnsACrispPreviousTokenHead() {
        TrainResult r = train(MaskKind.STRICT_CAUSAL, 0);
        assertFalse(r.stopped());
        assertEquals(300, r.steps());
        assertTrue(r.accuracy() >= 0.99, r::toString);
        assertTrue(r.losses()[299] < 0.1 * r.losses()[0], r::toString);
        HeadScores s = r.scores();
        assertTrue(s.prev(0) >= 0.9, s::toString);
        assertTrue(s.prevArgmax(0) >= 0.99, s::toString);
        assertEquals(0.0, s.self(0), 0.0);
    }

    @Test
    void plainCausalSolvesTheTaskWithAHeadThatAlsoLooksAtItself() {
        TrainResult r = train(MaskKind.CAUSAL, 0);
        assertTrue(r.accuracy() >= 0.99, r::toString);
        HeadScores s = r.scores();
        assertTrue(s.prev(0) < 0.8 && s.self(0) > 0.2, s::toString); // numerics §9: about 0.6 and 0.3
    }

    @Test
    void deterministicForTheSameSeeds() {
        TrainResult a = train(MaskKind.STRICT_CAUSAL, 4), b = train(MaskKind.STRICT_CAUSAL, 4);
        assertArrayEquals(a.losses(), b.losses(), 0.0);
        for (int k = 0; k < 6; k++) assertEquals(0.0, a.model().parameters()[k].maxAbsDiff(b.model().parameters()[k]));
    }

    @Test
    void ctrlCStopsAfterTheCurrentStepAndKeepsTheModel() {
        // The REPL interrupts the training thread; here the progress output does it when the first line appears.
        CtrlCOut ctrlC = new CtrlCOut(Thread.currentThread(), false);
        AttentionModel m = AttentionModel.forTask(TASK, 16, 1, MaskKind.STRICT_CAUSAL, 0);
        Tensor before = m.parameters()[5].copy();
        TrainResult r = Trainer.of(m, TASK).steps(200).batch(8).progress(ProgressBar.Mode.PLAIN).out(ctrlC.out())
                .run();
        assertFalse(Thread.interrupted(), "the interrupt was consumed");
        assertTrue(r.stopped());
        assertEquals(1, r.steps());
        assertEquals(1, r.losses().length);
        assertTrue(m.parameters()[5].maxAbsDiff(before) > 0, "the one completed step is kept");
        assertTrue(r.accuracy() >= 0, "the stopped model is still evaluated");
        assertTrue(ctrlC.text().contains("stopped at step 1 of 200 (Ctrl-C)"), ctrlC::text);
        assertTrue(r.toString().startsWith("stopped after 1/200 steps"), r::toString);
        // and training can go on from there
        assertFalse(Trainer.of(m, TASK).steps(2).batch(8).progress(ProgressBar.Mode.OFF).run().stopped());
    }

    @Test
    void aSecondCtrlCDuringTheFinalEvaluationStillReturnsTheModel() {
        // every line: the stop note is followed by the evaluation
        PrintStream out = new CtrlCOut(Thread.currentThread(), true).out();
        AttentionModel m = AttentionModel.forTask(TASK, 16, 1, MaskKind.STRICT_CAUSAL, 0);
        TrainResult r = Trainer.of(m, TASK).steps(50).batch(8).progress(ProgressBar.Mode.PLAIN).out(out).run();
        Thread.interrupted();
        assertTrue(r.stopped());
        assertNull(r.eval());
        assertTrue(Double.isNaN(r.accuracy()));
        assertSame(m, r.model());
    }

    @Test
    void jdk17StyleThreadStopAlsoKeepsTheResult() throws Exception {
        // JDK 17's local JShell stops a snippet with Thread.stop(): ThreadDeath appears wherever the thread is,
        // here inside the progress output after step 1. Other errors still propagate.
        Error death = (Error) Class.forName("java.lang.ThreadDeath").getDeclaredConstructor().newInstance();
        AttentionModel m = AttentionModel.forTask(TASK, 16, 1, MaskKind.STRICT_CAUSAL, 0);
        TrainResult r = Trainer.of(m, TASK).steps(50).batch(8).progress(ProgressBar.Mode.PLAIN)
                .out(throwingOnFirstLine(death)).run();
        assertTrue(r.stopped());
        assertEquals(1, r.steps());
        // the stock jshell's JDI engine throws a subclass of ThreadDeath
        assertTrue(Trainer.isThreadDeath(new ThreadDeath() { }));
        assertFalse(Trainer.isThreadDeath(new AssertionError()));
        assertThrows(AssertionError.class, () -> Trainer.of(m, TASK).steps(50).batch(8)
                .progress(ProgressBar.Mode.PLAIN).out(throwingOnFirstLine(new AssertionError("boom"))).run());
    }

    private static PrintStream throwingOnFirstLine(Error error) {
        return new PrintStream(new OutputStream() {
            boolean thrown;

            @Override
            public void write(int c) {
                if (c == '\n' && !thrown) {
                    thrown = true;
                    throw error;
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    @Test
    void settingsPrint() {
        AttentionModel m = AttentionModel.forTask(TASK, 8, 1, MaskKind.CAUSAL, 0);
        assertEquals("Trainer(300 steps, batch 16, Adam lr 0.003, data seed 2, progress OFF, 1000 evaluation sequences)"
                + " for " + m + " on " + TASK, Trainer.of(m, TASK).steps(300).batch(16).lr(3e-3).seed(2)
                .progress(ProgressBar.Mode.OFF).toString());
    }

    @Test
    void modelAndTaskMustFit() {
        AttentionModel m = AttentionModel.forTask(Task.previousToken(8, 5), 8, 1, MaskKind.CAUSAL, 0);
        assertMessage("model has vocab 8, classes 8, length 5 but task has vocab 8, classes 8, length 6",
                () -> Trainer.of(m, TASK));
        assertMessage("steps must be >= 0 but was -1", () -> Trainer.of(m, Task.previousToken(8, 5)).steps(-1));
    }

    /** Issue 21 item 8: steps(0) used to report "trained 0/0 steps", which reads as a success. */
    @Test
    void zeroStepsSaysNothingWasTrained() {
        AttentionModel m = AttentionModel.forTask(TASK, 8, 1, MaskKind.STRICT_CAUSAL, 0);
        TrainResult r = Trainer.of(m, TASK).steps(0).progress(ProgressBar.Mode.OFF).run();
        assertEquals(0, r.steps());
        assertTrue(r.toString().startsWith("nothing trained: 0 steps requested, the model is as it was: accuracy "), r::toString);
        assertTrue(!r.toString().contains("trained 0/0"), r::toString);
    }
}
