package attnlab.exercises;

import attnlab.exercises.Student.Bug;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class Ex57MultiHeadTest {

    private static Report check(Bug bug) {
        return Ex57MultiHead.check((x, wq, wk, wv, wo, h) -> Student.mha(x, wq, wk, wv, wo, h, bug));
    }

    @Test
    void correctImplementationPasses() {
        Report r = check(Bug.NONE);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void wrongHeadSplitIsNamed() {
        Report r = check(Bug.WRONG_HEAD_SPLIT);
        assertFalse(r.passed());
        assertTrue(r.hint().contains("mixes tokens"), r::toString);
        // one head and one token cannot tell the difference
        assertTrue(r.toString().contains("PASS  one head"), r::toString);
    }

    @Test
    void headsConcatenatedInReverseOrderAreNamed() {
        Report r = check(Bug.HEADS_REVERSED);
        assertFalse(r.passed());
        assertTrue(r.toString().contains("PASS  one head"), r::toString);
        assertTrue(r.hint().startsWith("the heads are concatenated in reverse order"), r::toString);
    }

    @Test
    void missingScaleIsNamedPerHead() {
        Report r = check(Bug.NO_SCALE);
        assertFalse(r.passed());
        assertTrue(r.hint().startsWith("the heads' scores are not scaled"), r::toString);
    }

    @Test
    void skeletonAndVariants() {
        assertTrue(Ex57MultiHead.check((x, wq, wk, wv, wo, h) -> { throw new UnsupportedOperationException("TODO"); })
                .notImplemented());
        assertTrue(Ex57MultiHead.checkTensor((x, wq, wk, wv, wo, h) -> new attnlab.attention.MultiHeadAttention(
                x.cols(), h).setW_q(wq).setW_k(wk).setW_v(wv).setW_o(wo).forward(x)).passed());
        Report transposed = Ex57MultiHead.checkEjml((x, wq, wk, wv, wo, h) -> {
            var m = new attnlab.attention.MultiHeadAttention(x.numCols, h);
            var t = attnlab.tensor.Tensor.of(new org.ejml.data.DMatrixRMaj(wq));
            org.ejml.dense.row.CommonOps_DDRM.transpose(t.matrix());
            return m.setW_q(t).setW_k(attnlab.tensor.Tensor.of(wk)).setW_v(attnlab.tensor.Tensor.of(wv))
                    .setW_o(attnlab.tensor.Tensor.of(wo)).forward(attnlab.tensor.Tensor.of(x)).matrix();
        });
        assertFalse(transposed.passed());
    }
}
