package attnlab.attention.relative;

import attnlab.attention.Alignment;
import attnlab.attention.Masks;
import attnlab.grad.GradCheck;
import attnlab.grad.GradReport;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static attnlab.attention.relative.Rope.Layout.INTERLEAVED;
import static attnlab.attention.relative.Rope.Layout.ROTATE_HALF;
import static attnlab.attention.relative.TransformerXLTest.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class RopeTest {

    @Test
    void handComputedPairRotation() {
        // d = 4: θ_0 = 1, θ_1 = 10000^(-1/2) = 0.01. Row 1 (position 1), rotate-half pairs (0,2) and (1,3)
        Tensor y = Rope.apply(Tensor.parse("1 2 3 4; 1 2 3 4"), ROTATE_HALF);
        double c0 = Math.cos(1), s0 = Math.sin(1), c1 = Math.cos(0.01), s1 = Math.sin(0.01);
        assertArrayEquals(new double[] {1 * c0 - 3 * s0, 2 * c1 - 4 * s1, 1 * s0 + 3 * c0, 2 * s1 + 4 * c1},
                y.toArray()[0][1], 1e-15);
        Tensor z = Rope.apply(Tensor.parse("1 2 3 4; 1 2 3 4"), INTERLEAVED); // pairs (0,1) and (2,3)
        assertArrayEquals(new double[] {1 * c0 - 2 * s0, 1 * s0 + 2 * c0, 3 * c1 - 4 * s1, 3 * s1 + 4 * c1},
                z.toArray()[0][1], 1e-15);
    }

    @Test
    void positionZeroIsTheIdentity() {
        Tensor x = Tensor.randn(new Random(1), 1, 6);
        for (Rope.Layout layout : Rope.Layout.values()) assertEquals(0, Rope.apply(x, layout).maxAbsDiff(x), 0.0);
    }

    @Test
    void scoreDependsOnlyOnTheDistanceInBothLayouts() {
        Random rng = new Random(2);
        Tensor q = Tensor.randn(rng, 1, 8), k = Tensor.randn(rng, 1, 8);
        for (Rope.Layout layout : Rope.Layout.values())
            for (int m = 0; m < 6; m++)
                for (int n = 0; n < 6; n++) {
                    double ref = dot(Rope.apply(q, layout, m - n + 7, 1e4), Rope.apply(k, layout, 7, 1e4));
                    for (int shift : new int[] {0, 3, 50})
                        assertEquals(ref, dot(Rope.apply(q, layout, m + shift, 1e4), Rope.apply(k, layout, n + shift, 1e4)),
                                1e-12, layout + " m=" + m + " n=" + n);
                }
    }

    @Test
    void layoutsDifferByAFixedChannelPermutation() {
        Tensor x = Tensor.randn(new Random(3), 2, 5, 6);
        Tensor viaHalf = Rope.toInterleaved(Rope.apply(x, ROTATE_HALF, 4, 1e4));
        Tensor viaInterleaved = Rope.apply(Rope.toInterleaved(x), INTERLEAVED, 4, 1e4);
        assertEquals(0, viaHalf.maxAbsDiff(viaInterleaved), 0.0);
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, Rope.toInterleaved(Tensor.parse("0 1 2 3 4 5")).toArray()[0][0]);
        assertTrue(Rope.apply(x, ROTATE_HALF).maxAbsDiff(Rope.apply(x, INTERLEAVED)) > 0.1); // they are not the same map
    }

    @Test
    void scoreByDistanceIsToeplitzWithUnitDiagonal() {
        Tensor s = Rope.scoreByDistance(8, 6);
        for (int m = 0; m < 6; m++)
            for (int n = 0; n < 6; n++) {
                double expected = 0;
                for (int k = 0; k < 4; k++) expected += 2.0 / 8 * Math.cos((m - n) * Math.pow(1e4, -2.0 * k / 8));
                assertEquals(expected, s.get(m, n), 1e-14);
            }
        assertEquals(1.0, s.get(3, 3), 1e-15);
    }

    @Test
    void backwardOfApplyAndOfAttentionPassGradCheck() {
        Random rng = new Random(4);
        for (Rope.Layout layout : Rope.Layout.values()) {
            GradReport apply = GradCheck.check(x -> Rope.apply(x[0], layout, 2, 100),
                    (dY, x) -> new Tensor[] {Rope.backward(dY, layout, 2, 100)}, Tensor.randn(rng, 2, 3, 4));
            assertTrue(apply.passed(), apply.toString());
            Tensor mask = Masks.causal(3, 5, Alignment.BOTTOM_RIGHT);
            Tensor[] in = {Tensor.randn(rng, 2, 3, 4), Tensor.randn(rng, 2, 5, 4), Tensor.randn(rng, 2, 5, 3)};
            GradReport att = GradCheck.options().names("Q", "K", "V").check(
                    x -> Rope.attention(x[0], x[1], x[2], mask, layout).out(),
                    (dO, x) -> Rope.attentionBackward(dO, Rope.attention(x[0], x[1], x[2], mask, layout)), in);
            assertTrue(att.passed(), layout + "\n" + att);
        }
    }

    @Test
    void badInputsNameTheArgument() {
        assertMessage("x has d=3 but RoPE needs an even d (channel pairs)", () -> Rope.apply(Tensor.zeros(2, 3), ROTATE_HALF));
        assertMessage("base must be > 0 and finite but was " + attnlab.tensor.TensorFormat.number(0), () -> Rope.apply(Tensor.zeros(2, 2), ROTATE_HALF, 0, 0));
        assertMessage("d must be even (channel pairs) but was 5", () -> Rope.scoreByDistance(5, 3));
        assertMessage("layout must not be null", () -> Rope.apply(Tensor.zeros(2, 2), null));
    }

    private static double dot(Tensor a, Tensor b) {
        return TransformerXLTest.dot(a, b);
    }
}
