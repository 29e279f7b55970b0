package attnlab.exercises;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class Ex58PositionalEncodingTest {

    /** A student's version: pairs (2i, 2i+1) share the frequency 10000^(2i/d); odd d handled by the column loop. */
    static double[][] pe(int n, int d, boolean swapped, boolean pairsOnly) {
        return pe(n, d, swapped, pairsOnly, 10000);
    }

    static double[][] pe(int n, int d, boolean swapped, boolean pairsOnly, double base) {
        double[][] pe = new double[n][d];
        for (int pos = 0; pos < n; pos++)
            for (int c = 0; c < (pairsOnly ? d / 2 * 2 : d); c++) {
                double angle = pos / Math.pow(base, 2.0 * (c / 2) / d);
                pe[pos][c] = (c % 2 == 0) != swapped ? Math.sin(angle) : Math.cos(angle);
            }
        return pe;
    }

    @Test
    void correctImplementationPasses() {
        Report r = Ex58PositionalEncoding.check((n, d) -> pe(n, d, false, false));
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void sinCosSwappedIsNamed() {
        Report r = Ex58PositionalEncoding.check((n, d) -> pe(n, d, true, false));
        assertTrue(r.hint().startsWith("sin and cos are swapped"), r::toString);
        assertTrue(r.problem().startsWith("first mismatch (by hand, d_model = 4): PE[0][0] expected 0., got 1."),
                r::toString);
    }

    @Test
    void aWrongBaseIsNamedWithTheBaseTheStudentUsed() {
        Report r = Ex58PositionalEncoding.check((n, d) -> pe(n, d, false, false, 1000));
        assertFalse(r.passed());
        assertEquals("your frequencies use base 1000: the sheet's is 10000, PE(pos, 2i) = sin(pos / 10000^(2i/d))",
                r.hint(), r::toString);
        Report extraZero = Ex58PositionalEncoding.check((n, d) -> pe(n, d, false, false, 100000));
        assertTrue(extraZero.hint().startsWith("your frequencies use base 100000: "), extraZero::toString);
    }

    @Test
    void oddWidthsAreChecked() {
        Report r = Ex58PositionalEncoding.check((n, d) -> pe(n, d, false, true));
        assertEquals(3, r.sections().get(0).passes(), r::toString);
        assertTrue(r.hint().contains("odd d_model the last column is left at 0"), r::toString);
        Report crash = Ex58PositionalEncoding.check((n, d) -> { // the PyTorch-tutorial bug: cos slice too short
            double[][] pe = new double[n][d];
            for (int pos = 0; pos < n; pos++)
                for (int i = 0; i < (d + 1) / 2; i++) {
                    double a = pos / Math.pow(10000, 2.0 * i / d);
                    pe[pos][2 * i] = Math.sin(a);
                    pe[pos][2 * i + 1] = Math.cos(a);
                }
            return pe;
        });
        assertTrue(crash.toString().contains("ERROR odd d_model = 5"), crash::toString);
        assertTrue(crash.hint().contains("one more sine than cosine"), crash::toString);
    }

    @Test
    void skeletonAndVariants() {
        assertTrue(Ex58PositionalEncoding.check((n, d) -> null).notImplemented());
        assertTrue(Ex58PositionalEncoding.checkTensor(attnlab.Lab::positionalEncoding).passed());
        assertTrue(Ex58PositionalEncoding.checkEjml((n, d) -> attnlab.Lab.positionalEncoding(n, d).matrix()).passed());
    }
}
