package attnlab.attention.kernel;

import attnlab.attention.*;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Surefire runs with {@code --add-modules jdk.incubator.vector} (pom argLine), so the SIMD path is exercised. */
class VectorAttentionKernelTest {

    @Test
    void theModuleIsPresentInTests() {
        assertTrue(Kernels.simdAvailable(), "surefire's argLine must add jdk.incubator.vector");
        // the pom's second surefire run (simd-256) repeats this class with 256-bit vectors
        if ("256".equals(System.getProperty("attnlab.simd.bits")))
            org.junit.jupiter.api.Assertions.assertEquals("simd-256bit", Kernels.simd().name());
    }

    @Test
    void agreesWithTheReferenceTo1e12OnEveryCase() {
        assertTrue(KernelAgreement.check(Kernels.simd()) > 60);
    }

    @Test
    void backwardAgreesWithTheReferenceTo1e12OnEveryCase() {
        assertTrue(KernelAgreement.checkBackward(Kernels.simd()) > 60);
    }

    @Test
    void timesAgreesWithEjmlOnOddShapes() {
        java.util.Random rng = new java.util.Random(5);
        AttentionKernel simd = Kernels.simd();
        int[][] shapes = {{1, 1, 1, 1}, {2, 5, 3, 7}, {3, 67, 33, 19}, {2, 130, 64, 48}, {1, 9, 0, 4}, {2, 4, 6, 0}};
        for (int[] s : shapes) { // batch, M, K, N
            attnlab.tensor.Tensor x = attnlab.tensor.Tensor.randn(rng, s[0], s[1], s[2]);
            attnlab.tensor.Tensor W = attnlab.tensor.Tensor.randn(rng, s[2], s[3]);
            attnlab.tensor.Tensor want = attnlab.tensor.Tensor.zeros(s[0], s[1], s[3]);
            attnlab.tensor.Tensor got = attnlab.tensor.Tensor.zeros(s[0], s[1], s[3]).fill(7.0);
            new ScalarAttentionKernel().times(x, W, want);
            simd.times(x, W, got);
            KernelAgreement.assertClose(java.util.Arrays.toString(s), want, got);
        }
    }

    @Test
    void timesTransposedAndTransposedTimesAgreeWithEjmlOnOddShapes() {
        java.util.Random rng = new java.util.Random(8);
        AttentionKernel simd = Kernels.simd(), ejml = new ScalarAttentionKernel();
        int[][] shapes = {{1, 1, 1, 1}, {2, 5, 3, 7}, {3, 67, 33, 19}, {2, 130, 64, 48}, {1, 9, 0, 4}, {2, 4, 6, 0},
                {2, 0, 5, 3}};
        for (int[] s : shapes) { // batch, M, K, N
            String what = java.util.Arrays.toString(s);
            // x Wᵀ: x [n, M, N], W [K, N]
            attnlab.tensor.Tensor x = attnlab.tensor.Tensor.randn(rng, s[0], s[1], s[3]);
            attnlab.tensor.Tensor W = attnlab.tensor.Tensor.randn(rng, s[2], s[3]);
            attnlab.tensor.Tensor want = attnlab.tensor.Tensor.zeros(s[0], s[1], s[2]);
            attnlab.tensor.Tensor got = attnlab.tensor.Tensor.zeros(s[0], s[1], s[2]).fill(7.0);
            ejml.timesTransposed(x, W, want);
            simd.timesTransposed(x, W, got);
            KernelAgreement.assertClose(what + " x Wᵀ", want, got);
            // Σ_b x_bᵀ y_b: x [n, M, K], y [n, M, N]
            attnlab.tensor.Tensor a = attnlab.tensor.Tensor.randn(rng, s[0], s[1], s[2]);
            attnlab.tensor.Tensor y = attnlab.tensor.Tensor.randn(rng, s[0], s[1], s[3]);
            attnlab.tensor.Tensor sum = attnlab.tensor.Tensor.zeros(s[2], s[3]).fill(7.0);
            attnlab.tensor.Tensor sumGot = attnlab.tensor.Tensor.zeros(s[2], s[3]).fill(7.0);
            ejml.transposedTimes(a, y, sum);
            simd.transposedTimes(a, y, sumGot);
            KernelAgreement.assertClose(what + " Σ xᵀ y", sum, sumGot);
        }
    }

    @Test
    void timesHeadsAgreesWithTimesThenSplit() {
        java.util.Random rng = new java.util.Random(6);
        AttentionKernel simd = Kernels.simd();
        int[][] shapes = {{2, 67, 40, 64, 2}, {1, 13, 9, 96, 3}, {3, 8, 16, 32, 2}, {2, 21, 12, 30, 5}, {1, 5, 7, 16, 1}};
        for (int[] s : shapes) { // batch, L, K, N, heads (the first three: heads a multiple of 16 wide; then not)
            attnlab.tensor.Tensor x = attnlab.tensor.Tensor.randn(rng, s[0], s[1], s[2]);
            attnlab.tensor.Tensor W = attnlab.tensor.Tensor.randn(rng, s[2], s[3]);
            attnlab.tensor.Tensor full = attnlab.tensor.Tensor.zeros(s[0], s[1], s[3]);
            new ScalarAttentionKernel().times(x, W, full);
            attnlab.tensor.Tensor got = attnlab.tensor.Tensor.zeros(s[0] * s[4], s[1], s[3] / s[4]).fill(7.0);
            simd.timesHeads(x, W, s[4], got);
            KernelAgreement.assertClose(java.util.Arrays.toString(s),
                    Heads.split(full, s[4]).view(s[0] * s[4], s[1], s[3] / s[4]), got);
        }
    }
}
