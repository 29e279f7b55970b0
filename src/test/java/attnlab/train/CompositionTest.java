package attnlab.train;

import attnlab.attention.MultiHeadAttention;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Composition scores: against the paper's column-vector formulas built independently, and a rank-one case by hand. */
class CompositionTest {

    @Test
    void matchesThePapersColumnVectorFormulas() {
        AttentionOnly m = new AttentionOnly(2, 2, 6, 5, 4, 7);
        Random rng = new Random(3);
        for (Tensor p : m.parameters()) for (int i = 0; i < p.size(); i++) p.matrix().data[i] = rng.nextGaussian();
        Composition c = Composition.of(m, 0, 1);
        for (int h1 = 0; h1 < 2; h1++)
            for (int h2 = 0; h2 < 2; h2++) {
                DMatrixRMaj qk2 = paperQK(m.attention(1), h2), ov1 = paperOV(m.attention(0), h1), ov2 = paperOV(m.attention(1), h2);
                assertEquals(ratio(qk2, false, ov1, qk2, ov1), c.k().get(h1, h2), 1e-14);
                assertEquals(ratio(qk2, true, ov1, qk2, ov1), c.q().get(h1, h2), 1e-14);
                assertEquals(ratio(ov2, false, ov1, ov2, ov1), c.v().get(h1, h2), 1e-14);
            }
    }

    /** The paper: W_Q = (columns h of W_q)ᵀ [d_head, D], W_QK = W_Qᵀ W_K. */
    private static DMatrixRMaj paperQK(MultiHeadAttention a, int h) {
        DMatrixRMaj WQ = CommonOps_DDRM.transpose(cols(a.W_q().matrix(), h, a.dHead()), null);
        DMatrixRMaj WK = CommonOps_DDRM.transpose(cols(a.W_k().matrix(), h, a.dHead()), null);
        DMatrixRMaj out = new DMatrixRMaj(WQ.numCols, WK.numCols);
        CommonOps_DDRM.multTransA(WQ, WK, out);
        return out;
    }

    /** The paper: W_V = (columns h of W_v)ᵀ, W_O = (rows h of W_o)ᵀ [D, d_head], W_OV = W_O W_V. */
    private static DMatrixRMaj paperOV(MultiHeadAttention a, int h) {
        int dk = a.dHead();
        DMatrixRMaj WV = CommonOps_DDRM.transpose(cols(a.W_v().matrix(), h, dk), null);
        DMatrixRMaj WO = CommonOps_DDRM.transpose(CommonOps_DDRM.extract(a.W_o().matrix(), h * dk, (h + 1) * dk, 0,
                a.dModel()), null);
        DMatrixRMaj out = new DMatrixRMaj(WO.numRows, WV.numCols);
        CommonOps_DDRM.mult(WO, WV, out);
        return out;
    }

    private static DMatrixRMaj cols(DMatrixRMaj w, int h, int dk) {
        return CommonOps_DDRM.extract(w, 0, w.numRows, h * dk, (h + 1) * dk);
    }

    /** ‖A′ B‖ / (‖n1‖ ‖n2‖), A′ = Aᵀ when {@code transposeA}. */
    private static double ratio(DMatrixRMaj A, boolean transposeA, DMatrixRMaj B, DMatrixRMaj n1, DMatrixRMaj n2) {
        DMatrixRMaj out = new DMatrixRMaj(A.numRows, B.numCols);
        if (transposeA) CommonOps_DDRM.multTransA(A, B, out);
        else CommonOps_DDRM.mult(A, B, out);
        return NormOps_DDRM.normF(out) / (NormOps_DDRM.normF(n1) * NormOps_DDRM.normF(n2));
    }

    @Test
    void rankOneByHand() {
        // D = 2, one head (d_head 2). Rank-one matrices a bᵀ and c dᵀ: ‖a bᵀ c dᵀ‖ / (‖a bᵀ‖ ‖c dᵀ‖) = |b·c| / (|b| |c|).
        AttentionOnly m = new AttentionOnly(2, 1, 2, 3, 3, 0);
        MultiHeadAttention l0 = m.attention(0), l1 = m.attention(1);
        // layer 0: M_OV = W_v W_o = e1 (1, 0)... W_v = [[1,0],[0,0]], W_o = [[1,0],[0,0]] -> M_OV = e1 e1ᵀ; paper W_OV = e1 e1ᵀ
        l0.setW_v(Tensor.of(new double[][] {{1, 0}, {0, 0}})).setW_o(Tensor.of(new double[][] {{1, 0}, {0, 0}}));
        // layer 1: M_QK = W_q W_kᵀ with W_q = [[1,0],[0,0]], W_k = [[0,0],[1,0]] -> M_QK = e1 e2ᵀ (queries e1, keys e2)
        l1.setW_q(Tensor.of(new double[][] {{1, 0}, {0, 0}})).setW_k(Tensor.of(new double[][] {{0, 0}, {1, 0}}))
                .setW_v(Tensor.of(new double[][] {{0, 0}, {1, 0}})).setW_o(Tensor.of(new double[][] {{1, 0}, {0, 0}}));
        Composition c = Composition.of(m, 0, 1);
        // K: W_QK W_OV = e1 e2ᵀ e1 e1ᵀ = 0 (keys read e2, layer 0 writes e1); Q: W_QKᵀ W_OV = e2 e1ᵀ e1 e1ᵀ = e2 e1ᵀ -> 1
        assertEquals(0, c.k().get(0, 0), 0);
        assertEquals(1, c.q().get(0, 0), 1e-15);
        // V: layer 1 M_OV = W_v W_o = e2 e1ᵀ (reads e2), layer 0 writes e1: M_OV^0 M_OV^1 = e1 e1ᵀ e2 e1ᵀ = 0
        assertEquals(0, c.v().get(0, 0), 0);
    }

    @Test
    void layersMustBeOrdered() {
        AttentionOnly m = new AttentionOnly(2, 1, 2, 3, 3, 0);
        assertEquals("layers must satisfy 0 <= from < to < 2 (the model's layers) but were from=1, to=1",
                assertThrows(IllegalArgumentException.class, () -> Composition.of(m, 1, 1)).getMessage());
    }
}
