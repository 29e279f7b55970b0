package attnlab.repl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimingTest {
    @Test
    void durationsHaveFourSignificantDigitsAndAUnit() {
        assertEquals("12.35 ns", Timing.duration(12.345678));
        assertEquals("1.000 µs", Timing.duration(999.96));
        assertEquals("1.235 ms", Timing.duration(1_234_567));
        assertEquals("2.000 s", Timing.duration(2e9));
        assertEquals("0.000 ns", Timing.duration(0));
        assertEquals("1500 s", Timing.duration(1.5e12));
    }

    @Test
    void loopCountsGo125() {
        long n = 1;
        StringBuilder seq = new StringBuilder();
        for (int i = 0; i < 7; i++, n = Timing.next(n)) seq.append(n).append(' ');
        assertEquals("1 2 5 10 20 50 100 ", seq.toString());
    }

    @Test
    void reportGivesMedianAndSpread() {
        assertEquals("3.000 ns per loop (median of 5 runs, 10 loops each; spread 1.000 ns .. 9.000 ns)",
                Timing.report(new double[] {9, 1, 3, 2, 4}, 10));
    }
}
