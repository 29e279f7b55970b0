package attnlab.plot;

import attnlab.Lab;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README pictures come from {@link Examples}; every one of them must render. */
class ExamplesTest {
    @Test
    void everyExamplePictureIsWritten(@TempDir Path dir) throws Exception {
        Examples.main(new String[] {dir.toString()});
        for (String name : new String[] {"attention-tokens", "attention-heads", "positional-encoding",
            "softmax-max-probability"}) {
            BufferedImage img = HeatmapTest.readPng(dir.resolve(name + ".png"));
            assertTrue(img.getWidth() >= 600 && img.getHeight() >= 400, name + " is " + img.getWidth() + "x"
                    + img.getHeight());
        }
    }

    /** The README's REPL one-liners must give exactly the weights behind the committed pictures. */
    @Test
    void readmeOneLinersReproduceTheExampleWeights() {
        try {
            for (int heads : new int[] {1, 4}) {
                Lab.seed(7);
                Tensor Q = Lab.randn(heads, 8, 16).times(1.6), K = Lab.randn(heads, 8, 16), V = Lab.randn(heads, 8, 16);
                Tensor w = Lab.attentionWithWeights(Q, K, V, Lab.causalMask(8)).weights();
                assertEquals(0.0, w.maxAbsDiff(Examples.attentionWeights(heads)), "heads=" + heads);
            }
        } finally {
            Lab.seed(0);
        }
    }

    @Test
    void scalingKeepsSoftmaxFromSaturating() {
        java.util.Random rng = new java.util.Random(5);
        double raw = Examples.maxProbability(256, false, rng), scaled = Examples.maxProbability(256, true, rng);
        assertTrue(raw > 0.8, "unscaled logits of d_k=256 make softmax nearly one-hot: " + raw);
        assertTrue(scaled < 0.4, "scaled logits keep it spread over 16 keys: " + scaled);
        assertEquals(8, Examples.attentionWeights(1).cols());
    }
}
