package attnlab.plot;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LabelsTest {
    @Test
    void ticksDropTrailingZeros() {
        assertEquals("0.25", Labels.tick(0.25, 4));
        assertEquals("1", Labels.tick(1.0, 2));
        assertEquals("-0.5", Labels.tick(-0.5, 2));
    }

    @Test
    void niceTicks() {
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1}, Labels.ticks(0, 1, 6), 1e-12);
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5, 1}, Labels.ticks(-1, 1, 6), 1e-12);
        assertArrayEquals(new double[] {-2, -1, 0, 1}, Labels.ticks(-2.11, 1.8, 6), 1e-12);
        assertEquals(1, Labels.decimalsFor(0.2));
        assertEquals(2, Labels.decimalsFor(0.25));
        assertEquals(0, Labels.decimalsFor(5));
    }

    @Test
    void slugs() {
        assertEquals("causal-self-attention-weights", Labels.slug("Causal self-attention: weights!"));
        assertEquals("", Labels.slug("  "));
    }
}
