package attnlab.attention.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForegroundTest {
    @Test
    void holdsAreCountedAndASecondCloseDoesNothing() {
        int before = Foreground.held();
        Foreground a = Foreground.hold(), b = Foreground.hold();
        assertEquals(before + 2, Foreground.held());
        assertTrue(Foreground.busy());
        a.close();
        a.close(); // twice: still b's hold
        assertEquals(before + 1, Foreground.held());
        assertTrue(Foreground.busy());
        b.close();
        assertEquals(before, Foreground.held());
        if (before == 0) assertFalse(Foreground.busy());
    }

    @Test
    void aHoldEndsWithItsTryBlockAlsoWhenTheWorkThrows() {
        int before = Foreground.held();
        try (Foreground f = Foreground.hold()) {
            assertEquals(before + 1, Foreground.held());
            throw new IllegalStateException("the load failed");
        } catch (IllegalStateException expected) {
            assertEquals(before, Foreground.held());
        }
    }
}
