package attnlab.attention.relative;

import attnlab.attention.Softmax;
import attnlab.grad.GradCheck;
import attnlab.grad.GradReport;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TransformerXLTest {

    @Test
    void relShiftMovesRowIToDistanceIndexForEveryMemoryLength() {
        for (int[] qm : new int[][] {{4, 0}, {3, 2}, {1, 5}}) {
            int qlen = qm[0], mlen = qm[1], klen = qlen + mlen;
            Tensor x = Tensor.zeros(qlen, klen);
            for (int i = 0; i < qlen; i++) for (int r = 0; r < klen; r++) x.matrix().set(i, r, 100 * i + r + 1);
            Tensor y = TransformerXL.relShift(x);
            for (int i = 0; i < qlen; i++)
                for (int j = 0; j <= i + mlen; j++)
                    assertEquals(x.get(i, j + qlen - 1 - i), y.get(i, j), "(qlen,mlen)=(" + qlen + "," + mlen + ") [" + i + "][" + j + "]");
        }
    }

    @Test
    void relShiftBackwardIsTheTransposeOfTheShift() {
        Random rng = new Random(1);
        Tensor x = Tensor.randn(rng, 2, 3, 5), dy = Tensor.randn(rng, 2, 3, 5);
        Tensor y = TransformerXL.relShift(x), dx = TransformerXL.relShiftBackward(dy);
        assertEquals(dot(y, dy), dot(x, dx), 1e-12); // <shift(x), dy> = <x, shiftᵀ(dy)>
    }

    @Test
    void efficientForwardMatchesTheDirectFourTermLoop() {
        Random rng = new Random(7);
        for (int[] qm : new int[][] {{4, 0}, {3, 2}, {1, 5}}) {
            int qlen = qm[0], klen = qm[0] + qm[1], H = 2, d = 3, dR = 5;
            Tensor Q = Tensor.randn(rng, 2, H, qlen, d), K = Tensor.randn(rng, 2, H, klen, d), V = Tensor.randn(rng, 2, H, klen, 4);
            Tensor R = Tensor.randn(rng, klen, dR), u = Tensor.randn(rng, H, d), v = Tensor.randn(rng, H, d);
            Tensor W_R = Tensor.randn(rng, dR, H * d);
            TransformerXL.Result r = TransformerXL.forward(Q, K, V, R, u, v, W_R);
            Tensor S = TransformerXL.scoresDirect(Q, K, R, u, v, W_R);
            Tensor P = Softmax.forward(S);
            assertEquals(0, r.weights().maxAbsDiff(P), 1e-14, "weights, (qlen,mlen)=(" + qm[0] + "," + qm[1] + ")");
            for (int b = 0; b < P.batch(); b++)
                for (int i = 0; i < qlen; i++)
                    for (int j = i + qm[1] + 1; j < klen; j++) assertEquals(0.0, r.weights().get(b, i, j), "causal");
        }
    }

    @Test
    void backwardPassesGradCheckForEveryInputIncludingUVW_RAndTheEmbeddings() {
        Random rng = new Random(11);
        for (int[] qm : new int[][] {{4, 0}, {3, 2}, {1, 5}}) {
            int qlen = qm[0], klen = qm[0] + qm[1], H = 2, d = 3, dR = 4;
            Tensor[] in = {Tensor.randn(rng, 2, H, qlen, d), Tensor.randn(rng, 2, H, klen, d),
                    Tensor.randn(rng, 2, H, klen, 2), Tensor.randn(rng, klen, dR), Tensor.randn(rng, H, d),
                    Tensor.randn(rng, H, d), Tensor.randn(rng, dR, H * d)};
            GradReport report = GradCheck.options().names("Q", "K", "V", "posEmbed", "u", "v", "W_R").check(
                    x -> TransformerXL.forward(x[0], x[1], x[2], x[3], x[4], x[5], x[6]).out(),
                    (dO, x) -> {
                        TransformerXL.Grads g = TransformerXL.backward(dO,
                                TransformerXL.forward(x[0], x[1], x[2], x[3], x[4], x[5], x[6]));
                        return new Tensor[] {g.dQ(), g.dK(), g.dV(), g.dPos(), g.du(), g.dv(), g.dW_R()};
                    }, in);
            assertTrue(report.passed(), "(qlen,mlen)=(" + qm[0] + "," + qm[1] + ")\n" + report);
            assertTrue(report.maxAbsError() < 1e-8, report.toString());
        }
    }

    @Test
    void headsComputedOneAtATimeEqualTheBatchedHeads() {
        Random rng = new Random(21);
        int H = 3, qlen = 2, klen = 4, d = 2, dR = 5;
        Tensor Q = Tensor.randn(rng, H, qlen, d), K = Tensor.randn(rng, H, klen, d), V = Tensor.randn(rng, H, klen, 3);
        Tensor R = Tensor.randn(rng, klen, dR), u = Tensor.randn(rng, H, d), v = Tensor.randn(rng, H, d);
        Tensor W_R = Tensor.randn(rng, dR, H * d);
        Tensor all = TransformerXL.forward(Q, K, V, R, u, v, W_R).out();
        for (int h = 0; h < H; h++) {
            Tensor wh = Tensor.zeros(dR, d), uh = Tensor.zeros(1, d), vh = Tensor.zeros(1, d);
            for (int c = 0; c < d; c++) {
                uh.matrix().set(0, c, u.get(h, c));
                vh.matrix().set(0, c, v.get(h, c));
                for (int t = 0; t < dR; t++) wh.matrix().set(t, c, W_R.get(t, h * d + c)); // head h owns columns h*d..
            }
            Tensor one = TransformerXL.forward(Tensor.of(Q.slice(h)), Tensor.of(K.slice(h)), Tensor.of(V.slice(h)), R,
                    uh, vh, wh).out();
            assertEquals(0, one.maxAbsDiff(Tensor.of(all.slice(h))), 1e-15, "head " + h);
        }
    }

    @Test
    void oneHeadRankTwoInputsWork() {
        Random rng = new Random(5);
        Tensor[] in = {Tensor.randn(rng, 2, 4), Tensor.randn(rng, 3, 4), Tensor.randn(rng, 3, 4),
                TransformerXL.positions(3, 4), Tensor.randn(rng, 1, 4), Tensor.randn(rng, 1, 4), Tensor.randn(rng, 4, 4)};
        GradReport report = GradCheck.check(x -> TransformerXL.forward(x[0], x[1], x[2], x[3], x[4], x[5], x[6]).out(),
                (dO, x) -> {
                    TransformerXL.Grads g = TransformerXL.backward(dO, TransformerXL.forward(x[0], x[1], x[2], x[3], x[4], x[5], x[6]));
                    return new Tensor[] {g.dQ(), g.dK(), g.dV(), g.dPos(), g.du(), g.dv(), g.dW_R()};
                }, in);
        assertTrue(report.passed(), report.toString());
    }

    @Test
    void handComputedOneQueryOneMemorySlot() {
        // query 0 sits at position 1; key 0 (memory) is at distance 1 -> R row 0; key 1 at distance 0 -> R row 1.
        // S_00 = (1+.5)*1 + (1+.25)*2*1 = 4,  S_01 = (1+.5)*2 + (1+.25)*2*(-1) = 0.5, scale 1/sqrt(1)
        TransformerXL.Result r = TransformerXL.forward(Tensor.parse("1"), Tensor.parse("1; 2"), Tensor.parse("1; 3"),
                Tensor.parse("1; -1"), Tensor.parse("0.5"), Tensor.parse("0.25"), Tensor.parse("2"));
        double p0 = 1 / (1 + Math.exp(-3.5));
        assertEquals(p0, r.weights().get(0, 0), 1e-15);
        assertEquals(p0 * 1 + (1 - p0) * 3, r.out().get(0, 0), 1e-15);
    }

    @Test
    void sheetEntryPointUsesZeroBiasesAndIdentityProjection() {
        Random rng = new Random(3);
        Tensor Q = Tensor.randn(rng, 2, 3, 4), K = Tensor.randn(rng, 2, 5, 4), V = Tensor.randn(rng, 2, 5, 4);
        Tensor R = TransformerXL.positions(5, 8);
        Tensor expected = TransformerXL.forward(Q, K, V, R, Tensor.zeros(2, 4), Tensor.zeros(2, 4), Tensor.eye(8)).out();
        assertEquals(0, TransformerXL.attention(Q, K, V, R).maxAbsDiff(expected));
    }

    @Test
    void positionsAreConcatenatedSinusoidsInDescendingOrder() {
        Tensor R = TransformerXL.positions(2, 4); // row 0 = position 1, row 1 = position 0
        double[] pos1 = {0.841471, 0.010000, 0.540302, 0.999950};
        for (int c = 0; c < 4; c++) assertEquals(pos1[c], R.get(0, c), 5e-7);
        assertArrayEquals(new double[] {0, 0, 1, 1}, R.toArray()[0][1]);
    }

    @Test
    void oddWidthIsTransformerXLWithoutItsExtraCosineColumn() {
        int klen = 3, d = 5;
        Tensor R = TransformerXL.positions(klen, d);
        for (int r = 0; r < klen; r++) {
            double pos = klen - 1 - r;
            double[] txl = new double[6]; // inv_freq = 1/10000^(arange(0,5,2)/5); cat[sin, cos] has 6 columns
            for (int k = 0; k < 3; k++) {
                double f = 1 / Math.pow(10000, 2.0 * k / d);
                txl[k] = Math.sin(pos * f);
                txl[3 + k] = Math.cos(pos * f);
            }
            for (int c = 0; c < d; c++) assertEquals(txl[c], R.get(r, c), 1e-15);
        }
    }

    @Test
    void positionBiasIsConstantAlongDiagonals() {
        Tensor b = TransformerXL.positionBias(3, 2, 4); // distance δ = i + 2 - j
        Tensor R = TransformerXL.positions(5, 4);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 5; j++) {
                if (j > i + 2) {
                    assertEquals(Double.NEGATIVE_INFINITY, b.get(i, j));
                    continue;
                }
                double sum = 0;
                for (int c = 0; c < 4; c++) sum += R.get(4 - (i + 2 - j), c);
                assertEquals(sum / 2, b.get(i, j), 1e-15);
            }
        assertEquals(2.0 / 2, b.get(0, 2), 1e-15); // δ = 0: sin 0 + sin 0 + cos 0 + cos 0 = 2
    }

    @Test
    void badShapesNameTheArgument() {
        Tensor Q = Tensor.zeros(1, 3, 2), K = Tensor.zeros(1, 3, 2), R = Tensor.zeros(3, 2), u = Tensor.zeros(1, 2);
        assertMessage("K has klen=2 but Q has qlen=3", () -> TransformerXL.forward(Q, Tensor.zeros(1, 2, 2),
                Tensor.zeros(1, 2, 2), Tensor.zeros(2, 2), u, u, Tensor.eye(2)));
        assertMessage("posEmbed has shape [4, 2] but must be [3, d_R]", () -> TransformerXL.forward(Q, K, K,
                Tensor.zeros(4, 2), u, u, Tensor.eye(2)));
        assertMessage("W_R has shape [2, 3] but must be [2, 2] (d_R, H*d)", () -> TransformerXL.forward(Q, K, K, R,
                u, u, Tensor.zeros(2, 3)));
        assertMessage("Q has 1 head(s) (shape [1, 3, 2]) but u has H=2", () -> TransformerXL.forward(Q, K, K, R,
                Tensor.zeros(2, 2), Tensor.zeros(2, 2), Tensor.zeros(2, 4)));
        assertMessage("v has shape [1, 3] but u has shape [1, 2]", () -> TransformerXL.forward(Q, K, K, R, u,
                Tensor.zeros(1, 3), Tensor.eye(2)));
        assertMessage("posEmbed has d_R=4 but without W_R (identity) it must be H*d=2 (1 head(s) of d=2)",
                () -> TransformerXL.attention(Q, K, K, Tensor.zeros(3, 4)));
        assertMessage("posEmbed must not be null", () -> TransformerXL.attention(Q, K, K, null));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }

    static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int k = 0; k < a.batch(); k++)
            for (int i = 0; i < a.slice(k).data.length; i++) s += a.slice(k).data[i] * b.slice(k).data[i];
        return s;
    }
}
