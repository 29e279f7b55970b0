package attnlab.exercises;

import attnlab.exercises.Student.Bug;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class Ex56CausalMaskTest {

    static double[][] mask(int n, double blocked, boolean strict) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (strict ? j >= i : j > i) m[i][j] = blocked;
        return m;
    }

    private static Report check(Bug bug) {
        return Ex56CausalMask.check(n -> mask(n, Double.NEGATIVE_INFINITY, false),
                (q, k, v, m) -> Student.attention(q, k, v, m, bug));
    }

    @Test
    void correctImplementationPassesBothParts() {
        Report r = check(Bug.NONE);
        assertTrue(r.passed(), r::toString);
        assertTrue(r.toString().startsWith("5.6a causal mask: all 3 cases pass"), r::toString);
        assertTrue(r.toString().contains("5.6b masked attention: all 7 cases pass"), r::toString);
    }

    @Test
    void maskAddedAfterSoftmaxIsNamed() {
        Report r = check(Bug.MASK_AFTER_SOFTMAX);
        assertFalse(r.passed());
        assertTrue(r.hint().contains("*before* the softmax"), r::toString);
    }

    @Test
    void fullyMaskedRowMustGiveZerosNotNaN() {
        Report r = check(Bug.NAN_ON_BLOCKED_ROW);
        assertEquals(6, r.sections().get(1).passes(), r::toString);
        assertTrue(r.problem().contains("(fully masked row): out[0][0][0] expected 0., got nan"), r::toString);
        assertTrue(r.hint().contains("leave its weights at 0"), r::toString);
    }

    @Test
    void aFiniteFillIsDescribedByWhatTheStudentReturnedNotAsNaN() {
        Report r = check(Bug.FINITE_FILL); // masked_fill(-1e9): a fully blocked row averages V instead of giving 0
        assertEquals(6, r.sections().get(1).passes(), r::toString);
        String got = r.problem().replaceAll("(?s).*\\(fully masked row\\): out\\[0\\]\\[0\\]\\[0\\] expected 0\\., got (\\S+) .*", "$1");
        assertTrue(got.matches("-?\\d\\.\\d{4}"), r::toString);
        assertFalse(r.hint().contains("NaN"), r::toString);
        assertTrue(r.hint().startsWith("row 0 of your output is finite where every key is blocked (out[0][0][0] = " + got
                + "): it is the plain average of V's rows"), r::toString);
    }

    @Test
    void theFiniteMaskHintQuotesTheValueReturned() {
        assertTrue(Ex56CausalMask.check(n -> mask(n, -1e9, false), null).hint()
                .startsWith("your blocked cells hold -1.0000e+09: "), () -> Ex56CausalMask.check(n -> mask(n, -1e9, false), null).toString());
        assertTrue(Ex56CausalMask.check(n -> mask(n, -1e4, false), null).hint()
                .startsWith("your blocked cells hold " + attnlab.tensor.TensorFormat.number(-1e4) + ": "));
    }

    @Test
    void missingScaleAndOverflowAreNamed() {
        assertTrue(check(Bug.NO_SCALE).hint().contains("without the scale"));
        assertTrue(check(Bug.UNSTABLE).hint().contains("exp overflowed"), () -> check(Bug.UNSTABLE).toString());
        assertTrue(check(Bug.WRONG_AXIS).hint().contains("down each column"));
    }

    @Test
    void maskMistakesAreNamed() {
        assertTrue(Ex56CausalMask.check(n -> mask(n, Double.NEGATIVE_INFINITY, true), null).hint()
                .contains("block the diagonal"));
        assertTrue(Ex56CausalMask.check(n -> mask(n, -1e9, false), null).hint().contains("not a large finite"));
        assertTrue(Ex56CausalMask.check(n -> Student.transpose(mask(n, Double.NEGATIVE_INFINITY, false)), null)
                .hint().contains("see the future"));
    }

    @Test
    void eachPartMayBeUnimplemented() {
        Report r = Ex56CausalMask.check(n -> null, (q, k, v, m) -> { throw new UnsupportedOperationException("TODO"); });
        assertTrue(r.notImplemented());
        assertEquals("5.6a causal mask: not implemented yet", r.toString().lines().findFirst().orElseThrow());
        assertTrue(r.toString().contains("5.6b masked attention: not implemented yet"), r::toString);
        assertThrows(IllegalArgumentException.class, () -> Ex56CausalMask.check(null, null));
    }

    @Test
    void tensorAndEjmlVariantsAcceptTheToolkit() {
        assertTrue(Ex56CausalMask.checkTensor(attnlab.Lab::causalMask, attnlab.Lab::maskedAttention).passed());
        assertTrue(Ex56CausalMask.checkEjml(n -> attnlab.Lab.causalMask(n).matrix(), attnlab.Lab::maskedAttention)
                .passed());
    }
}
