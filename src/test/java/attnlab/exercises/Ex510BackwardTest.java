package attnlab.exercises;

import attnlab.attention.Attention;
import attnlab.exercises.Student.Bug;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class Ex510BackwardTest {

    private static Report check(Bug bug) {
        return Ex510Backward.check((q, k, v, dO) -> Student.backward(q, k, v, dO, bug));
    }

    @Test
    void correctImplementationPasses() {
        Report r = check(Bug.NONE);
        assertTrue(r.passed(), r::toString);
    }

    @Test
    void droppingTheRowsumTermIsNamedAndLocated() {
        Report r = check(Bug.NO_ROWSUM);
        assertFalse(r.passed());
        assertTrue(r.hint().startsWith("dQ and dK miss the softmax's rowsum term"), r::toString);
        assertTrue(r.problem().endsWith("; wrong: dQ, dK; right: dV"), r::toString);
        assertTrue(r.toString().contains("FAIL  one token"), r::toString); // P = 1: only the rowsum makes dS = 0
    }

    @Test
    void missingScaleIsNamed() {
        assertTrue(check(Bug.NO_SCALE).hint().startsWith("dQ and dK miss the scale"));
    }

    @Test
    void wrongNumberOfResultsIsAFailNotACrash() {
        Report r = Ex510Backward.check((q, k, v, dO) -> new double[][][][] {q, k});
        assertTrue(r.problem().contains("the result holds 2 arrays but must hold 3 (dQ, dK, dV)"), r::toString);
    }

    @Test
    void skeletonAndVariants() {
        assertTrue(Ex510Backward.check((q, k, v, dO) -> null).notImplemented());
        assertTrue(Ex510Backward.checkTensor((q, k, v, dO) -> {
            Attention.Grads g = attnlab.Lab.attentionBackward(q, k, v, dO);
            return new Tensor[] {g.dQ(), g.dK(), g.dV()};
        }).passed());
        assertTrue(Ex510Backward.checkEjml((q, k, v, dO) -> {
            Attention.Grads g = attnlab.Lab.attentionBackward(Tensor.of(q), Tensor.of(k), Tensor.of(v), Tensor.of(dO));
            return new org.ejml.data.DMatrixRMaj[] {g.dQ().matrix(), g.dK().matrix(), g.dV().matrix()};
        }).passed());
    }
}
