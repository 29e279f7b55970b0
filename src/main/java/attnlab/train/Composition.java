package attnlab.train;

import attnlab.attention.MultiHeadAttention;
import attnlab.plot.Heatmap;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

import java.util.Locale;

/**
 * The composition scores of Elhage et al. (2021) between every head h1 of an earlier layer and every head h2 of a
 * later one: how much of what h1 writes into the residual stream h2 reads, through its queries, keys or values.
 * In the paper's column-vector convention ({@code W_QK = W_Qᵀ W_K}, {@code W_OV = W_O W_V}, score
 * {@code x_qᵀ W_QK x_k}), each divided by the product of the two Frobenius norms:
 * <pre>
 *   K-composition   ‖W_QK^h2 · W_OV^h1‖_F        h2's keys read h1's output (the induction circuit)
 *   Q-composition   ‖W_QK^h2ᵀ · W_OV^h1‖_F       h2's queries read it
 *   V-composition   ‖W_OV^h2 · W_OV^h1‖_F        h2's values read it
 * </pre>
 * The lab multiplies row vectors ({@code q = x W_q}, head h owns columns {@code h·dk .. (h+1)·dk − 1}), so its
 * matrices are the transposes: {@code M_QK = W_q^h (W_k^h)ᵀ} (score {@code x_q M_QK x_kᵀ}) is the paper's
 * {@code W_QK}, and {@code M_OV = W_v^h W_o^h} (rows h·dk.. of W_o; output {@code x M_OV}) is the paper's
 * {@code W_OVᵀ}. Hence, computed here:
 * <pre>
 *   K = ‖M_QK^h2 · (M_OV^h1)ᵀ‖    Q = ‖(M_QK^h2)ᵀ · (M_OV^h1)ᵀ‖    V = ‖(M_OV^h2)ᵀ · (M_OV^h1)ᵀ‖ = ‖M_OV^h1 M_OV^h2‖
 * </pre>
 * (norms of the paper's products; a transpose does not change a Frobenius norm).
 *
 * @param k    {@code [H, H]}: row h1 of layer {@code from}, column h2 of layer {@code to}
 * @param q    as k
 * @param v    as k
 * @param from the earlier layer
 * @param to   the later layer
 */
public record Composition(Tensor k, Tensor q, Tensor v, int from, int to) {

    /** The scores from every head of layer {@code from} into every head of layer {@code to > from}. */
    public static Composition of(AttentionOnly model, int from, int to) {
        Checks.notNull(model, "model");
        if (from < 0 || to <= from || to >= model.layers())
            throw new IllegalArgumentException("layers must satisfy 0 <= from < to < " + model.layers()
                    + " (the model's layers) but were from=" + from + ", to=" + to);
        MultiHeadAttention a = model.attention(from), b = model.attention(to);
        int H = model.heads();
        Tensor K = Tensor.zeros(H, H), Q = Tensor.zeros(H, H), V = Tensor.zeros(H, H);
        for (int h1 = 0; h1 < H; h1++) {
            DMatrixRMaj ov1 = ov(a, h1), ov1T = CommonOps_DDRM.transpose(ov1, null);
            double n1 = NormOps_DDRM.normF(ov1);
            for (int h2 = 0; h2 < H; h2++) {
                DMatrixRMaj qk2 = qk(b, h2), ov2 = ov(b, h2);
                double nqk = NormOps_DDRM.normF(qk2), nov = NormOps_DDRM.normF(ov2);
                DMatrixRMaj out = new DMatrixRMaj(qk2.numRows, qk2.numCols);
                CommonOps_DDRM.mult(qk2, ov1T, out);                           // M_QK^h2 (M_OV^h1)ᵀ
                K.set(0, h1, h2, NormOps_DDRM.normF(out) / (nqk * n1));
                CommonOps_DDRM.multTransA(qk2, ov1T, out);                     // (M_QK^h2)ᵀ (M_OV^h1)ᵀ
                Q.set(0, h1, h2, NormOps_DDRM.normF(out) / (nqk * n1));
                CommonOps_DDRM.mult(ov1, ov2, out);                            // M_OV^h1 M_OV^h2
                V.set(0, h1, h2, NormOps_DDRM.normF(out) / (nov * n1));
            }
        }
        return new Composition(K, Q, V, from, to);
    }

    /** {@code M_QK = W_q^h (W_k^h)ᵀ} {@code [D, D]}: head h's score is {@code x_q M_QK x_kᵀ}. */
    static DMatrixRMaj qk(MultiHeadAttention m, int h) {
        DMatrixRMaj q = columns(m.W_q().matrix(), h, m.dHead()), k = columns(m.W_k().matrix(), h, m.dHead());
        DMatrixRMaj out = new DMatrixRMaj(q.numRows, k.numRows);
        CommonOps_DDRM.multTransB(q, k, out);
        return out;
    }

    /** {@code M_OV = W_v^h W_o^h} {@code [D, D]}: head h adds {@code x M_OV} for the key x it attends to. */
    static DMatrixRMaj ov(MultiHeadAttention m, int h) {
        int dk = m.dHead();
        DMatrixRMaj v = columns(m.W_v().matrix(), h, dk);
        DMatrixRMaj o = CommonOps_DDRM.extract(m.W_o().matrix(), h * dk, (h + 1) * dk, 0, m.dModel());
        DMatrixRMaj out = new DMatrixRMaj(v.numRows, o.numCols);
        CommonOps_DDRM.mult(v, o, out);
        return out;
    }

    private static DMatrixRMaj columns(DMatrixRMaj w, int h, int dk) {
        return CommonOps_DDRM.extract(w, 0, w.numRows, h * dk, (h + 1) * dk);
    }

    /** The largest K-composition score: {@code {h1, h2, score}}. */
    public double[] strongestK() {
        int b1 = 0, b2 = 0;
        for (int i = 0; i < k.rows(); i++)
            for (int j = 0; j < k.cols(); j++) if (k.get(i, j) > k.get(b1, b2)) { b1 = i; b2 = j; }
        return new double[] {b1, b2, k.get(b1, b2)};
    }

    /**
     * Three panels (K, Q, V), rows = heads of layer {@code from}, columns = heads of layer {@code to}, values on; one
     * colour scale from 0 to the largest score, so that the differences show (the scores are small numbers).
     */
    public Heatmap heatmap() {
        int H = k.rows();
        Tensor all = Tensor.zeros(3, H, H);
        all.slice(0).setTo(k.matrix());
        all.slice(1).setTo(q.matrix());
        all.slice(2).setTo(v.matrix());
        String[] rows = new String[H], cols = new String[H];
        for (int h = 0; h < H; h++) {
            rows[h] = from + "." + h;
            cols[h] = to + "." + h;
        }
        return Heatmap.of(all).panelTitles("K-composition", "Q-composition", "V-composition").tokens(rows, cols)
                .range(0, max(all)).values(true).axes("head of layer " + to + " (reads)", "head of layer " + from + " (writes)")
                .title("Composition scores, layer " + from + " → layer " + to);
    }

    private static double max(Tensor t) {
        double m = 0;
        for (int s = 0; s < t.batch(); s++) for (double v : t.slice(s).data) m = Math.max(m, v);
        return m > 0 ? m : 1;
    }

    /** One row per head pair: {@code from → to    K      Q      V}, 3 decimals. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("from → to     K      Q      V\n");
        for (int h1 = 0; h1 < k.rows(); h1++)
            for (int h2 = 0; h2 < k.cols(); h2++)
                b.append(String.format(Locale.ROOT, "%4s → %-4s %5s  %5s  %5s%n", from + "." + h1, to + "." + h2,
                        Fixed.format(k.get(h1, h2), 3), Fixed.format(q.get(h1, h2), 3), Fixed.format(v.get(h1, h2), 3)));
        return b.toString();
    }
}
