package attnlab.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FixedTest {

    @Test
    void roundsHalfEvenOnTheExactBinaryValue() {
        assertEquals("0.969", Fixed.format(0.96875, 3));        // exact tie → even
        assertEquals("0.12", Fixed.format(0.125, 2));
        assertEquals("0.3", Fixed.format(0.25000000000000006, 1)); // just above the tie
        assertEquals("2.675", Fixed.format(2.675, 3));
        assertEquals("2.67", Fixed.format(2.675, 2));            // 2.675 is 2.67499999... in binary
        assertEquals("1500", Fixed.format(1499.6, 0));
    }

    @Test
    void signsAndNonFinite() {
        assertEquals("0.000", Fixed.format(-0.0001, 3));
        assertEquals("-1.50", Fixed.format(-1.5, 2));
        assertEquals("nan", Fixed.format(Double.NaN, 2));
        assertEquals("-inf", Fixed.format(Double.NEGATIVE_INFINITY, 2));
        assertEquals(" 99.3%", Fixed.pad(Fixed.percent(0.9926, 1), 6));
        assertEquals("  0.50", Fixed.format(0.5, 2, 6));
        assertEquals("0.01", Fixed.significant(0.01, 6));
        assertEquals("0.003", Fixed.significant(3e-3, 6));
        assertEquals("1500", Fixed.significant(1500, 6));
        assertEquals("0.3333", Fixed.significant(1.0 / 3, 4));
    }
}
