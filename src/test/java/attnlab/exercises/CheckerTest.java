package attnlab.exercises;

import attnlab.tensor.Interrupts;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The engine on its own: comparison, index text, bad results, interrupts, the catalogue and the facade wiring. */
class CheckerTest {

    @Test
    void closeTreatsEqualInfinitiesAndNaNsAsEqual() {
        assertTrue(Checker.close(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY));
        assertTrue(Checker.close(Double.NaN, Double.NaN));
        assertFalse(Checker.close(0.0, Double.NaN));
        assertFalse(Checker.close(1.0, Double.POSITIVE_INFINITY));
        assertTrue(Checker.close(1.0, 1.0 + 5e-10));
        assertFalse(Checker.close(1.0, 1.0 + 1e-6));
        assertTrue(Checker.close(1e6, 1e6 + 0.05)); // relative 5e-8
    }

    @Test
    void mismatchNamesTheIndexOverLeadingDims() {
        Tensor e = Tensor.zeros(2, 3, 2, 2), a = e.copy();
        a.set(5, 1, 0, 0.25); // slice 5 of [2, 3] = [1][2]
        assertEquals("w[1][2][1][0] expected 0., got 0.2500 (off by 0.2500)", Checker.firstMismatch("w", e, a));
        assertEquals("w has shape [2, 3] but should have [3, 2]",
                Checker.firstMismatch("w", Tensor.zeros(3, 2), Tensor.zeros(2, 3)));
    }

    @Test
    void raggedAndEmptyResultsAreFailuresWithAReason() {
        Report r = Ex55DotProduct.check((q, k, v) -> new double[][][] {{{1, 2}, {3}}});
        assertTrue(r.problem().contains("out[0][1] has 1 columns but out[0][0] has 2 (a ragged array)"), r::toString);
        Report empty = Ex55DotProduct.check((q, k, v) -> new double[0][][]);
        assertTrue(empty.problem().contains("out is an empty array"), empty::toString);
    }

    @Test
    void ctrlCStopsTheCheckInsteadOfBecomingAnErrorLine() {
        assertThrows(Interrupts.Stopped.class, () -> Ex55DotProduct.check((q, k, v) -> { throw new Interrupts.Stopped(); }));
        Thread.currentThread().interrupt();
        assertThrows(Interrupts.Stopped.class, () -> Ex58PositionalEncoding.check((n, d) -> new double[n][d]));
        assertFalse(Thread.interrupted());
    }

    @Test
    void catalogueListsEveryScriptAndCheck() {
        String text = attnlab.Lab.exercises().toString();
        for (Exercises.Exercise e : Exercises.ALL) {
            assertTrue(text.contains(e.script()), e.script());
            if (e.check() != null) assertTrue(text.contains(e.check()), e.check());
        }
    }

    @Test
    void facadeChecksWireToTheirExercise() {
        assertTrue(attnlab.Lab.check55((q, k, v) -> null).toString().startsWith("5.5 "));
        assertTrue(attnlab.Lab.check56(n -> null, null).toString().startsWith("5.6a "));
        assertTrue(attnlab.Lab.check57((x, a, b, c, d, h) -> null).toString().startsWith("5.7 "));
        assertTrue(attnlab.Lab.check58((n, d) -> null).toString().startsWith("5.8 "));
        assertTrue(attnlab.Lab.check510((q, k, v, d) -> null).toString().startsWith("5.10 "));
        assertTrue(attnlab.Lab.check511((Q, K, V, R, u, v, W_R) -> null).toString().startsWith("5.11 "));
        assertTrue(attnlab.Lab.check55Tensor(attnlab.Lab::attention).passed());
        assertEquals("0.5000", attnlab.Lab.num(0.5));
    }
}
