package attnlab.attention.kernel;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The softmax backward's row term must cancel where the math says it does (issue 12 item 21):
 * {@code dS_ij = P_ij (dP_ij − D_i)} with {@code dP_ij = dO_i · V_j} and {@code D_i = dO_i · O_i}. When a row's
 * weight sits on one key j (one key in all, or a saturated softmax), {@code O_i = V_j} exactly, so dP_ij and D_i
 * must be the same sum computed the same way, and dS, dQ, dK come out exactly zero. The pom's second surefire run
 * repeats this class with 256-bit vectors.
 */
class BackwardCancellationTest {

    static List<AttentionKernel> kernels() {
        return List.of(Kernels.scalar(), Kernels.loops(), Kernels.simd());
    }

    /** The reference forward (O, P), then kernel k's backward; returns {dQ, dK, dV}. */
    static Tensor[] backward(AttentionKernel k, Tensor Q, Tensor K, Tensor V, Tensor dO, double scale) {
        int n = Q.batch(), lq = Q.rows(), lk = K.rows();
        Tensor out = Tensor.zeros(n, lq, V.cols()), P = Tensor.zeros(n, lq, lk);
        Kernels.scalar().forward(Q, K, V, null, scale, out, P);
        Tensor dQ = Tensor.zeros(Q.shape()).fill(7), dK = Tensor.zeros(K.shape()).fill(7),
                dV = Tensor.zeros(V.shape()).fill(7);
        k.backward(Q, K, V, null, P, out, dO, scale, dQ, dK, dV);
        return new Tensor[] {dQ, dK, dV};
    }

    @Test
    void oneKeyGivesExactlyZeroDqAndDkOnEveryKernel() {
        Random rng = new Random(21);
        // shapes n, lq, dk, dv: tiles of 8, 4 and 1 rows, several 64-row blocks, column tails, widths 64 and 100
        int[][] shapes = {{1, 1, 4, 4}, {2, 9, 8, 8}, {3, 70, 16, 17}, {2, 140, 64, 64}, {1, 13, 5, 100}};
        for (AttentionKernel k : kernels())
            for (int[] s : shapes) {
                int n = s[0], lq = s[1], dk = s[2], dv = s[3];
                Tensor Q = Tensor.randn(rng, n, lq, dk), K = Tensor.randn(rng, n, 1, dk),
                        V = Tensor.randn(rng, n, 1, dv), dO = Tensor.randn(rng, n, lq, dv);
                Tensor[] g = backward(k, Q, K, V, dO, 1 / Math.sqrt(dk));
                String what = k.name() + " " + java.util.Arrays.toString(s);
                assertAllZero(what + " dQ", g[0]);
                assertAllZero(what + " dK", g[1]);
                // dV = Pᵀ dO = the column sum of dO: not zero
                assertTrue(maxAbs(g[2]) > 0, what + " dV");
            }
    }

    @Test
    void saturatedLogitsAgreeWithTheReferenceRelativeToTheGradientsScale() {
        Random rng = new Random(2112);
        int[][] shapes = {{2, 9, 11, 8}, {2, 70, 50, 16}, {1, 140, 64, 40}}; // n, lq, lk (= dk), dv
        for (double size : new double[] {1e3, 3e4})
            for (AttentionKernel k : kernels())
                for (int[] s : shapes) {
                    int n = s[0], lq = s[1], lk = s[2], dk = lk, dv = s[3];
                    Tensor[] in = saturated(rng, n, lq, lk, dv, size);
                    Tensor Q = in[0], K = in[1], V = in[2], dO = Tensor.randn(rng, n, lq, dv);
                    double scale = 1 / Math.sqrt(dk);
                    Tensor[] want = backward(Kernels.scalar(), Q, K, V, dO, scale), got = backward(k, Q, K, V, dO, scale);
                    String what = k.name() + " |scores| ~ " + size + " " + java.util.Arrays.toString(s);
                    assertTrue(maxAbs(want[1]) < 1e-20, what + ": the case must be saturated, max |dK| " + maxAbs(want[1]));
                    assertRelativelyClose(what + " dQ", want[0], got[0]);
                    assertRelativelyClose(what + " dK", want[1], got[1]);
                    assertRelativelyClose(what + " dV", want[2], got[2]);
                }
    }

    /**
     * Q, K, V whose scores {@code scale · q_i · k_j} (scale 1/√lk) are: {@code size} on one key per row, {@code size
     * − 71} on a second key in two rows of three (weight e⁻⁷¹ ≈ 1e-31: dQ and dK are about 1e-31, the exact values),
     * and between −size and −size/2 elsewhere. K is {@code size} times the identity, so each score is one product.
     */
    static Tensor[] saturated(Random rng, int n, int lq, int lk, int dv, double size) {
        double scale = 1 / Math.sqrt(lk);
        Tensor Q = Tensor.zeros(n, lq, lk), K = Tensor.zeros(n, lk, lk), V = Tensor.randn(rng, n, lk, dv);
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < lk; j++) K.set(b, j, j, size);
            for (int i = 0; i < lq; i++) {
                int top = rng.nextInt(lk), second = (top + 1 + rng.nextInt(lk - 1)) % lk;
                for (int j = 0; j < lk; j++) {
                    double score = j == top ? size : j == second && i % 3 != 0 ? size - 71 : -size * (0.5 + rng.nextDouble() / 2);
                    Q.set(b, i, j, score / (scale * size));
                }
            }
        }
        return new Tensor[] {Q, K, V};
    }

    static double maxAbs(Tensor t) {
        double m = 0;
        for (int b = 0; b < t.batch(); b++) for (double x : t.slice(b).data) m = Math.max(m, Math.abs(x));
        return m;
    }

    private static void assertAllZero(String what, Tensor t) {
        assertEquals(0.0, maxAbs(t), what + " must be exactly 0");
    }

    /** |got − want| ≤ 1e-12 · max|want| elementwise: the gradient's own scale, not 1 (dK can be ~1e-31). */
    private static void assertRelativelyClose(String what, Tensor want, Tensor got) {
        double tol = 1e-12 * maxAbs(want);
        for (int b = 0; b < want.batch(); b++) {
            double[] x = want.slice(b).data, y = got.slice(b).data;
            for (int e = 0; e < x.length; e++)
                if (!(Math.abs(x[e] - y[e]) <= tol))
                    fail(what + ": slice " + b + " element " + e + " reference " + x[e] + " kernel " + y[e]
                            + ", allowed " + tol + " (1e-12 of max |reference| " + maxAbs(want) + ")");
        }
    }
}
