package attnlab.train;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class TaskTest {

    @Test
    void previousTokenTargetsAreTheTokenBefore() {
        Task t = Task.previousToken(8, 5);
        assertArrayEquals(new int[] {-1, 3, 1, 4, 1}, t.targets(new int[] {3, 1, 4, 1, 5}));
        assertEquals(8, t.outputVocab());
        assertEquals(1, t.firstTarget());
    }

    @Test
    void copyAtOffsetK() {
        assertArrayEquals(new int[] {-1, -1, -1, 3, 1}, Task.copy(8, 5, 3).targets(new int[] {3, 1, 4, 1, 5}));
    }

    @Test
    void differenceIsShiftedToNonNegativeClasses() {
        Task t = Task.difference(8, 5);
        // x = 3 1 4 1 5: t=2: 1-3+7 = 5, t=3: 4-1+7 = 10, t=4: 1-4+7 = 4
        assertArrayEquals(new int[] {-1, -1, 5, 10, 4}, t.targets(new int[] {3, 1, 4, 1, 5}));
        assertEquals(15, t.outputVocab());
        assertArrayEquals(new int[] {-1, -1, 14, 0}, t.targets(new int[] {0, 7, 0, 7}));
    }

    @Test
    void samplingIsSeededAndInRange() {
        Task t = Task.difference(6, 7);
        Task.Batch a = t.sample(new Random(5), 4), b = t.sample(new Random(5), 4);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(a.tokens()[i], b.tokens()[i]);
            assertArrayEquals(t.targets(a.tokens()[i]), a.targets()[i]);
            for (int x : a.tokens()[i]) assertTrue(x >= 0 && x < 6);
        }
        Task.Batch c = t.sample(new Random(6), 4);
        assertFalse(java.util.Arrays.deepEquals(a.tokens(), c.tokens()));
    }

    @Test
    void badArguments() {
        assertMessage("offset k must be in 1..4 (length − 1) but was 5", () -> Task.copy(8, 5, 5));
        assertMessage("vocab must be >= 2 but was 1", () -> Task.previousToken(1, 5));
        assertMessage("length must be >= 3 for the difference task but was 2", () -> Task.difference(4, 2));
        assertMessage("tokens[1] must be in 0..7 (vocab − 1) but was 8",
                () -> Task.previousToken(8, 3).targets(new int[] {0, 8}));
        assertMessage("batch must be >= 1 but was 0", () -> Task.previousToken(8, 3).sample(new Random(0), 0));
    }
}
