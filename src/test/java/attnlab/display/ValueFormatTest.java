package attnlab.display;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ValueFormatTest {
    @Test
    void doublesAreShortestRoundTripInJavaLayout() {
        assertEquals("2.0E23", ValueFormat.number(2e23)); // JDK 17 Double.toString: 1.9999999999999998E23
        assertEquals("0.1", ValueFormat.number(0.1));
        assertEquals("0.30000000000000004", ValueFormat.number(0.1 + 0.2));
        assertEquals("100.0", ValueFormat.number(100.0));
        assertEquals("-1.5", ValueFormat.number(-1.5));
        assertEquals("1.0E-5", ValueFormat.number(1e-5));
        assertEquals("1.0E7", ValueFormat.number(1e7));
        assertEquals("9999999.0", ValueFormat.number(9999999.0));
        assertEquals("0.001", ValueFormat.number(0.001));
        assertEquals("NaN", ValueFormat.number(Double.NaN));
        assertEquals("-Infinity", ValueFormat.number(Double.NEGATIVE_INFINITY));
        assertEquals("-0.0", ValueFormat.number(-0.0));
    }

    @Test
    void floatsUseFloatPrecision() {
        assertEquals("0.1", ValueFormat.number(0.1f));
        assertEquals("1.0E10", ValueFormat.number(1e10f));
    }

    @Test
    void valuesOfOtherKinds() {
        assertEquals("\"a\\nb\\\"\"", ValueFormat.format("a\nb\""));
        assertEquals("'x'", ValueFormat.format('x'));
        assertEquals("null", ValueFormat.format(null));
        assertEquals("double[2] { 0.1, 2.0E23 }", ValueFormat.format(new double[] {0.1, 2e23}));
        assertEquals("int[2][] { int[1] { 1 }, int[0] {} }", ValueFormat.format(new int[][] {{1}, {}}));
        assertEquals("DMatrixRMaj [1, 2]\n[[0.5000 2.0000]]",
                ValueFormat.format(new org.ejml.data.DMatrixRMaj(new double[][] {{0.5, 2}})));
    }
}
