package attnlab.jupyter;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StreamOutputTest {
    @Test
    void textIsCutOnlyBetweenCharacters() {
        byte[] b = "aé😀".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 4 bytes
        assertEquals(7, StreamOutput.utf8Boundary(b));
        assertEquals(3, StreamOutput.utf8Boundary(Arrays.copyOf(b, 6)), "inside the emoji: up to é");
        assertEquals(3, StreamOutput.utf8Boundary(Arrays.copyOf(b, 4)));
        assertEquals(1, StreamOutput.utf8Boundary(Arrays.copyOf(b, 2)), "inside é");
        assertEquals(0, StreamOutput.utf8Boundary(Arrays.copyOfRange(b, 1, 2)), "only the first byte of é");
        assertEquals(0, StreamOutput.utf8Boundary(new byte[0]));
    }
}
