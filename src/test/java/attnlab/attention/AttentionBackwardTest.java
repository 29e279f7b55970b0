package attnlab.attention;

import attnlab.grad.Backward;
import attnlab.grad.GradCheck;
import attnlab.grad.GradReport;
import attnlab.grad.TensorFunction;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class AttentionBackwardTest {
    static final double NEG_INF = Double.NEGATIVE_INFINITY;

    // ------------------------------------------------------------------ gradient checks over a sweep of shapes

    static Stream<Arguments> sweep() {
        return Stream.of(
                // name, lead shape, Lq, Lk, d_k, d_v, mask
                Arguments.of("square, no mask", new int[] {2}, 4, 4, 3, 3, null),
                Arguments.of("Lq < Lk", new int[] {2}, 2, 5, 3, 3, null),
                Arguments.of("Lq > Lk", new int[] {1}, 5, 2, 4, 4, null),
                Arguments.of("one query token", new int[] {2}, 1, 4, 3, 2, null),
                Arguments.of("one key token", new int[] {2}, 3, 1, 3, 2, null),
                Arguments.of("one token each", new int[] {1}, 1, 1, 2, 3, null),
                Arguments.of("d_v != d_k", new int[] {2}, 3, 4, 2, 5, null),
                Arguments.of("rank 2 (one sequence)", new int[] {}, 3, 4, 3, 2, null),
                Arguments.of("rank 4 [B, H, L, d]", new int[] {2, 2}, 3, 3, 2, 2, null),
                Arguments.of("causal", new int[] {2}, 4, 4, 3, 3, Masks.causal(4)),
                Arguments.of("causal bottom-right, Lq < Lk", new int[] {2}, 2, 5, 3, 2,
                        Masks.causal(2, 5, Alignment.BOTTOM_RIGHT)),
                Arguments.of("padding [B, Lq, Lk]", new int[] {3}, 3, 4, 3, 2, Masks.padding(new int[] {4, 2, 1}, 3, 4)),
                Arguments.of("strict causal: row 0 fully blocked", new int[] {2}, 4, 4, 3, 3, Masks.strictCausal(4)),
                Arguments.of("bottom-right Lq > Lk: rows 0-2 fully blocked", new int[] {1}, 5, 2, 3, 3,
                        Masks.causal(5, 2, Alignment.BOTTOM_RIGHT)),
                Arguments.of("padding with a zero-length entry", new int[] {2}, 2, 3, 2, 2,
                        Masks.padding(new int[] {0, 3}, 2, 3)),
                Arguments.of("finite bias mask plus -inf", new int[] {1}, 3, 3, 2, 2,
                        Tensor.parse("0.5 -1 -inf; 0 2 0.25; -inf -inf 1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sweep")
    void backwardPassesGradcheck(String name, int[] lead, int lq, int lk, int dk, int dv, Tensor mask) {
        Random rng = new Random(name.hashCode());
        Tensor Q = Tensor.randn(rng, shape(lead, lq, dk)), K = Tensor.randn(rng, shape(lead, lk, dk)),
                V = Tensor.randn(rng, shape(lead, lk, dv));
        for (double scale : new double[] {Double.NaN, 0.7}) {
            GradReport r = GradCheck.options().names("Q", "K", "V")
                    .check(function(mask, scale), backward(mask, scale), Q, K, V);
            assertTrue(r.passed(), () -> name + "\n" + r);
            assertTrue(r.maxAbsError() < 1e-8, () -> name + "\n" + r);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sweep")
    void kernelMatchesAnIndependentEjmlComposition(String name, int[] lead, int lq, int lk, int dk, int dv,
                                                   Tensor mask) {
        Random rng = new Random(~name.hashCode());
        Tensor Q = Tensor.randn(rng, shape(lead, lq, dk)), K = Tensor.randn(rng, shape(lead, lk, dk)),
                V = Tensor.randn(rng, shape(lead, lk, dv));
        Attention.Result cache = Attention.forward(Q, K, V, mask, Double.NaN);
        Tensor dO = Tensor.randn(rng, cache.out().shape());
        Attention.Grads g = Attention.backward(dO, cache);
        Attention.Grads ref = reference(dO, cache, false, false);
        assertEquals(0, g.dQ().maxAbsDiff(ref.dQ()), 1e-13);
        assertEquals(0, g.dK().maxAbsDiff(ref.dK()), 1e-13);
        assertEquals(0, g.dV().maxAbsDiff(ref.dV()), 1e-13);
    }

    // ------------------------------------------------------------------ the checker catches wrong backwards

    @Test
    void droppingTheRowsumTermFailsAtQAndK() {
        Random rng = new Random(11);
        Tensor Q = Tensor.randn(rng, 2, 3, 4), K = Tensor.randn(rng, 2, 5, 4), V = Tensor.randn(rng, 2, 5, 3);
        GradReport r = GradCheck.options().names("Q", "K", "V").check(function(null, Double.NaN),
                (dO, x) -> grads(reference(dO, Attention.forward(x[0], x[1], x[2], null, Double.NaN), true, false)),
                Q, K, V);
        assertFalse(r.passed(), r::toString);
        assertFalse(r.inputs().get(0).passed(), r::toString);
        assertFalse(r.inputs().get(1).passed(), r::toString);
        assertTrue(r.inputs().get(2).passed(), r::toString); // dV does not use the softmax backward
        assertTrue(r.worstName().equals("Q") || r.worstName().equals("K"), r::toString);
    }

    @Test
    void forgettingTheScaleInDkFailsAtK() {
        Random rng = new Random(12);
        Tensor Q = Tensor.randn(rng, 2, 3, 4), K = Tensor.randn(rng, 2, 5, 4), V = Tensor.randn(rng, 2, 5, 3);
        GradReport r = GradCheck.options().names("Q", "K", "V").check(function(null, Double.NaN),
                (dO, x) -> grads(reference(dO, Attention.forward(x[0], x[1], x[2], null, Double.NaN), false, true)),
                Q, K, V);
        assertFalse(r.passed(), r::toString);
        assertEquals("K", r.worstName(), r::toString);
        assertEquals(1, r.worstInput());
        assertTrue(r.inputs().get(0).passed() && r.inputs().get(2).passed(), r::toString);
        assertEquals(2.0, r.analytical() / r.numerical(), 1e-6, r::toString); // 1/scale = √4
    }

    // ------------------------------------------------------------------ hand-derived and golden cases

    @Test
    void handDerivedOneQueryTwoKeys() {
        // q = 1, k = [ln 3, 0], scale 1: S = [ln 3, 0], P = [3/4, 1/4]; V = [1, 0]: O = 3/4; dO = 1
        // dV = Pᵀ dO = [3/4, 1/4]; dP = dO Vᵀ = [1, 0]; D = dO·O = 3/4; dS = P ∘ (dP − D) = [3/16, −3/16]
        // dQ = dS K = 3/16 · ln 3; dK = dSᵀ q = [3/16, −3/16]
        double ln3 = Math.log(3);
        Attention.Result c = Attention.forward(Tensor.parse("1"), Tensor.parse("" + ln3 + "; 0"),
                Tensor.parse("1; 0"), null, 1.0);
        Attention.Grads g = Attention.backward(Tensor.parse("1"), c);
        assertEquals(0.75, c.out().get(0, 0), 1e-15);
        assertEquals(3.0 / 16 * ln3, g.dQ().get(0, 0), 1e-15);
        assertEquals(3.0 / 16, g.dK().get(0, 0), 1e-15);
        assertEquals(-3.0 / 16, g.dK().get(1, 0), 1e-15);
        assertEquals(0.75, g.dV().get(0, 0), 1e-15);
        assertEquals(0.25, g.dV().get(1, 0), 1e-15);
    }

    @Test
    void matchesNumPyFloat64Golden() {
        // Golden numbers printed by this NumPy 2.4 float64 script (no PyTorch on the machine):
        //   Q = np.array([[0.5, -1.0], [1.5, 0.25]]); K = np.array([[1.0, 0.5], [-0.5, 2.0], [0.25, -1.0]])
        //   V = np.array([[1.0, -2.0, 0.5], [0.0, 1.0, 3.0], [-1.5, 0.5, 2.0]])
        //   M = np.array([[0.0, 0.0, -np.inf], [0.0, 0.0, 0.0]]); dO = np.array([[1.0, 0.5, -1.0], [-0.5, 2.0, 0.25]])
        //   s = 1/np.sqrt(2); S = s * Q @ K.T + M
        //   P = np.exp(S - S.max(1, keepdims=True)); P /= P.sum(1, keepdims=True); O = P @ V
        //   dV = P.T @ dO; dP = dO @ V.T; D = (dO * O).sum(1, keepdims=True); dS = P * (dP - D)
        //   dQ = s * dS @ K; dK = s * dS.T @ Q; print(repr(dQ.tolist())) ...
        Attention.Result c = Attention.forward(Tensor.parse("0.5 -1; 1.5 0.25"), Tensor.parse("1 0.5; -0.5 2; 0.25 -1"),
                Tensor.parse("1 -2 0.5; 0 1 3; -1.5 0.5 2"), Tensor.parse("0 0 -inf; 0 0 0"), Double.NaN);
        Attention.Grads g = Attention.backward(Tensor.parse("1 0.5 -1; -0.5 2 0.25"), c);
        assertClose(new double[][] {{0.8307553797708799, -1.4922661393126397, 0.9231115505728},
                {0.29821070238477115, -0.9686637190381647, 1.2341432127484133}}, c.out());
        assertClose(new double[][] {{0.29825950442029747, -0.2982595044202976},
                {-1.2501855769246273, -0.12636741578024502}}, g.dQ());
        assertClose(new double[][] {{-1.6096167396861525, -0.4836790986956847},
                {0.6919147445495708, 0.33072876617292113}, {0.9177019951365817, 0.1529503325227636}}, g.dK());
        assertClose(new double[][] {{0.5205452867959166, 1.656218061785293, -0.6756503332833983},
                {0.08685787439246845, 0.4141692934611664, -0.12805124731079426},
                {-0.10740316118838512, 0.4296126447535405, 0.05370158059419256}}, g.dV());
    }

    @Test
    void blockedKeysGetExactlyZeroGradientAndNaNDoesNotLeak() {
        // key 2 is blocked for every query and holds NaN in K and V
        Tensor Q = Tensor.parse("1 2; -1 0.5"), K = Tensor.parse("0.5 1; 2 -1; nan nan"),
                V = Tensor.parse("1 2; 3 4; nan nan"), mask = Tensor.parse("0 0 -inf; 0 0 -inf");
        Attention.Result c = Attention.forward(Q, K, V, mask, Double.NaN);
        Attention.Grads g = Attention.backward(Tensor.parse("1 -1; 0.5 2"), c);
        for (Tensor t : new Tensor[] {g.dQ(), g.dK(), g.dV()})
            for (double x : t.matrix().data) assertFalse(Double.isNaN(x), t::toString);
        assertEquals(0.0, g.dK().get(2, 0));
        assertEquals(0.0, g.dK().get(2, 1));
        assertEquals(0.0, g.dV().get(2, 0));
        assertEquals(0.0, g.dV().get(2, 1));
    }

    @Test
    void aFullyBlockedRowGetsZeroGradient() {
        Random rng = new Random(13);
        Tensor Q = Tensor.randn(rng, 3, 2), K = Tensor.randn(rng, 3, 2), V = Tensor.randn(rng, 3, 2);
        Attention.Result c = Attention.forward(Q, K, V, Masks.strictCausal(3), Double.NaN); // row 0 fully blocked
        Tensor dO = Tensor.randn(rng, 3, 2);
        Attention.Grads g = Attention.backward(dO, c);
        assertEquals(0.0, g.dQ().get(0, 0));
        assertEquals(0.0, g.dQ().get(0, 1));
        // dO of row 0 does not matter at all
        Tensor dO2 = dO.copy().set(0, 0, 0, 1e6).set(0, 0, 1, Double.NaN);
        Attention.Grads g2 = Attention.backward(dO2, c);
        assertEquals(0.0, g.dK().maxAbsDiff(g2.dK()));
        assertEquals(0.0, g.dV().maxAbsDiff(g2.dV()));
        assertEquals(0.0, g.dQ().maxAbsDiff(g2.dQ()));
    }

    @Test
    void zeroLengthsGiveZeroAndEmptyGradients() {
        Random rng = new Random(14);
        // Lk = 0: every row has no key, so zero output and dQ = 0; dK, dV are empty
        Attention.Result c = Attention.forward(Tensor.randn(rng, 2, 3, 4), Tensor.zeros(2, 0, 4), Tensor.zeros(2, 0, 5),
                null, Double.NaN);
        Attention.Grads g = Attention.backward(Tensor.randn(rng, 2, 3, 5), c);
        assertEquals(0.0, g.dQ().maxAbsDiff(Tensor.zeros(2, 3, 4)));
        assertArrayEquals(new int[] {2, 0, 5}, g.dV().shape());
        // Lq = 0: no query, so no gradient reaches K or V
        c = Attention.forward(Tensor.zeros(2, 0, 4), Tensor.randn(rng, 2, 3, 4), Tensor.randn(rng, 2, 3, 5), null,
                Double.NaN);
        g = Attention.backward(Tensor.zeros(2, 0, 5), c);
        assertEquals(0.0, g.dK().maxAbsDiff(Tensor.zeros(2, 3, 4)));
        assertEquals(0.0, g.dV().maxAbsDiff(Tensor.zeros(2, 3, 5)));
    }

    @Test
    void gradsPrintAllThree() {
        Attention.Result c = Attention.forward(Tensor.parse("1"), Tensor.parse("1"), Tensor.parse("2"), null, 1.0);
        assertEquals("dQ = Tensor [1, 1]\n[[0.]]\ndK = Tensor [1, 1]\n[[0.]]\ndV = Tensor [1, 1]\n[[3.]]",
                Attention.backward(Tensor.parse("3"), c).toString());
    }

    @Test
    void badArgumentsAreNamed() {
        Attention.Result c = Attention.forward(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 4), Tensor.zeros(2, 5, 6),
                null, Double.NaN);
        assertMessage("dO has shape [2, 3, 4] but the output O has shape [2, 3, 6]",
                () -> Attention.backward(Tensor.zeros(2, 3, 4), c));
        assertMessage("dO must not be null", () -> Attention.backward(null, c));
        assertMessage("cache must not be null", () -> Attention.backward(Tensor.zeros(2, 3, 6), null));
        Attention.Result noWeights = new Attention.Result(c.out(), null, c.scale(), c.Q(), c.K(), c.V(), null);
        assertMessage("cache has no weights: pass the Result of Attention.forward",
                () -> Attention.backward(Tensor.zeros(2, 3, 6), noWeights));
    }

    // ------------------------------------------------------------------ helpers

    static TensorFunction function(Tensor mask, double scale) {
        return x -> Attention.attention(x[0], x[1], x[2], mask, scale);
    }

    static Backward backward(Tensor mask, double scale) {
        return (dO, x) -> grads(Attention.backward(dO, Attention.forward(x[0], x[1], x[2], mask, scale)));
    }

    static Tensor[] grads(Attention.Grads g) {
        return new Tensor[] {g.dQ(), g.dK(), g.dV()};
    }

    /**
     * An independent backward composed from EJML ops on each slice, with switches that plant the two classic bugs:
     * dropping the rowsum term of the softmax backward, and forgetting the scale in dK.
     */
    static Attention.Grads reference(Tensor dO, Attention.Result c, boolean dropRowsum, boolean noScaleInDk) {
        Tensor dQ = Tensor.zeros(c.Q().shape()), dK = Tensor.zeros(c.K().shape()), dV = Tensor.zeros(c.V().shape());
        for (int b = 0; b < c.Q().batch(); b++) {
            DMatrixRMaj P = c.weights().slice(b), g = dO.slice(b);
            CommonOps_DDRM.multTransA(P, g, dV.slice(b));                                 // dV = Pᵀ dO
            DMatrixRMaj dP = new DMatrixRMaj(P.numRows, P.numCols);
            CommonOps_DDRM.multTransB(g, c.V().slice(b), dP);                             // dP = dO Vᵀ
            DMatrixRMaj dS = new DMatrixRMaj(P.numRows, P.numCols);
            for (int i = 0; i < P.numRows; i++) {
                double d = 0;                                                             // D = rowsum(dP ∘ P)
                for (int j = 0; j < P.numCols; j++) d += P.get(i, j) * dP.get(i, j);
                if (dropRowsum) d = 0;
                for (int j = 0; j < P.numCols; j++) dS.set(i, j, P.get(i, j) * (dP.get(i, j) - d));
            }
            CommonOps_DDRM.mult(c.scale(), dS, c.K().slice(b), dQ.slice(b));             // dQ = s dS K
            CommonOps_DDRM.multTransA(noScaleInDk ? 1.0 : c.scale(), dS, c.Q().slice(b), dK.slice(b)); // dK = s dSᵀ Q
        }
        return new Attention.Grads(dQ, dK, dV);
    }

    static int[] shape(int[] lead, int rows, int cols) {
        return Attention.concat(lead, rows, cols);
    }

    static void assertClose(double[][] expected, Tensor actual) {
        for (int i = 0; i < expected.length; i++)
            for (int j = 0; j < expected[i].length; j++)
                assertEquals(expected[i][j], actual.get(i, j), 1e-12 * Math.max(1, Math.abs(expected[i][j])),
                        "entry [" + i + ", " + j + "]");
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
