package attnlab.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class SharedRandomTest {
    @Test
    void seedRestartsTheStream() {
        SharedRandom.seed(7);
        double first = SharedRandom.stream().nextGaussian();
        assertEquals(new Random(7).nextGaussian(), first);
        assertNotEquals(first, SharedRandom.stream().nextGaussian());
        SharedRandom.seed(7);
        assertEquals(first, SharedRandom.stream().nextGaussian());
        SharedRandom.seed(0);
    }
}
