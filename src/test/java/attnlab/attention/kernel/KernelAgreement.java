package attnlab.attention.kernel;

import attnlab.attention.*;
import attnlab.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a fast kernel and the reference {@link ScalarAttentionKernel} on the same inputs and requires every output
 * and weight to agree to 1e-12 (NaN only where the reference has NaN).
 */
final class KernelAgreement {
    private KernelAgreement() {}

    static final double TOL = 1e-12;

    /** One case: inputs, mask (may be null), a label for messages. */
    record Case(String label, Tensor Q, Tensor K, Tensor V, Tensor mask, double scale) {}

    static Case random(Random rng, String label, int n, int lq, int lk, int dk, int dv, Tensor mask) {
        return new Case(label, Tensor.randn(rng, n, lq, dk), Tensor.randn(rng, n, lk, dk), Tensor.randn(rng, n, lk, dv),
                mask, 1.0 / Math.sqrt(Math.max(dk, 1)));
    }

    /** The sweep: odd sizes and tails, Lq ≠ Lk, masks of every kind, fully blocked rows, NaN in blocked keys. */
    static List<Case> cases() {
        Random rng = new Random(42);
        List<Case> cs = new ArrayList<>();
        int[][] shapes = { // n, lq, lk, dk, dv
                {1, 8, 8, 8, 8}, {1, 1, 1, 1, 1}, {3, 5, 7, 3, 2}, {2, 13, 9, 5, 11}, {2, 9, 13, 7, 3},
                {1, 67, 70, 16, 17}, {4, 130, 150, 32, 24}, {2, 3, 1, 4, 9}, {1, 4, 3, 0, 5}, {2, 6, 0, 3, 4},
                {2, 0, 5, 3, 3}, {1, 5, 6, 4, 0}, {3, 33, 31, 64, 64},
                {2, 140, 100, 64, 40}}; // the last: several 64-row blocks of the SIMD backward, a column tail
        for (int[] s : shapes) {
            int n = s[0], lq = s[1], lk = s[2], dk = s[3], dv = s[4];
            String shape = n + "x" + lq + "x" + lk + " dk=" + dk + " dv=" + dv;
            cs.add(random(rng, shape + " no mask", n, lq, lk, dk, dv, null));
            cs.add(random(rng, shape + " causal top-left", n, lq, lk, dk, dv, Masks.causal(lq, lk, Alignment.TOP_LEFT)));
            cs.add(random(rng, shape + " causal bottom-right", n, lq, lk, dk, dv,
                    Masks.causal(lq, lk, Alignment.BOTTOM_RIGHT)));
            int[] lens = new int[n];
            for (int b = 0; b < n; b++) lens[b] = b == 0 ? lk / 2 : (b == 1 ? 0 : lk); // batch 1: fully blocked
            cs.add(random(rng, shape + " padding", n, lq, lk, dk, dv, Masks.padding(lens, lq, lk)));
            cs.add(random(rng, shape + " random bias and holes", n, lq, lk, dk, dv, holes(rng, n, lq, lk)));
        }
        for (int n : new int[] {8, 70}) { // strict causal: row 0 fully blocked
            cs.add(random(rng, n + " strict causal", 2, n, n, 8, 8, Masks.strictCausal(n)));
        }
        // NaN and inf in blocked keys must not leak (K and V rows past the padding length)
        for (int[] s : new int[][] {{2, 9, 11, 5, 6}, {3, 100, 90, 16, 16}}) {
            int n = s[0], lq = s[1], lk = s[2];
            int[] lens = new int[n];
            for (int b = 0; b < n; b++) lens[b] = lk - 3 - b;
            Case c = random(rng, "NaN in blocked keys " + n + "x" + lq + "x" + lk, n, lq, lk, s[3], s[4],
                    Masks.padding(lens, lq, lk));
            for (int b = 0; b < n; b++)
                for (int j = lens[b]; j < lk; j++) {
                    c.K().set(b, j, 0, Double.NaN);
                    c.V().set(b, j, 1, j % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY);
                }
            cs.add(c);
        }
        // NaN or -inf only in blocked K rows inside the computed key range (V finite): the SIMD path must select
        // those scores out itself rather than rely on skipping
        for (int[] s : new int[][] {{2, 9, 11, 5, 6}, {2, 40, 37, 8, 8}}) {
            int n = s[0], lq = s[1], lk = s[2];
            Tensor mask = Masks.causal(lq, lk, Alignment.BOTTOM_RIGHT);
            for (int i = 0; i < lq; i++) for (int j = 2; j < lk; j += 3) mask.set(0, i, j, Double.NEGATIVE_INFINITY);
            Case k = random(rng, "NaN/inf in blocked K only " + n + "x" + lq + "x" + lk, n, lq, lk, s[3], s[4], mask);
            for (int b = 0; b < n; b++)
                for (int j = 2; j < lk; j += 3) k.K().set(b, j, 0, j % 2 == 0 ? Double.NaN : Double.NEGATIVE_INFINITY);
            cs.add(k);
        }
        // NaN in an allowed query and +inf in an allowed key: the row is NaN (propagated, not repaired)
        Case c = random(rng, "NaN in Q, inf in K, causal", 1, 12, 12, 4, 4, Masks.causal(12));
        c.Q().set(0, 5, 2, Double.NaN);
        c.K().set(0, 9, 1, Double.POSITIVE_INFINITY);
        cs.add(c);
        Case d = random(rng, "NaN in allowed V, no mask", 2, 10, 10, 4, 5, null);
        d.V().set(1, 3, 2, Double.NaN);
        cs.add(d);
        Case big = random(rng, "logits of +-1000", 2, 9, 9, 4, 4, null);
        cs.add(new Case(big.label(), big.Q().times(300), big.K().times(300), big.V(), null, 1.0));
        return cs;
    }

    /** A [n, lq, lk] mask of small biases with about a third of the entries blocked. */
    private static Tensor holes(Random rng, int n, int lq, int lk) {
        Tensor m = Tensor.zeros(n, lq, lk);
        for (int b = 0; b < n; b++)
            for (int i = 0; i < lq; i++)
                for (int j = 0; j < lk; j++)
                    m.set(b, i, j, rng.nextInt(3) == 0 ? Double.NEGATIVE_INFINITY : rng.nextGaussian());
        return m;
    }

    /** Runs {@code fast} and the reference on every case and asserts agreement; returns how many cases ran. */
    static int check(AttentionKernel fast) {
        int count = 0;
        for (Case c : cases()) {
            Tensor[] want = run(new ScalarAttentionKernel(), c), got = run(fast, c);
            assertClose(c.label() + " (out)", want[0], got[0]);
            assertClose(c.label() + " (weights)", want[1], got[1]);
            Tensor outOnly = run(fast, c, false)[0];
            assertClose(c.label() + " (out, no weights requested)", want[0], outOnly);
            count++;
        }
        return count;
    }

    /**
     * Backward of every case: the reference forward gives O and P, then a random dO goes through the reference and
     * the fast backward; dQ, dK and dV must agree to 1e-12. Returns how many cases ran.
     */
    static int checkBackward(AttentionKernel fast) {
        Random rng = new Random(7);
        int count = 0;
        for (Case c : cases()) {
            Tensor[] fw = run(new ScalarAttentionKernel(), c);
            Tensor dO = Tensor.randn(rng, fw[0].shape());
            Tensor[] want = grads(new ScalarAttentionKernel(), c, fw, dO), got = grads(fast, c, fw, dO);
            assertClose(c.label() + " (dQ)", want[0], got[0]);
            assertClose(c.label() + " (dK)", want[1], got[1]);
            assertClose(c.label() + " (dV)", want[2], got[2]);
            count++;
        }
        return count;
    }

    static Tensor[] grads(AttentionKernel k, Case c, Tensor[] forward, Tensor dO) {
        Tensor dQ = Tensor.zeros(c.Q().shape()).fill(7.0), dK = Tensor.zeros(c.K().shape()).fill(7.0),
                dV = Tensor.zeros(c.V().shape()).fill(7.0); // kernels must overwrite, not accumulate
        k.backward(c.Q(), c.K(), c.V(), c.mask(), forward[1], forward[0], dO, c.scale(), dQ, dK, dV);
        return new Tensor[] {dQ, dK, dV};
    }

    static Tensor[] run(AttentionKernel k, Case c) {
        return run(k, c, true);
    }

    static Tensor[] run(AttentionKernel k, Case c, boolean weights) {
        int n = c.Q().batch(), lq = c.Q().rows(), lk = c.K().rows(), dv = c.V().cols();
        Tensor out = Tensor.zeros(n, lq, dv).fill(7.0); // kernels must overwrite, not accumulate
        Tensor w = weights ? Tensor.zeros(n, lq, lk).fill(7.0) : null;
        k.forward(c.Q(), c.K(), c.V(), c.mask(), c.scale(), out, w);
        return new Tensor[] {out, w};
    }

    static void assertClose(String what, Tensor want, Tensor got) {
        assertEquals(want.batch(), got.batch(), what);
        for (int b = 0; b < want.batch(); b++) {
            double[] x = want.slice(b).data, y = got.slice(b).data;
            assertEquals(x.length, y.length, what);
            for (int e = 0; e < x.length; e++) {
                if (Double.isNaN(x[e]) != Double.isNaN(y[e]))
                    fail(what + ": slice " + b + " element " + e + " reference " + x[e] + " kernel " + y[e]);
                if (!Double.isNaN(x[e]) && !(Math.abs(x[e] - y[e]) <= TOL))
                    fail(what + ": slice " + b + " element " + e + " reference " + x[e] + " kernel " + y[e]
                            + " differ by " + Math.abs(x[e] - y[e]));
            }
        }
    }
}
