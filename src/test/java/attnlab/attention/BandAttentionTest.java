package attnlab.attention;

import attnlab.grad.GradCheck;
import attnlab.grad.GradReport;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Causal and sliding-window attention given as a {@link BandMask} (never an [Lq, Lk] tensor), through the public
 * API: the same output, weights and gradients as the dense-mask path, gradient checks, bad input, and a long
 * sequence in a small heap. Agreement of every kernel with the reference is in kernel/BandAgreementTest.
 */
class BandAttentionTest {

    static final List<BandMask> BANDS = List.of(BandMask.causal(), BandMask.causal(Alignment.BOTTOM_RIGHT),
            BandMask.slidingWindow(2), BandMask.slidingWindow(3, Alignment.BOTTOM_RIGHT));

    @Test
    void handComputedCausalRowsAverageThePastValues() {
        // Q = 0: every allowed score is 0, so each row is the mean of the values it may see
        Tensor Q = Tensor.zeros(3, 2), K = Tensor.parse("1 2; 3 4; 5 6"), V = Tensor.parse("1 10; 2 20; 6 60");
        Tensor causal = Attention.bandAttention(Q, K, V, BandMask.causal(), Double.NaN);
        assertEquals(0.0, causal.maxAbsDiff(Tensor.parse("1 10; 1.5 15; 3 30")), 1e-15);
        Tensor window = Attention.bandAttention(Q, K, V, BandMask.slidingWindow(2), Double.NaN);
        assertEquals(0.0, window.maxAbsDiff(Tensor.parse("1 10; 1.5 15; 4 40")), 1e-15);
        // bottom-right, Lq = 4 > Lk = 3: offset -1, row 0 sees nothing (zeros), row 3 sees all three keys
        Tensor br = Attention.bandAttention(Tensor.zeros(4, 2), K, V, BandMask.causal(Alignment.BOTTOM_RIGHT), 1.0);
        assertEquals(0.0, br.maxAbsDiff(Tensor.parse("0 0; 1 10; 1.5 15; 3 30")), 1e-15);
    }

    @Test
    void sameOutputWeightsAndGradientsAsTheDenseMask() {
        Random rng = new Random(150);
        int[][] shapes = {{2, 5, 5, 3, 4}, {3, 4, 7, 5, 2}, {2, 7, 4, 4, 4}, {1, 70, 66, 16, 8}}; // B, Lq, Lk, dk, dv
        for (int[] s : shapes)
            for (BandMask band : BANDS) {
                Tensor Q = Tensor.randn(rng, s[0], s[1], s[3]), K = Tensor.randn(rng, s[0], s[2], s[3]),
                        V = Tensor.randn(rng, s[0], s[2], s[4]);
                Tensor mask = band.toTensor(s[1], s[2]);
                Attention.Result dense = Attention.forward(Q, K, V, mask, 0.7),
                        banded = Attention.bandForward(Q, K, V, band, 0.7);
                String what = band + " " + java.util.Arrays.toString(s);
                assertEquals(0.0, dense.out().maxAbsDiff(banded.out()), 1e-12, what);
                assertEquals(0.0, dense.weights().maxAbsDiff(banded.weights()), 1e-12, what);
                assertEquals(0.0, dense.out().maxAbsDiff(Attention.bandAttention(Q, K, V, band, 0.7)), 1e-12, what);
                assertSame(band, banded.band());
                assertNull(banded.mask());
                Tensor dO = Tensor.randn(rng, dense.out().shape());
                Attention.Grads g = Attention.backward(dO, dense), h = Attention.backward(dO, banded);
                assertEquals(0.0, g.dQ().maxAbsDiff(h.dQ()), 1e-12, what);
                assertEquals(0.0, g.dK().maxAbsDiff(h.dK()), 1e-12, what);
                assertEquals(0.0, g.dV().maxAbsDiff(h.dV()), 1e-12, what);
            }
    }

    @Test
    void rankTwoAndRankFourInputs() {
        Random rng = new Random(151);
        Tensor Q = Tensor.randn(rng, 6, 4), K = Tensor.randn(rng, 6, 4), V = Tensor.randn(rng, 6, 3);
        Tensor out = Attention.bandAttention(Q, K, V, BandMask.causal(), Double.NaN);
        assertArrayEquals(new int[] {6, 3}, out.shape());
        assertEquals(0.0, out.maxAbsDiff(Attention.attention(Q, K, V, Masks.causal(6), Double.NaN)), 1e-12);
        Tensor Q4 = Tensor.randn(rng, 2, 3, 5, 4), K4 = Tensor.randn(rng, 2, 3, 5, 4), V4 = Tensor.randn(rng, 2, 3, 5, 2);
        Tensor out4 = Attention.bandAttention(Q4, K4, V4, BandMask.slidingWindow(2), Double.NaN);
        assertArrayEquals(new int[] {2, 3, 5, 2}, out4.shape());
        assertEquals(0.0, out4.maxAbsDiff(Attention.attention(Q4, K4, V4,
                BandMask.slidingWindow(2).toTensor(5, 5), Double.NaN)), 1e-12);
    }

    @Test
    void backwardPassesGradcheck() {
        Random rng = new Random(152);
        int[][] shapes = {{2, 4, 4, 3, 3}, {1, 5, 3, 2, 4}, {2, 3, 6, 3, 2}}; // B, Lq, Lk, dk, dv
        for (int[] s : shapes)
            for (BandMask band : BANDS) {
                Tensor Q = Tensor.randn(rng, s[0], s[1], s[3]), K = Tensor.randn(rng, s[0], s[2], s[3]),
                        V = Tensor.randn(rng, s[0], s[2], s[4]);
                GradReport r = GradCheck.options().names("Q", "K", "V").check(
                        x -> Attention.bandAttention(x[0], x[1], x[2], band, Double.NaN),
                        (dO, x) -> {
                            Attention.Grads g = Attention.backward(dO, Attention.bandForward(x[0], x[1], x[2], band,
                                    Double.NaN));
                            return new Tensor[] {g.dQ(), g.dK(), g.dV()};
                        }, Q, K, V);
                assertTrue(r.passed(), () -> band + "\n" + r);
                assertTrue(r.maxAbsError() < 1e-8, () -> band + "\n" + r);
            }
    }

    @Test
    void fullyBlockedRowsGiveZeroOutputAndGradients() {
        Random rng = new Random(153);
        Tensor Q = Tensor.randn(rng, 6, 3), K = Tensor.randn(rng, 2, 3), V = Tensor.randn(rng, 2, 3);
        Attention.Result r = Attention.bandForward(Q, K, V, BandMask.causal(Alignment.BOTTOM_RIGHT), Double.NaN);
        for (int i = 0; i < 4; i++)  // offset Lk − Lq = −4: rows 0..3 see no key
            for (int c = 0; c < 3; c++) {
                assertEquals(0.0, r.out().get(i, c));
                assertEquals(0.0, r.weights().get(i, Math.min(c, 1)));
            }
        Attention.Grads g = Attention.backward(Tensor.randn(rng, 6, 3), r);
        for (int i = 0; i < 4; i++) for (int c = 0; c < 3; c++) assertEquals(0.0, g.dQ().get(i, c));
    }

    @Test
    void badInput() {
        Tensor Q = Tensor.zeros(2, 3, 4), K = Tensor.zeros(2, 5, 4), V = Tensor.zeros(2, 5, 2);
        assertMessage("band must not be null", () -> Attention.bandAttention(Q, K, V, null, Double.NaN));
        assertMessage("band must not be null", () -> Attention.bandForward(Q, K, V, null, Double.NaN));
        assertMessage("d_k", () -> Attention.bandAttention(Q, Tensor.zeros(2, 5, 3), V, BandMask.causal(), Double.NaN));
        assertMessage("Lk", () -> Attention.bandAttention(Q, K, Tensor.zeros(2, 4, 2), BandMask.causal(), Double.NaN));
        assertMessage("K has batch=3 but Q has batch=2",
                () -> Attention.bandAttention(Q, Tensor.zeros(3, 5, 4), Tensor.zeros(3, 5, 2), BandMask.causal(), 1));
        assertMessage("scale must be finite but was inf",
                () -> Attention.bandAttention(Q, K, V, BandMask.causal(), Double.POSITIVE_INFINITY));
        assertMessage("Q must not be null", () -> Attention.bandAttention(null, K, V, BandMask.causal(), 1));
        assertMessage("dO has shape [2, 4, 2] but the output O has shape [2, 3, 2]", () -> Attention.backward(
                Tensor.zeros(2, 4, 2), Attention.bandForward(Q, K, V, BandMask.causal(), Double.NaN)));
    }

    @Test
    void emptyLengths() {
        Tensor out = Attention.bandAttention(Tensor.zeros(2, 0, 3), Tensor.zeros(2, 4, 3), Tensor.zeros(2, 4, 5),
                BandMask.causal(), Double.NaN);
        assertArrayEquals(new int[] {2, 0, 5}, out.shape());
        Tensor none = Attention.bandAttention(Tensor.ones(2, 3, 3), Tensor.zeros(2, 0, 3), Tensor.zeros(2, 0, 5),
                BandMask.slidingWindow(4), Double.NaN);
        assertEquals(0.0, none.maxAbsDiff(Tensor.zeros(2, 3, 5)));
    }

    /**
     * 1 × 16384 causal in a JVM with a 64 MB heap: a dense causal mask (or the weights) would be 2 GB, so this runs
     * only if neither is ever built. d = 16 keeps it to a few seconds; bench/attention.sh runs d = 64 in 256 MB.
     */
    @Test
    void sixteenThousandTokensCausalInA64MegabyteHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-Xmx64m", "--add-modules", "jdk.incubator.vector", "-cp", cp,
                LongCausalMain.class.getName(), "16384", "16").redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("ok ")), text);
    }
}
