package attnlab.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Exact text: these strings are what transcripts compare, on JDK 17 and 25 alike. */
class TensorFormatTest {

    @Test
    void integersPrintWithATrailingDot() {
        assertEquals("Tensor [2, 2]\n[[1. 2.]\n [3. 4.]]", Tensor.parse("1 2; 3 4").toString());
    }

    @Test
    void masksShowMinusInf() {
        assertEquals("Tensor [2, 2]\n[[  0. -inf]\n [  0.   0.]]", Tensor.parse("0 -inf; 0 0").toString());
    }

    @Test
    void fixedFourDecimalsRoundHalfEvenOnTheExactValue() {
        // 0.00005 is really 5.000000000000000409e-05 as a double, so it rounds up; 2.5e-5 rounds to 0.0000.
        assertEquals("Tensor [1, 3]\n[[ 0.5000  0.0001 -1.2346]]", Tensor.parse("0.5 0.00005 -1.23456").toString());
    }

    @Test
    void largeAndTinyValuesUseScientific() {
        assertEquals("Tensor [1, 2]\n[[ 1.2346e+05 -2.0000e-03]]", Tensor.parse("123456 -0.002").toString());
        assertEquals("Tensor [1, 2]\n[[1.0000e-07 2.5000e-07]]", Tensor.parse("1e-7 2.5e-7").toString());
    }

    @Test
    void theJdkSensitiveValuePrintsTheSameEverywhere() {
        // Double.toString(2e23) is "1.9999999999999998E23" on JDK 17 and "2.0E23" on JDK 19+.
        assertEquals("2.0000e+23", TensorFormat.number(2e23 + 0.5));
        assertEquals("nan", TensorFormat.number(Double.NaN));
    }

    @Test
    void batchesAreSeparatedByABlankLine() {
        Tensor t = Tensor.of(new double[][][] {{{1}}, {{2}}});
        assertEquals("Tensor [2, 1, 1]\n[[[1.]]\n\n [[2.]]]", t.toString());
    }

    @Test
    void longDimensionsAreSummarised() {
        Tensor t = Tensor.zeros(20, 20);
        for (int i = 0; i < 20; i++) t.set(0, i, i, i);
        String s = t.toString();
        assertTrue(s.startsWith("Tensor [20, 20]\n[[ 0.  0.  0. ...  0.  0.  0.]\n"), s);
        assertTrue(s.contains("\n  ...\n"), s);
        assertTrue(s.endsWith("[ 0.  0.  0. ...  0.  0. 19.]]"), s);
        assertEquals(8, s.split("\n").length, "header + 3 rows + ... + 3 rows");
    }

    @Test
    void emptyTensorsPrint() {
        assertEquals("Tensor [0, 3]\n[]", Tensor.zeros(0, 3).toString());
    }

    @Test
    void fixedIsExactHalfEvenAndTheSameOnEveryJdk() {
        assertEquals("0.12", TensorFormat.fixed(0.125, 2), "0.125 is exact in binary, so half-even gives 0.12");
        assertEquals("0.34", TensorFormat.fixed(0.335, 2), "0.335 is 0.33500000000000001998... in binary");
        assertEquals("0.00", TensorFormat.fixed(-0.001, 2), "no negative zero");
        assertEquals("-1.50", TensorFormat.fixed(-1.5, 2));
        assertEquals("-inf", TensorFormat.fixed(Double.NEGATIVE_INFINITY, 2));
        assertEquals("nan", TensorFormat.fixed(Double.NaN, 2));
        assertEquals("decimals must be >= 0 but was -1",
                assertThrows(IllegalArgumentException.class, () -> TensorFormat.fixed(1, -1)).getMessage());
    }
}
