package attnlab.exercises;

import attnlab.exercises.Student.Bug;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class Ex55DotProductTest {

    private static Report check(Bug bug) {
        return Ex55DotProduct.check((q, k, v) -> Student.attention(q, k, v, null, bug));
    }

    @Test
    void correctImplementationPassesEveryCase() {
        Report r = check(Bug.NONE);
        assertTrue(r.passed(), r::toString);
        assertTrue(r.toString().startsWith("5.5 dot-product attention: all 7 cases pass"), r::toString);
        assertNull(r.hint());
    }

    @Test
    void missingScaleIsNamed() {
        Report r = check(Bug.NO_SCALE);
        assertFalse(r.passed());
        assertTrue(r.hint().contains("without the scale"), r::toString);
        assertTrue(r.problem().startsWith("first mismatch (two tokens by hand): out[0][0][0] expected "), r::toString);
    }

    @Test
    void softmaxOverTheWrongAxisIsNamed() {
        Report r = check(Bug.WRONG_AXIS);
        assertFalse(r.passed());
        assertTrue(r.hint().contains("down each column"), r::toString);
    }

    @Test
    void overflowingSoftmaxFailsOnlyTheLargeLogitsCase() {
        Report r = check(Bug.UNSTABLE);
        assertFalse(r.passed());
        assertEquals(6, r.sections().get(0).passes(), r::toString);
        assertTrue(r.hint().contains("subtract each row's max"), r::toString);
        assertTrue(r.problem().contains("got nan"), r::toString);
    }

    @Test
    void keysWithoutTheTransposeFailTheNonSymmetricSquareCaseWithAHint() {
        Report r = check(Bug.K_NOT_TRANSPOSED);
        assertFalse(r.passed());
        assertTrue(r.toString().contains("PASS  two tokens by hand"), r::toString); // Q = K = I: Q K = Q K^T there
        assertTrue(r.toString().contains("FAIL  square, asymmetric"), r::toString);
        assertTrue(r.hint().startsWith("it equals softmax(Q K / sqrt(d_k)) V, without the transpose"), r::toString);
    }

    @Test
    void valuesTransposedIsNamed() {
        Report r = check(Bug.V_TRANSPOSED);
        assertFalse(r.passed());
        assertTrue(r.hint().startsWith("it equals weights @ V^T"), r::toString);
    }

    @Test
    void untouchedSkeletonIsNotImplementedYet() {
        Report r = Ex55DotProduct.check((q, k, v) -> { throw new UnsupportedOperationException("TODO"); });
        assertTrue(r.notImplemented());
        assertTrue(r.toString().startsWith("5.5 dot-product attention: not implemented yet"), r::toString);
        assertTrue(Ex55DotProduct.check((q, k, v) -> null).notImplemented());
    }

    @Test
    void anExceptionIsAnErrorLineNotACrash() {
        Report r = Ex55DotProduct.check((q, k, v) -> {
            double[][][] out = new double[q.length][q[0].length][q[0][0].length]; // d_k instead of d_v
            for (int b = 0; b < q.length; b++) out[b][0][0] = v[b][0][q[0][0].length - 1];
            return out;
        });
        assertFalse(r.passed());
        String text = r.toString();
        assertTrue(text.contains("ERROR"), text);
        assertTrue(text.contains("ArrayIndexOutOfBoundsException"), text);
        assertTrue(text.contains("(in lambda") || text.contains("(in anExceptionIsAnErrorLineNotACrash"), text);
    }

    @Test
    void wrongShapeIsReportedWithBothShapes() {
        Report r = Ex55DotProduct.check((q, k, v) -> // [B, Lq, d_k] instead of [B, Lq, d_v]
                Student.attention(q, k, new double[k.length][k[0].length][q[0][0].length], null, Bug.NONE));
        assertTrue(r.toString().contains("FAIL  Lq != Lk, d_v != d_k  Q [2, 3, 4]  K [2, 5, 4]  V [2, 5, 6]\n"
                + "         out has shape [2, 3, 4] but should have [2, 3, 6]"), r::toString);
    }

    @Test
    void tensorAndEjmlVariantsAcceptTheToolkit() {
        assertTrue(Ex55DotProduct.checkTensor(attnlab.attention.Attention::attention).passed());
        assertTrue(Ex55DotProduct.checkEjml(attnlab.Lab::attention).passed());
    }
}
