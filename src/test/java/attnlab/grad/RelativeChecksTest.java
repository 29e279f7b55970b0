package attnlab.grad;

import attnlab.attention.Alignment;
import attnlab.attention.Masks;
import attnlab.attention.relative.Rope;
import attnlab.attention.relative.TransformerXL;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class RelativeChecksTest {

    @Test
    void everySchemePassesWithNamedInputs() {
        Random rng = new Random(41);
        GradReport txl = RelativeChecks.transformerXL(Tensor.randn(rng, 2, 2, 4), Tensor.randn(rng, 2, 3, 4),
                Tensor.randn(rng, 2, 3, 4), TransformerXL.positions(3, 6), Tensor.randn(rng, 2, 4), Tensor.randn(rng, 2, 4),
                Tensor.randn(rng, 6, 8));
        GradReport shaw = RelativeChecks.shaw(Tensor.randn(rng, 3, 4), Tensor.randn(rng, 3, 4), Tensor.randn(rng, 3, 2),
                Tensor.randn(rng, 3, 4), Tensor.randn(rng, 3, 2), 1, Masks.causal(3));
        GradReport t5 = RelativeChecks.t5(Tensor.randn(rng, 3, 4), Tensor.randn(rng, 3, 4), Tensor.randn(rng, 3, 2),
                Tensor.randn(rng, 4, 1), true, 8);
        GradReport alibi = RelativeChecks.alibi(Tensor.randn(rng, 2, 3, 4), Tensor.randn(rng, 2, 3, 4), Tensor.randn(rng, 2, 3, 2));
        GradReport rope = RelativeChecks.rope(Tensor.randn(rng, 2, 4), Tensor.randn(rng, 3, 4), Tensor.randn(rng, 3, 2),
                Masks.causal(2, 3, Alignment.BOTTOM_RIGHT), Rope.Layout.INTERLEAVED);
        for (GradReport r : new GradReport[] {txl, shaw, t5, alibi, rope}) assertTrue(r.passed(), r.toString());
        assertTrue(txl.toString().contains("W_R"), txl.toString());
        assertTrue(shaw.toString().contains("wV"), shaw.toString());
        assertTrue(t5.toString().contains("table"), t5.toString());
    }
}
