package attnlab.attention;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class MasksTest {
    static final double NEG = Double.NEGATIVE_INFINITY;

    @Test
    void causalIsZeroOnAndBelowTheDiagonal() {
        assertEquals(0.0, Masks.causal(3).maxAbsDiff(Tensor.parse("0 -inf -inf; 0 0 -inf; 0 0 0")));
    }

    @Test
    void topLeftAndBottomRightForLqNotLk() {
        // Lq=2, Lk=5. TOP_LEFT: j <= i. BOTTOM_RIGHT: j <= i + 3 (FlashAttention docstring: 1 1 1 1 0 / 1 1 1 1 1).
        assertEquals(0.0, Masks.causal(2, 5, Alignment.TOP_LEFT)
                .maxAbsDiff(Tensor.parse("0 -inf -inf -inf -inf; 0 0 -inf -inf -inf")));
        assertEquals(0.0, Masks.causal(2, 5, Alignment.BOTTOM_RIGHT)
                .maxAbsDiff(Tensor.parse("0 0 0 0 -inf; 0 0 0 0 0")));
    }

    @Test
    void bottomRightWithMoreQueriesThanKeysBlocksWholeRows() {
        // numerics §2: L=5, S=2 bottom-right: rows 0..2 fully masked, row 3 sees key 0, row 4 sees both.
        Tensor m = Masks.causal(5, 2, Alignment.BOTTOM_RIGHT);
        for (int i = 0; i < 3; i++) for (int j = 0; j < 2; j++) assertEquals(NEG, m.get(i, j));
        assertEquals(0.0, m.get(3, 0));
        assertEquals(NEG, m.get(3, 1));
        assertEquals(0.0, m.get(4, 1));
    }

    @Test
    void strictCausalBlocksTheDiagonal() {
        assertEquals(0.0, Masks.strictCausal(3).maxAbsDiff(Tensor.parse("-inf -inf -inf; 0 -inf -inf; 0 0 -inf")));
    }

    @Test
    void paddingBlocksKeysPastEachLength() {
        Tensor m = Masks.padding(new int[] {1, 3}, 2, 3);
        assertArrayEquals(new int[] {2, 2, 3}, m.shape());
        assertEquals(0.0, m.get(0, 1, 0));
        assertEquals(NEG, m.get(0, 1, 1));
        assertEquals(0.0, m.get(1, 0, 2));
    }

    @Test
    void badArguments() {
        assertMessage("Lq must be >= 0 but was -1", () -> Masks.causal(-1, 2, Alignment.TOP_LEFT));
        assertMessage("n must be >= 0 but was -2", () -> Masks.strictCausal(-2));
        assertMessage("alignment must not be null", () -> Masks.causal(2, 2, null));
        assertMessage("keyLengths[1] must be in 0..3 (Lk) but was 4", () -> Masks.padding(new int[] {1, 4}, 2, 3));
        assertMessage("keyLengths must not be null", () -> Masks.padding(null, 2, 3));
    }

    /** Issue 21 item 8: causalMask(-1) named Lq, a parameter the caller never wrote. */
    @Test
    void aNegativeSizeNamesTheParameterTheCallerUsed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Masks.causal(-1));
        assertEquals("n must be >= 0 but was -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Masks.causal(-1, 2, Alignment.TOP_LEFT));
        assertEquals("Lq must be >= 0 but was -1", e.getMessage());
    }
}
