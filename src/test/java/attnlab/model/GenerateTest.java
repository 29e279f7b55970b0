package attnlab.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Greedy generation is the argmax chain; the seeded sampler repeats itself and top-k 1 is greedy. */
class GenerateTest {
    final Model m = Model.load(ReferenceModels.dir("llama-kv2"));
    final int[] prompt = {1, 5, 7, 3};

    @Test
    void greedyAppendsTheArgmaxOfTheLastRowEachStep() {
        int[] out = m.generate(prompt, 5, Sampler.GREEDY);
        assertArrayEquals(prompt, Arrays.copyOf(out, 4));
        for (int t = 4; t < out.length; t++) {
            var logits = m.run(Arrays.copyOf(out, t), ActivationCache.NONE).logits();
            int best = 0;
            for (int v = 1; v < m.vocab(); v++) if (logits.get(t - 1, v) > logits.get(t - 1, best)) best = v;
            assertEquals(best, out[t], "token " + t);
        }
    }

    @Test
    void theSeededSamplerRepeatsItselfAndTopOneIsGreedy() {
        int[] a = m.generate(prompt, 8, Sampler.sample(1.5, 0, 7)), b = m.generate(prompt, 8, Sampler.sample(1.5, 0, 7));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, m.generate(prompt, 8, Sampler.GREEDY)), "a hot sampler leaves the greedy path");
        assertArrayEquals(m.generate(prompt, 8, Sampler.GREEDY), m.generate(prompt, 8, Sampler.sample(0.7, 1, 3)));
        assertEquals("temperature must be > 0 to sample (0 is GREEDY) but was 0.",
                assertThrows(IllegalArgumentException.class, () -> Sampler.sample(0, 5, 1)).getMessage());
    }
}
