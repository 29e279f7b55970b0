package attnlab.attention;

import attnlab.grad.GradCheck;
import attnlab.grad.GradReport;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class MultiHeadAttentionTest {

    // ------------------------------------------------------------------ construction and parameters

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void parameterCountIsFourDSquaredForAnyHeadCount(int heads) {
        MultiHeadAttention m = new MultiHeadAttention(8, heads);
        assertEquals(4 * 8 * 8, m.parameterCount());
        int total = 0;
        for (Tensor w : m.parameters()) total += w.size();
        assertEquals(m.parameterCount(), total);
        assertEquals(8 / heads, m.dHead());
    }

    @Test
    void weightsAreRandnTimesPointZeroTwoInSheetOrder() {
        MultiHeadAttention m = new MultiHeadAttention(4, 2, 42);
        Random rng = new Random(42);
        for (Tensor w : new Tensor[] {m.W_q(), m.W_k(), m.W_v(), m.W_o()})
            assertEquals(0, w.maxAbsDiff(Tensor.randn(rng, 4, 4).times(0.02)));
        assertNotEquals(0, m.W_q().maxAbsDiff(new MultiHeadAttention(4, 2, 43).W_q()));
        assertEquals("MultiHeadAttention(dModel=4, nHeads=2, dHead=2, parameters=64)", m.toString());
    }

    // ------------------------------------------------------------------ forward against plain attention

    @Test
    void oneHeadEqualsPlainAttentionOnProjectedInputs() {
        Random rng = new Random(1);
        MultiHeadAttention m = new MultiHeadAttention(6, 1, 3);
        Tensor x = Tensor.randn(rng, 2, 4, 6), mask = Masks.causal(4);
        Tensor y = m.forward(x, mask);
        Tensor o = Attention.attention(Heads.times(x, m.W_q()), Heads.times(x, m.W_k()), Heads.times(x, m.W_v()),
                mask, 1 / Math.sqrt(6));
        assertEquals(0, y.maxAbsDiff(Heads.times(o, m.W_o())), 1e-15);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 6})
    void headsOneAtATimeEqualTheBatchedComputation(int nHeads) {
        Random rng = new Random(nHeads);
        MultiHeadAttention m = new MultiHeadAttention(6, nHeads, 5);
        Tensor xq = Tensor.randn(rng, 2, 3, 6), xkv = Tensor.randn(rng, 2, 5, 6);
        Tensor mask = Masks.padding(new int[] {5, 2}, 3, 5);
        Tensor y = m.forward(xq, xkv, mask);
        int dk = 6 / nHeads;
        for (int b = 0; b < 2; b++) {
            DMatrixRMaj q = mult(xq.slice(b), m.W_q()), k = mult(xkv.slice(b), m.W_k()), v = mult(xkv.slice(b), m.W_v());
            DMatrixRMaj concat = new DMatrixRMaj(3, 6);
            for (int h = 0; h < nHeads; h++) {
                int c0 = h * dk, c1 = c0 + dk;
                Attention.Result r = Attention.forward(Tensor.of(CommonOps_DDRM.extract(q, 0, 3, c0, c1)),
                        Tensor.of(CommonOps_DDRM.extract(k, 0, 5, c0, c1)),
                        Tensor.of(CommonOps_DDRM.extract(v, 0, 5, c0, c1)), Tensor.of(mask.slice(b)), Double.NaN);
                CommonOps_DDRM.insert(r.out().matrix(), concat, 0, c0);
                assertEquals(0, Tensor.of(m.weights().slice(b * nHeads + h)).maxAbsDiff(r.weights()), 1e-15);
            }
            assertEquals(0, Tensor.of(y.slice(b)).maxAbsDiff(Tensor.of(mult(concat, m.W_o()))), 1e-15);
        }
        assertArrayEquals(new int[] {2, nHeads, 3, 5}, m.weights().shape());
    }

    @Test
    void matchesPyTorchMathViaInProjWeight() {
        // Golden numbers from NumPy 2.4 float64 following torch.nn.functional.multi_head_attention_forward with zero
        // biases (F.linear(x, W) = x Wᵀ); script:
        //   q = xq @ Win[0:E].T; k = xkv @ Win[E:2E].T; v = xkv @ Win[2E:].T; hd = E // H
        //   per head h: s = q[:, h] @ k[:, h].T / np.sqrt(hd); p = softmax rows of s; o_h = p @ v[:, h]
        //   y = np.concatenate(o_h, 1) @ Wout.T; print(repr(y.tolist()))
        Tensor xq = Tensor.parse("0.0 0.3 -0.27 -0.89; -0.45 -0.99 0.06 1.34; -0.49 -0.62 0.49 0.36");
        Tensor xkv = Tensor.parse("0.11 -0.93 -0.03 0.7; -1.34 -0.46 -1.9 -1.29");
        Tensor win = Tensor.parse("-0.92 -0.12 -0.63 0.14; 0.08 -0.09 -1.26 -0.27; -0.02 0.06 -0.77 -0.24;"
                + " -0.49 -0.4 0.53 -0.4; -0.02 0.44 -0.29 -0.06; 0.06 0.03 -0.61 0.04; 0.68 -0.77 0.43 0.06;"
                + " -0.32 1.0 0.38 -0.6; 0.04 0.29 -0.09 0.34; -0.03 0.33 0.72 -0.34; 0.1 -0.23 0.06 -0.59;"
                + " -0.29 -0.1 0.45 0.57");
        Tensor wout = Tensor.parse("-0.66 -0.4 0.32 -1.0; -0.23 -0.05 0.63 0.34; -0.16 -0.18 -0.13 0.76;"
                + " -0.21 -0.15 0.18 -0.06");
        MultiHeadAttention m = new MultiHeadAttention(4, 2).setFromPyTorch(win, wout);
        assertEquals(-0.92, m.W_q().get(0, 0));
        assertEquals(0.08, m.W_q().get(0, 1)); // W_q = in_proj_weight[0:4]ᵀ
        assertEquals(-0.23, m.W_o().get(0, 1)); // W_o = out_proj.weightᵀ
        assertEquals(0, m.inProjWeight().maxAbsDiff(win));
        double[][] expected = {{0.6727606296021789, 0.12707461764526287, 0.09740758152095813, 0.21070299140930648},
                {1.27015288084156, 0.10842066785942914, -0.35456632783136854, 0.2827242584726257},
                {1.4268146667112749, 0.08968674031575548, -0.5246383274615103, 0.29111508347261644}};
        assertClose(expected, m.forward(xq, xkv, null));
        // backward, same script continued with the chain of numerics §5 in the toolkit convention W = weightᵀ:
        //   dWo = C.T @ dY; dC = dY @ Wo.T; per head: dV = p.T @ dO; dP = dO @ V.T; D = (dO * O).sum(1); dS = p*(dP-D)
        //   dQ = dS @ K / sqrt(hd); dK = dS.T @ Q / sqrt(hd); dWq = xq.T @ dQ; dXq = dQ @ Wq.T; dXkv = dK @ Wk.T + dV @ Wv.T
        MultiHeadAttention.Grads g = m.backward(Tensor.parse("-0.2 -1.11 -0.01 -0.44; 1.17 0.65 -0.02 0.67;"
                + " -0.34 1.05 -0.01 0.58"));
        assertClose(new double[][] {{0.08304798102740833, 0.05843818327764445, -0.07849593793094756,
                0.008770211009697831}, {-0.3280214999031843, -0.27615601885368835, 0.6570599026724125,
                -0.026046566947463747}, {0.030044278975201625, 0.038866106443404, -0.16406473012877365,
                -0.00018698430403899885}}, g.dXq());
        assertClose(new double[][] {{0.17023931347439927, -0.26467141236965164, -0.20335813836155273,
                -0.13057913200978732}, {0.03289268652560065, -0.1890995876303482, -0.20257186163844715,
                -0.6951418679902124}}, g.dXkv());
        assertClose(new double[][] {{-0.056796245468999355, -0.062535988604418, 0.29967564339469804,
                -0.1870037232313309}, {-0.13458018223376128, -0.1481806530177191, 0.7665916765551439,
                -0.4783688660514489}, {0.023985722220053785, 0.026409683228810193, -0.02599453454814615,
                0.016221120572573005}, {0.20009442835927677, 0.2203156703115736, -1.176414391621351,
                0.7341066120824615}}, g.dW_q());
        assertClose(new double[][] {{-0.17481219767152031, -0.07093339064226255, 0.01001476496360934,
                -0.16788176434024396}, {-0.5335527207972565, -0.39800715551310256, 0.03268803825779702,
                -0.6236699910630766}, {0.252906896565911, 0.6138426953041375, -0.012832888763633981,
                0.46903481507009437}, {-0.4566824122991582, -1.1745419112089757, 0.022607325996501886,
                -0.872179158119204}}, g.dW_o());
    }

    private static void assertClose(double[][] expected, Tensor actual) {
        for (int i = 0; i < expected.length; i++)
            for (int j = 0; j < expected[i].length; j++)
                assertEquals(expected[i][j], actual.get(i, j), 1e-12 * Math.abs(expected[i][j]), "[" + i + ", " + j + "]");
    }

    // ------------------------------------------------------------------ backward

    static Stream<Arguments> gradSweep() {
        return Stream.of(
                Arguments.of("self, [B, L, D], 2 heads", 2, new int[] {2, 3, 4}, null, null),
                Arguments.of("self, [L, D], 4 heads, causal", 4, new int[] {4, 4}, null, Masks.causal(4)),
                Arguments.of("self, one token, 1 head", 1, new int[] {2, 1, 4}, null, null),
                Arguments.of("self, strict causal (fully blocked row)", 2, new int[] {1, 3, 4}, null,
                        Masks.strictCausal(3)),
                Arguments.of("cross, Lq < Lk, padding", 2, new int[] {2, 2, 4}, new int[] {2, 5, 4},
                        Masks.padding(new int[] {3, 5}, 2, 5)),
                Arguments.of("cross, Lq > Lk, 1 head", 1, new int[] {1, 4, 4}, new int[] {1, 2, 4}, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gradSweep")
    void backwardPassesGradcheck(String name, int nHeads, int[] xqShape, int[] xkvShape, Tensor mask) {
        Random rng = new Random(name.hashCode());
        MultiHeadAttention m = new MultiHeadAttention(4, nHeads, 9);
        boolean cross = xkvShape != null;
        // weights of size 0.5 (not 0.02) so that their gradients are well above atol
        Tensor xq = Tensor.randn(rng, xqShape), xkv = cross ? Tensor.randn(rng, xkvShape) : null;
        Tensor[] w = {Tensor.randn(rng, 4, 4).times(0.5), Tensor.randn(rng, 4, 4).times(0.5),
                Tensor.randn(rng, 4, 4).times(0.5), Tensor.randn(rng, 4, 4).times(0.5)};
        Tensor[] inputs = cross ? new Tensor[] {xq, xkv, w[0], w[1], w[2], w[3]} : new Tensor[] {xq, w[0], w[1], w[2], w[3]};
        int nx = cross ? 2 : 1;
        GradReport r = GradCheck.options().names(cross ? new String[] {"xq", "xkv", "W_q", "W_k", "W_v", "W_o"}
                        : new String[] {"x", "W_q", "W_k", "W_v", "W_o"})
                .check(in -> {
                    m.setW_q(in[nx]).setW_k(in[nx + 1]).setW_v(in[nx + 2]).setW_o(in[nx + 3]);
                    return cross ? m.forward(in[0], in[1], mask) : m.forward(in[0], mask);
                }, (dY, in) -> {
                    m.setW_q(in[nx]).setW_k(in[nx + 1]).setW_v(in[nx + 2]).setW_o(in[nx + 3]);
                    if (cross) m.forward(in[0], in[1], mask);
                    else m.forward(in[0], mask);
                    MultiHeadAttention.Grads g = m.backward(dY);
                    return cross ? new Tensor[] {g.dXq(), g.dXkv(), g.dW_q(), g.dW_k(), g.dW_v(), g.dW_o()}
                            : new Tensor[] {g.dX(), g.dW_q(), g.dW_k(), g.dW_v(), g.dW_o()};
                }, inputs);
        assertTrue(r.passed(), () -> name + "\n" + r);
        assertTrue(r.maxAbsError() < 1e-8, () -> name + "\n" + r);
    }

    @Test
    void crossAttentionShapes() {
        MultiHeadAttention m = new MultiHeadAttention(8, 2);
        Tensor y = m.forwardCross(Tensor.randn(new Random(1), 3, 2, 8), Tensor.randn(new Random(2), 3, 5, 8));
        assertArrayEquals(new int[] {3, 2, 8}, y.shape());
        assertArrayEquals(new int[] {3, 2, 2, 5}, m.weights().shape());
        MultiHeadAttention.Grads g = m.backward(Tensor.ones(3, 2, 8));
        assertArrayEquals(new int[] {3, 2, 8}, g.dXq().shape());
        assertArrayEquals(new int[] {3, 5, 8}, g.dXkv().shape());
        assertArrayEquals(new int[] {8, 8}, g.dW_o().shape());
        assertEquals("cross-attention has two inputs: use dXq() and dXkv()",
                assertThrows(IllegalStateException.class, g::dX).getMessage());
    }

    @Test
    void selfAttentionDxIsTheSumOfBothPaths() {
        MultiHeadAttention m = new MultiHeadAttention(4, 2, 1);
        Tensor x = Tensor.randn(new Random(3), 3, 4), dY = Tensor.randn(new Random(4), 3, 4);
        m.forward(x);
        MultiHeadAttention.Grads self = m.backward(dY);
        m.forward(x, x.copy(), null);
        MultiHeadAttention.Grads cross = m.backward(dY);
        assertEquals(0, self.dX().maxAbsDiff(cross.dXq().plus(cross.dXkv())), 1e-15);
        assertArrayEquals(new int[] {1, 2, 3, 3}, m.weights().shape()); // rank-2 input: B = 1
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badArgumentsAreNamed() {
        assertMessage("dModel=10 is not divisible by nHeads=3: each head needs dModel/nHeads columns"
                + " (dModel % nHeads = 1)", () -> new MultiHeadAttention(10, 3));
        assertMessage("nHeads must be >= 1 but was 0", () -> new MultiHeadAttention(4, 0));
        MultiHeadAttention m = new MultiHeadAttention(4, 2);
        assertMessage("x has d_model=5 but this MultiHeadAttention has dModel=4", () -> m.forward(Tensor.zeros(2, 3, 5)));
        assertMessage("mask has shape [3, 4] but must be [3, 3] (Lq, Lk) or [2, 3, 3] (B, Lq, Lk)",
                () -> m.forward(Tensor.zeros(2, 3, 4), Tensor.zeros(3, 4)));
        assertMessage("mask has shape [1, 3, 3] but must be [3, 3] (Lq, Lk)",
                () -> m.forward(Tensor.zeros(3, 4), Tensor.zeros(1, 3, 3)));
        assertMessage("xkv has shape [3, 5, 4] but xq has shape [2, 3, 4]: the batch dims must match",
                () -> m.forwardCross(Tensor.zeros(2, 3, 4), Tensor.zeros(3, 5, 4)));
        assertMessage("W_q has shape [4, 3] but must be [4, 4]", () -> m.setW_q(Tensor.zeros(4, 3)));
        assertMessage("in_proj_weight has shape [4, 4] but must be [12, 4]",
                () -> m.setFromPyTorch(Tensor.zeros(4, 4), Tensor.zeros(4, 4)));
        assertEquals("backward needs a forward first: call forward(x) first",
                assertThrows(IllegalStateException.class, () -> m.backward(Tensor.zeros(3, 4))).getMessage());
        m.forward(Tensor.zeros(2, 3, 4));
        assertMessage("dY has shape [3, 4] but the output Y has shape [2, 3, 4]", () -> m.backward(Tensor.zeros(3, 4)));
    }

    // ------------------------------------------------------------------ helpers

    private static DMatrixRMaj mult(DMatrixRMaj a, Tensor w) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, w.cols());
        CommonOps_DDRM.mult(a, w.matrix(), c);
        return c;
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
