package attnlab.grad;

import attnlab.attention.Softmax;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class GradCheckTest {

    // f(A, B) = A B for rank-2 A [n, m], B [m, p]; backward: dA = dOut Bᵀ, dB = Aᵀ dOut
    static final TensorFunction MATMUL = x -> {
        DMatrixRMaj c = new DMatrixRMaj(x[0].rows(), x[1].cols());
        CommonOps_DDRM.mult(x[0].matrix(), x[1].matrix(), c);
        return Tensor.of(c);
    };
    static final Backward MATMUL_BACKWARD = (dOut, x) -> {
        DMatrixRMaj dA = new DMatrixRMaj(x[0].rows(), x[0].cols()), dB = new DMatrixRMaj(x[1].rows(), x[1].cols());
        CommonOps_DDRM.multTransB(dOut.matrix(), x[1].matrix(), dA);
        CommonOps_DDRM.multTransA(x[0].matrix(), dOut.matrix(), dB);
        return new Tensor[] {Tensor.of(dA), Tensor.of(dB)};
    };

    @Test
    void correctBackwardPasses() {
        Random rng = new Random(1);
        GradReport r = GradCheck.check(MATMUL, MATMUL_BACKWARD, Tensor.randn(rng, 3, 4), Tensor.randn(rng, 4, 2));
        assertTrue(r.passed(), r::toString);
        assertTrue(r.maxAbsError() < 1e-8, r::toString);
        assertTrue(r.toString().startsWith("gradcheck OK"), r::toString);
    }

    @Test
    void wrongBackwardFailsAtTheRightInput() {
        Random rng = new Random(2);
        Backward wrong = (dOut, x) -> {
            Tensor[] g = MATMUL_BACKWARD.apply(dOut, x);
            return new Tensor[] {g[0], g[1].times(2)}; // dB twice too large
        };
        GradReport r = GradCheck.options().names("A", "B")
                .check(MATMUL, wrong, Tensor.randn(rng, 3, 4), Tensor.randn(rng, 4, 2));
        assertFalse(r.passed(), r::toString);
        assertEquals(1, r.worstInput());
        assertEquals("B", r.worstName());
        assertTrue(r.inputs().get(0).passed(), r::toString);
        assertFalse(r.inputs().get(1).passed(), r::toString);
        assertEquals(2.0, r.analytical() / r.numerical(), 1e-6, r::toString);
        assertTrue(r.toString().startsWith("gradcheck NOT OK"), r::toString);
        assertTrue(r.toString().contains("worst: B["), r::toString);
    }

    @Test
    void softmaxBackwardPassesAndDroppingTheRowsumFails() {
        Random rng = new Random(3);
        Tensor s = Tensor.randn(rng, 2, 3, 5);
        TensorFunction f = x -> Softmax.forward(x[0]);
        GradReport ok = GradCheck.check(f, (dP, x) -> new Tensor[] {Softmax.backward(dP, Softmax.forward(x[0]))}, s);
        assertTrue(ok.passed(), ok::toString);
        // P ∘ dP without the rowsum term
        Backward noRowsum = (dP, x) -> {
            Tensor p = Softmax.forward(x[0]), g = Tensor.zeros(p.shape());
            for (int b = 0; b < p.batch(); b++)
                for (int e = 0; e < 15; e++) g.slice(b).data[e] = p.slice(b).data[e] * dP.slice(b).data[e];
            return new Tensor[] {g};
        };
        assertFalse(GradCheck.check(f, noRowsum, s).passed());
    }

    @Test
    void numericalGradientOfKnownFunctions() {
        // f(x) = Σ x² has gradient 2x; central differences are exact for quadratics up to rounding
        Tensor x = Tensor.parse("1 -2; 0.5 3");
        Tensor[] g = GradCheck.gradient(in -> {
            double s = 0;
            for (double v : in[0].matrix().data) s += v * v;
            return Tensor.of(new double[][] {{s}});
        }, x);
        assertEquals(0, g[0].maxAbsDiff(x.times(2)), 1e-8);
        // with a probe: L = Σ (3x) ⊙ dOut has gradient 3·dOut
        Tensor dOut = Tensor.parse("1 2; 3 4");
        Tensor[] h = GradCheck.numerical(in -> in[0].times(3), dOut, x);
        assertEquals(0, h[0].maxAbsDiff(dOut.times(3)), 1e-8);
    }

    @Test
    void inputsAreRestoredBitForBit() {
        Random rng = new Random(4);
        Tensor a = Tensor.randn(rng, 3, 4), b = Tensor.randn(rng, 4, 2);
        Tensor a0 = a.copy(), b0 = b.copy();
        GradCheck.check(MATMUL, MATMUL_BACKWARD, a, b);
        assertArrayEquals(a0.matrix().data, a.matrix().data);
        assertArrayEquals(b0.matrix().data, b.matrix().data);
    }

    @Test
    void plainEjmlMatricesWork() {
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{1, 2}, {3, 4}}), b = new DMatrixRMaj(new double[][] {{0.5}, {-1}});
        assertTrue(GradCheck.check(MATMUL, MATMUL_BACKWARD, GradCheck.inputs(a, b)).passed());
    }

    @Test
    void nanInTheAnalyticalGradientFails() {
        Backward nan = (dOut, x) -> {
            Tensor[] g = MATMUL_BACKWARD.apply(dOut, x);
            g[0].set(0, 1, 1, Double.NaN);
            return g;
        };
        GradReport r = GradCheck.check(MATMUL, nan, Tensor.randn(new Random(5), 2, 2), Tensor.randn(new Random(6), 2, 2));
        assertFalse(r.passed());
        assertEquals("input0[1, 1]", r.worst());
    }

    @Test
    void aFunctionReturningNaNPrintsNanForBothErrors() {
        TensorFunction nan = x -> MATMUL.apply(x).times(Double.NaN); // every output NaN: so is every difference
        Tensor a = Tensor.randn(new Random(11), 2, 3), b = Tensor.randn(new Random(12), 3, 2);
        GradReport r = GradCheck.check(nan, MATMUL_BACKWARD, a, b);
        assertFalse(r.passed());
        assertTrue(Double.isNaN(r.maxAbsError()), r::toString);
        assertTrue(Double.isNaN(r.maxRelError()), r::toString);
        for (GradReport.InputResult in : r.inputs()) {
            assertTrue(Double.isNaN(in.maxAbsError()) && Double.isNaN(in.maxRelError()), r::toString);
        }
        assertTrue(r.toString().contains("  input0  [2, 3]  NOT OK  max abs error nan  max rel error nan\n"), r::toString);
        assertTrue(r.toString().contains("  input1  [3, 2]  NOT OK  max abs error nan  max rel error nan\n"), r::toString);
    }

    @Test
    void aNaNAnalyticalEntryWhereTheNumericalIsTinyMakesTheRelativeErrorNan() {
        Backward nanAtZero = (dOut, x) -> {
            Tensor[] g = MATMUL_BACKWARD.apply(dOut, x);
            g[0].set(0, 0, 0, Double.NaN);
            return g;
        };
        // input0 row 0 of B's partner is zero: d/dA[0][0] = dOut[0] . B[0] with B[0] = 0, so |numerical| <= atol
        Tensor a = Tensor.randn(new Random(13), 2, 2), b = Tensor.parse("0 0; 1 2");
        GradReport r = GradCheck.check(MATMUL, nanAtZero, a, b);
        assertTrue(Double.isNaN(r.inputs().get(0).maxRelError()), r::toString);
        assertFalse(Double.isNaN(r.inputs().get(1).maxRelError()), r::toString);
        assertTrue(Double.isNaN(r.maxRelError()), r::toString);
    }

    @Test
    void toleranceSettingsAreUsed() {
        Backward slightlyOff = (dOut, x) -> {
            Tensor[] g = MATMUL_BACKWARD.apply(dOut, x);
            return new Tensor[] {g[0].times(1 + 1e-4), g[1]};
        };
        Tensor a = Tensor.randn(new Random(7), 2, 3), b = Tensor.randn(new Random(8), 3, 2);
        assertTrue(GradCheck.check(MATMUL, slightlyOff, a, b).passed()); // within rtol 1e-3
        assertFalse(GradCheck.check(MATMUL, slightlyOff, 1e-6, 1e-9, 1e-6, a, b).passed());
    }

    @Test
    void reportPrintsExactly() {
        GradReport r = new GradReport(false, 0.25, 0.5, 1, "K", new int[] {0, 1, 2}, 0.1, 0.35, 1e-6, 1e-5, 1e-3,
                java.util.List.of(new GradReport.InputResult("Q", new int[] {1, 2, 3}, true, 1e-11, 2e-10),
                        new GradReport.InputResult("K", new int[] {1, 4, 3}, false, 0.25, 0.5)));
        assertEquals("gradcheck NOT OK (eps 1.0000e-06, atol 1.0000e-05, rtol 0.0010)\n"
                + "  Q  [1, 2, 3]  OK      max abs error 1.0000e-11  max rel error 2.0000e-10\n"
                + "  K  [1, 4, 3]  NOT OK  max abs error 0.2500  max rel error 0.5000\n"
                + "  worst: K[0, 1, 2]  numerical 0.100000000000  analytical 0.350000000000", r.toString());
        assertEquals("0.500000000000", GradReport.precise(0.5));
        assertEquals("-1.23456789012e-07", GradReport.precise(-1.23456789012345e-7));
        assertEquals("1.00000000000e+06", GradReport.precise(1e6));
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor a = Tensor.randn(new Random(9), 2, 3), b = Tensor.randn(new Random(10), 3, 2);
        assertMessage("backward returned 1 gradient(s) but there are 2 input(s)",
                () -> GradCheck.check(MATMUL, (d, x) -> new Tensor[] {a}, a, b));
        assertMessage("backward's gradient for input1 has shape [2, 3] but input1 has shape [3, 2]",
                () -> GradCheck.check(MATMUL, (d, x) -> new Tensor[] {a.copy(), a.copy()}, a, b));
        assertMessage("inputs[0] and inputs[1] share data: pass a copy (x.copy()) so that each input gets its own"
                + " gradient", () -> GradCheck.check(MATMUL, MATMUL_BACKWARD, a, a));
        assertMessage("names has 1 entries but there are 2 inputs",
                () -> GradCheck.options().names("A").check(MATMUL, MATMUL_BACKWARD, a, b));
        assertMessage("eps must be finite and > 0 but was 0.", () -> GradCheck.options().eps(0));
        assertMessage("inputs is empty: give at least one tensor", () -> GradCheck.gradient(x -> a));
        assertMessage("f returned null: it must return a tensor", () -> GradCheck.gradient(x -> null, a));
        assertMessage("f returned shape [2, 2] but dOut has shape [1, 1]",
                () -> GradCheck.numerical(MATMUL, Tensor.zeros(1, 1), a, b));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }
}
