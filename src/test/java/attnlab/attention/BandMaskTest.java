package attnlab.attention;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class BandMaskTest {
    static final double NEG = Double.NEGATIVE_INFINITY;

    @Test
    void causalWrittenOutIsTheDenseCausalMask() {
        for (Alignment a : Alignment.values())
            for (int[] s : new int[][] {{3, 3}, {2, 5}, {5, 2}, {1, 1}, {0, 3}, {3, 0}, {7, 4}})
                assertSame(BandMask.causal(a).toTensor(s[0], s[1]), Masks.causal(s[0], s[1], a),
                        a + " " + s[0] + "x" + s[1]);
        assertSame(BandMask.causal().toTensor(4, 4), Masks.causal(4));
    }

    @Test
    void slidingWindowByHand() {
        // window 2, top-left: query i sees keys i-1 and i
        assertSame(BandMask.slidingWindow(2).toTensor(4, 4), Tensor.parse(
                "0 -inf -inf -inf; 0 0 -inf -inf; -inf 0 0 -inf; -inf -inf 0 0"));
        // window 2, bottom-right, Lq = 2, Lk = 5: offset 3, query 0 sees keys 2, 3; query 1 sees 3, 4
        assertSame(BandMask.slidingWindow(2, Alignment.BOTTOM_RIGHT).toTensor(2, 5), Tensor.parse(
                "-inf -inf 0 0 -inf; -inf -inf -inf 0 0"));
        // window 1: the diagonal only
        assertSame(BandMask.slidingWindow(1).toTensor(3, 3), Tensor.parse(
                "0 -inf -inf; -inf 0 -inf; -inf -inf 0"));
        // a window longer than the sequence is plain causal
        assertSame(BandMask.slidingWindow(100).toTensor(5, 5), Masks.causal(5));
    }

    @Test
    void keyRangesIncludingFullyBlockedRows() {
        BandMask br = BandMask.causal(Alignment.BOTTOM_RIGHT); // Lq = 5, Lk = 2: offset -3, rows 0..2 see nothing
        for (int i = 0; i < 3; i++) {
            assertEquals(2, br.firstKey(i, 5, 2), "first of row " + i); // "none": Lk
            assertEquals(0, br.endKey(i, 5, 2), "end of row " + i);     // "none": 0
        }
        assertEquals(0, br.firstKey(3, 5, 2));
        assertEquals(1, br.endKey(3, 5, 2));
        assertEquals(2, br.endKey(4, 5, 2));
        BandMask w = BandMask.slidingWindow(3, Alignment.TOP_LEFT); // Lq = 6, Lk = 2: rows past key 1 + 2 see none
        assertEquals(1, w.firstKey(3, 6, 2));
        assertEquals(2, w.endKey(3, 6, 2));
        assertEquals(2, w.firstKey(4, 6, 2));
        assertEquals(0, w.endKey(4, 6, 2));
        assertTrue(w.allows(3, 1, 6, 2));
        assertFalse(w.allows(4, 1, 6, 2));
        assertFalse(w.allows(0, 1, 6, 2));
    }

    @Test
    void noOverflowAtTheExtremes() {
        BandMask c = BandMask.causal();
        assertEquals(0, c.firstKey(Integer.MAX_VALUE - 1, Integer.MAX_VALUE, 10));
        assertEquals(10, c.endKey(Integer.MAX_VALUE - 1, Integer.MAX_VALUE, 10));
        BandMask w = BandMask.slidingWindow(Integer.MAX_VALUE - 1, Alignment.BOTTOM_RIGHT);
        assertEquals(1, w.firstKey(0, 1, Integer.MAX_VALUE)); // keys 1 .. MAX − 1: window − 1 before the last
        assertEquals(Integer.MAX_VALUE, w.endKey(0, 1, Integer.MAX_VALUE));
    }

    @Test
    void badInput() {
        assertMessage("window must be at least 1 (the query's own position) but was 0", () -> BandMask.slidingWindow(0));
        assertMessage("but was -3", () -> BandMask.slidingWindow(-3, Alignment.TOP_LEFT));
        assertMessage("alignment must not be null", () -> BandMask.causal(null));
        assertMessage("Lq", () -> BandMask.causal().toTensor(-1, 3));
    }

    /** Same shape and the same entries (-inf included). */
    static void assertSame(Tensor want, Tensor got, String... what) {
        assertArrayEquals(want.shape(), got.shape(), String.join(" ", what));
        for (int b = 0; b < want.batch(); b++)
            assertArrayEquals(want.slice(b).data, got.slice(b).data, String.join(" ", what));
    }

    @Test
    void readableNames() {
        assertEquals("causal (top-left)", BandMask.causal().toString());
        assertEquals("sliding window 4 (bottom-right)", BandMask.slidingWindow(4, Alignment.BOTTOM_RIGHT).toString());
    }
}
