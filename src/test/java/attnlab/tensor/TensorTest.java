package attnlab.tensor;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class TensorTest {

    @Test
    void ofArraysKeepsShapeAndValues() {
        Tensor t = Tensor.of(new double[][][] {{{1, 2, 3}, {4, 5, 6}}, {{7, 8, 9}, {10, 11, 12}}});
        assertArrayEquals(new int[] {2, 2, 3}, t.shape());
        assertEquals(2, t.batch());
        assertEquals(12.0, t.get(1, 1, 2));
        assertEquals(5.0, Tensor.of(new double[][] {{1, 2}, {3, 5}}).get(1, 1));
    }

    @Test
    void slicesAreLiveEjmlMatrices() {
        Tensor t = Tensor.zeros(2, 2, 2);
        CommonOps_DDRM.fill(t.slice(1), 3.0);
        assertEquals(3.0, t.get(1, 0, 1));
        assertEquals(0.0, t.get(0, 0, 1));
        DMatrixRMaj m = new DMatrixRMaj(new double[][] {{1, 2}, {3, 4}});
        Tensor wrapped = Tensor.of(m);
        m.set(0, 0, 9);
        assertEquals(9.0, wrapped.get(0, 0), "of(DMatrixRMaj) wraps without copying");
    }

    @Test
    void creationHelpers() {
        assertEquals(1.0, Tensor.ones(2, 3).get(1, 2));
        assertEquals(1.0, Tensor.eye(3).get(2, 2));
        assertEquals(0.0, Tensor.eye(3).get(0, 2));
        Tensor a = Tensor.randn(new Random(7), 2, 3, 4), b = Tensor.randn(new Random(7), 2, 3, 4);
        assertEquals(0.0, a.maxAbsDiff(b), "same seed, same values");
        assertNotEquals(0.0, a.maxAbsDiff(Tensor.randn(new Random(8), 2, 3, 4)));
    }

    @Test
    void randnIsStandardNormal() {
        Tensor t = Tensor.randn(new Random(1), 1, 200, 200);
        double sum = 0, sq = 0;
        for (double v : t.slice(0).data) { sum += v; sq += v * v; }
        int n = 40_000;
        assertEquals(0.0, sum / n, 0.02);
        assertEquals(1.0, sq / n, 0.03);
    }

    @Test
    void plusBroadcastsAMatrixOverTheBatch() {
        Tensor x = Tensor.ones(2, 2, 2);
        Tensor y = x.plus(Tensor.parse("1 2; 3 4"));
        assertEquals(5.0, y.get(1, 1, 1));
        assertEquals(2.0, y.get(0, 0, 0));
        assertEquals(1.0, x.get(0, 0, 0), "plus does not modify its operands");
        assertEquals(-3.0, x.minus(Tensor.parse("1 2; 3 4")).get(1, 1, 1));
        assertEquals(2.0, x.times(2).get(1, 0, 0));
    }

    @Test
    void viewSharesSlices() {
        Tensor t = Tensor.zeros(6, 2, 3);
        Tensor v = t.view(2, 3, 2, 3);
        v.set(4, 1, 2, 7.0);
        assertEquals(7.0, t.get(4, 1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.view(4, 2, 3));
        assertTrue(e.getMessage().contains("[6, 2, 3]") && e.getMessage().contains("[4, 2, 3]"), e.getMessage());
    }

    @Test
    void parsesMatlabAndNumpyText() {
        assertEquals(0.0, Tensor.parse("1 2; 3 4").maxAbsDiff(Tensor.of(new double[][] {{1, 2}, {3, 4}})));
        assertEquals(0.0, Tensor.parse("[1, 2; 3, 4]").maxAbsDiff(Tensor.parse("[[1, 2], [3, 4]]")));
        Tensor t = Tensor.parse("[[[1, 2]], [[3, -inf]]]");
        assertArrayEquals(new int[] {2, 1, 2}, t.shape());
        assertEquals(Double.NEGATIVE_INFINITY, t.get(1, 0, 1));
        assertTrue(Double.isNaN(Tensor.parse("nan 1e-3").get(0, 0)));
        assertEquals(1e-3, Tensor.parse("nan 1e-3").get(0, 1));
        assertArrayEquals(new int[] {2, 2}, Tensor.parse("1 2\n3 4").shape());
    }

    @Test
    void badInputNamesTheProblem() {
        assertMessage("text row 1 has 1 entries but row 0 has 2", () -> Tensor.parse("1 2; 3"));
        assertMessage("\"x\" where a number was expected", () -> Tensor.parse("1 x"));
        assertMessage("data[1] has 1 columns but data[0] has 2", () -> Tensor.of(new double[][] {{1, 2}, {3}}));
        assertMessage("shape [2, -1] has a negative size at dim 1", () -> Tensor.zeros(2, -1));
        assertMessage("shape needs at least 2 dims", () -> Tensor.zeros(3));
        assertMessage("data must not be null", () -> Tensor.of((double[][]) null));
        assertMessage("other has shape [3, 2] but this has [2, 2, 2]", () -> Tensor.ones(2, 2, 2).plus(Tensor.ones(3, 2)));
        assertMessage("slice 2 is out of range", () -> Tensor.zeros(2, 1, 1).slice(2));
        assertMessage("matrix() needs exactly one slice", () -> Tensor.zeros(2, 1, 1).matrix());
    }
}
