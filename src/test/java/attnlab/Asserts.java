package attnlab;

import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared assertions for the test tree. */
public final class Asserts {
    private Asserts() {}

    /** The call throws {@link IllegalArgumentException} whose message contains {@code expected}. */
    public static IllegalArgumentException assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "expected a message containing \"" + expected
                + "\" but it was: " + e.getMessage());
        return e;
    }
}
