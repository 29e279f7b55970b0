package attnlab.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documented induction-heads run (docs/induction.md) meets the figures: a real training run, seeded, so
 * the numbers are the same on every run and on JDK 17 and 25 (the batch split depends only on the batch size). It is
 * the default run itself (vocab 64, n 16, 2 layers of 2 heads, d_model 32, model seed 3, 2000 steps), the shortest
 * that holds every guarantee, and the one-layer model on the same budget.
 */
class InductionTrainingTest {
    static final InductionTask TASK = InductionTask.of(64, 16);
    static InductionResult two, one;

    @BeforeAll
    static void train() {
        two = InductionTrainer.of(new AttentionOnly(2, 2, 32, TASK.modelVocab(), TASK.length(), 3), TASK)
                .progress(ProgressBar.Mode.OFF).run();
        one = InductionTrainer.of(new AttentionOnly(1, 2, 32, TASK.modelVocab(), TASK.length(), 3), TASK)
                .progress(ProgressBar.Mode.OFF).run();
    }

    @Test
    void twoLayersCopyTheRepeatAndStayAtChanceOnTheFirstHalf() {
        double lnV = Math.log(64);
        assertTrue(two.repeatedHalfLoss() <= 0.1, two::toString);
        assertTrue(Math.abs(two.firstHalfLoss() - lnV) <= 0.1 * lnV, two::toString);
    }

    @Test
    void oneLayerOnTheSameBudgetCannot() {
        assertEquals(two.steps(), one.steps());
        assertTrue(one.repeatedHalfLoss() >= 0.5 * Math.log(64), one::toString);
    }

    @Test
    void aPreviousTokenHeadFeedsAnInductionHead() {
        InductionScores s = two.scores();
        assertTrue(s.bestPreviousToken(0)[1] >= 0.9, s::toString);
        assertTrue(s.bestInduction(1)[1] >= 0.8, s::toString);
        // K-composition from the previous-token head stands out: every score out of it beats every score out of the
        // other layer-0 head, and the strongest goes into an induction head
        int prev = (int) s.bestPreviousToken(0)[0];
        Composition c = Composition.of(two.model(), 0, 1);
        for (int h2 = 0; h2 < 2; h2++)
            for (int other = 0; other < 2; other++)
                if (other != prev)
                    for (int g2 = 0; g2 < 2; g2++) assertTrue(c.k().get(prev, h2) > c.k().get(other, g2), c::toString);
        assertEquals(prev, (int) c.strongestK()[0]);
        assertTrue(s.induction().get(1, (int) c.strongestK()[1]) >= 0.8, s::toString);
    }

    @Test
    void ablatingThePreviousTokenHeadBringsTheRepeatedLossBack() {
        int prev = (int) two.scores().bestPreviousToken(0)[0];
        double[] base = Ablation.losses(two.model(), TASK, 64, 1), ablated = Ablation.losses(two.model(), TASK, 64, 1,
                Ablation.zeroHead(0, prev));
        assertTrue(base[1] <= 0.1, () -> java.util.Arrays.toString(base));
        assertTrue(ablated[1] >= 0.5 * Math.log(64), () -> java.util.Arrays.toString(ablated));
    }

    @Test
    void thePhaseChangeIsWhereTheRepeatedLossFallsFastest() {
        int p = two.phaseChangeStep();
        assertTrue(p > 40 && p < 1000, "phase change at " + p);
        // the repeated loss is still near chance well before it and far below after it
        double before = mean(two.repeatedHalf(), Math.max(0, p - 80), p - 40), after = mean(two.repeatedHalf(), p + 40, p + 80);
        assertTrue(before > 2 && after < 1.5, before + " -> " + after);
    }

    private static double mean(double[] x, int lo, int hi) {
        double s = 0;
        for (int i = lo; i < hi; i++) s += x[i];
        return s / (hi - lo);
    }

    @Test
    void phaseChangeOfAStepCurve() {
        double[] curve = new double[200];
        for (int i = 0; i < 200; i++) curve[i] = i < 120 ? 3 : 0.1;
        assertEquals(121, InductionResult.phaseChange(curve, 200));             // the first step of the low plateau
        assertEquals(0, InductionResult.phaseChange(new double[8], 8));         // too short to say
    }
}
