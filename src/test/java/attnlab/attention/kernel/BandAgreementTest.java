package attnlab.attention.kernel;

import attnlab.attention.Alignment;
import attnlab.attention.BandMask;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static attnlab.attention.kernel.KernelAgreement.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link BandMask} is the dense mask it writes out: on every kernel, {@code forwardBand} and {@code backwardBand}
 * equal the reference kernel's {@code forward} and {@code backward} under {@code band.toTensor(Lq, Lk)} to 1e-12,
 * over odd shapes (tiles of 8, 4, 1 rows, several 64-row units and blocks, column tails), Lq ≠ Lk both ways, fully
 * blocked rows, windows from 1 to longer than the sequence, and NaN or ±inf in keys and values outside the band,
 * which must not leak; the scores a model caches come out of the same call. The pom's second surefire run repeats this class with 256-bit vectors.
 */
class BandAgreementTest {

    static List<AttentionKernel> kernels() {
        return List.of(Kernels.scalar(), Kernels.loops(), Kernels.simd());
    }

    record Case(String label, Tensor Q, Tensor K, Tensor V, BandMask band, double scale) {}

    static List<Case> cases() {
        Random rng = new Random(15);
        List<Case> cs = new ArrayList<>();
        int[][] shapes = { // n, lq, lk, dk, dv
                {1, 1, 1, 1, 1}, {2, 9, 9, 8, 8}, {3, 5, 7, 3, 2}, {2, 13, 9, 5, 11}, {1, 67, 70, 16, 17},
                {2, 130, 150, 32, 24}, {1, 150, 130, 16, 33}, {2, 3, 1, 4, 9}, {2, 6, 0, 3, 4}, {2, 0, 5, 3, 3},
                {1, 200, 200, 64, 64}};
        List<BandMask> bands = new ArrayList<>();
        for (Alignment a : Alignment.values()) {
            bands.add(BandMask.causal(a));
            for (int w : new int[] {1, 3, 16, 37, 1000}) bands.add(BandMask.slidingWindow(w, a));
        }
        for (int[] s : shapes)
            for (BandMask band : bands) {
                int n = s[0], lq = s[1], lk = s[2], dk = s[3], dv = s[4];
                cs.add(new Case(n + "x" + lq + "x" + lk + " dk=" + dk + " dv=" + dv + " " + band,
                        Tensor.randn(rng, n, lq, dk), Tensor.randn(rng, n, lk, dk), Tensor.randn(rng, n, lk, dv), band,
                        1.0 / Math.sqrt(Math.max(dk, 1))));
            }
        // NaN and ±inf in keys and values that no query may see (keys after the last query's band, or before every
        // window): they must not leak into the output or the gradients
        for (BandMask band : new BandMask[] {BandMask.causal(), BandMask.slidingWindow(5)}) {
            int lq = 70, lk = 90;
            Case c = new Case("NaN outside the band " + band, Tensor.randn(rng, 2, lq, 8), Tensor.randn(rng, 2, lk, 8),
                    Tensor.randn(rng, 2, lk, 8), band, 0.3);
            for (int b = 0; b < 2; b++)
                for (int j = lq; j < lk; j++) {
                    c.K().set(b, j, j % 8, Double.NaN);
                    c.V().set(b, j, (j + 3) % 8, j % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY);
                }
            cs.add(c);
        }
        return cs;
    }

    @Test
    void forwardUnderABandEqualsTheReferenceUnderTheMaskWrittenOut() {
        List<Case> cs = cases();
        for (AttentionKernel k : kernels())
            for (Case c : cs) {
                Tensor mask = c.band().toTensor(c.Q().rows(), c.K().rows());
                Tensor[] want = run(Kernels.scalar(), c, mask, true), got = run(k, c, null, true);
                String what = k.name() + " " + c.label();
                assertClose(what + " (out)", want[0], got[0]);
                assertClose(what + " (weights)", want[1], got[1]);
                assertClose(what + " (out, no weights requested)", want[0], run(k, c, null, false)[0]);
                assertClose(what + " (dense path of the same kernel)", want[0], run(k, c, mask, true)[0]);
            }
        assertTrue(cs.size() > 100);
    }

    @Test
    void scoresAreTheScaledProductsInsideTheBandAndMinusInfinityOutside() {
        // by hand: q = (1, 2), k = (3, 4), scale 0.5, causal: S = [[1.5, −inf], [3, 4]]
        for (AttentionKernel k : kernels()) {
            Tensor s = Tensor.zeros(1, 2, 2).fill(7.0);
            k.forwardBand(Tensor.of(new double[][] {{1}, {2}}), Tensor.of(new double[][] {{3}, {4}}),
                    Tensor.of(new double[][] {{1}, {1}}), BandMask.causal(), 0.5, Tensor.zeros(2, 1), null, s);
            assertArrayEquals(new double[] {1.5, Double.NEGATIVE_INFINITY, 3, 4}, s.slice(0).data, k.name());
        }
        List<Case> cs = cases();
        for (AttentionKernel k : kernels())
            for (Case c : cs) {
                int n = c.Q().batch(), lq = c.Q().rows(), lk = c.K().rows(), dv = c.V().cols();
                Tensor out = Tensor.zeros(n, lq, dv).fill(7.0), w = Tensor.zeros(n, lq, lk).fill(7.0),
                        s = Tensor.zeros(n, lq, lk).fill(7.0); // every entry must be written
                k.forwardBand(c.Q(), c.K(), c.V(), c.band(), c.scale(), out, w, s);
                Tensor[] plain = run(k, c, null, true);
                String what = k.name() + " " + c.label();
                for (int b = 0; b < n; b++) { // asking for the scores changes no bit of out or the weights
                    assertArrayEquals(plain[0].slice(b).data, out.slice(b).data, what + " (out)");
                    assertArrayEquals(plain[1].slice(b).data, w.slice(b).data, what + " (weights)");
                }
                assertScores(what, c, s);
            }
    }

    /** S = scale · q·k where the band allows the key (1e-12), exactly −inf where it does not. */
    private static void assertScores(String what, Case c, Tensor s) {
        int lq = c.Q().rows(), lk = c.K().rows(), dk = c.Q().cols();
        Tensor mask = c.band().toTensor(lq, lk);
        for (int b = 0; b < c.Q().batch(); b++)
            for (int i = 0; i < lq; i++)
                for (int j = 0; j < lk; j++) {
                    double got = s.get(b, i, j);
                    if (mask.get(0, i, j) == Double.NEGATIVE_INFINITY) {
                        assertEquals(Double.NEGATIVE_INFINITY, got, what + " blocked score " + b + "," + i + "," + j);
                        continue;
                    }
                    double dot = 0;
                    for (int d = 0; d < dk; d++) dot += c.Q().get(b, i, d) * c.K().get(b, j, d);
                    assertEquals(c.scale() * dot, got, 1e-12, what + " score " + b + "," + i + "," + j);
                }
    }

    @Test
    void backwardUnderABandEqualsTheReferenceUnderTheMaskWrittenOut() {
        Random rng = new Random(16);
        for (AttentionKernel k : kernels())
            for (Case c : cases()) {
                Tensor mask = c.band().toTensor(c.Q().rows(), c.K().rows());
                Tensor[] fw = run(Kernels.scalar(), c, mask, true);
                Tensor dO = Tensor.randn(rng, fw[0].shape());
                Tensor[] want = grads(Kernels.scalar(), c, mask, fw, dO), got = grads(k, c, null, fw, dO);
                String what = k.name() + " " + c.label();
                assertClose(what + " (dQ)", want[0], got[0]);
                assertClose(what + " (dK)", want[1], got[1]);
                assertClose(what + " (dV)", want[2], got[2]);
            }
    }

    /** Forward of kernel k under {@code mask}, or under the case's band when mask is null. */
    static Tensor[] run(AttentionKernel k, Case c, Tensor mask, boolean weights) {
        int n = c.Q().batch(), lq = c.Q().rows(), lk = c.K().rows(), dv = c.V().cols();
        Tensor out = Tensor.zeros(n, lq, dv).fill(7.0); // kernels must overwrite, not accumulate
        Tensor w = weights ? Tensor.zeros(n, lq, lk).fill(7.0) : null;
        if (mask != null) k.forward(c.Q(), c.K(), c.V(), mask, c.scale(), out, w);
        else k.forwardBand(c.Q(), c.K(), c.V(), c.band(), c.scale(), out, w);
        return new Tensor[] {out, w};
    }

    static Tensor[] grads(AttentionKernel k, Case c, Tensor mask, Tensor[] forward, Tensor dO) {
        Tensor dQ = Tensor.zeros(c.Q().shape()).fill(7.0), dK = Tensor.zeros(c.K().shape()).fill(7.0),
                dV = Tensor.zeros(c.V().shape()).fill(7.0);
        if (mask != null) k.backward(c.Q(), c.K(), c.V(), mask, forward[1], forward[0], dO, c.scale(), dQ, dK, dV);
        else k.backwardBand(c.Q(), c.K(), c.V(), c.band(), forward[1], forward[0], dO, c.scale(), dQ, dK, dV);
        return new Tensor[] {dQ, dK, dV};
    }
}
