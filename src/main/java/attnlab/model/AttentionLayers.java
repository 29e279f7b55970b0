package attnlab.model;

import attnlab.attention.MultiHeadAttention;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.Map;
import java.util.StringJoiner;

/**
 * A {@link MultiHeadAttention} from the state dict of a real attention layer, in the three layouts checkpoints use.
 * attnlab applies {@code x W + b} with {@code W [D, D]}; the layouts differ in how they store W:
 * <pre>
 *   PyTorch nn.MultiheadAttention   in_proj_weight [3D, D] = [W_qᵀ; W_kᵀ; W_vᵀ]   in_proj_bias (3D,)
 *                                   out_proj.weight [D, D] = W_oᵀ                 out_proj.bias (D,)
 *   Hugging Face (BART, OPT, ...)   q_proj.weight [D, D] = W_qᵀ, k_proj, v_proj, o_proj (or out_proj); .bias (D,)
 *   GPT-2 Conv1D (x W + b as is)    c_attn.weight [D, 3D] = [W_q | W_k | W_v]     c_attn.bias (3D,)
 *                                   c_proj.weight [D, D] = W_o                    c_proj.bias (D,)
 * </pre>
 * Keys are looked up under a prefix ({@code "h.5.attn."}, {@code "model.decoder.layers.0.self_attn."}, or
 * {@code ""}). A layout without bias keys (bias=False, Llama) gives a layer without biases. Grouped-query layers
 * (k_proj narrower than q_proj) and PyTorch's separate {@code q_proj_weight} (kdim ≠ embed_dim) are not supported.
 * The scale is 1/√(D/H) in all three, as in the originals; GPT-2 is causal, which the caller's mask says.
 */
public final class AttentionLayers {
    private AttentionLayers() {}

    /** Which layout the keys under {@code prefix} are in, or an error listing what is there. */
    public static MultiHeadAttention load(Map<String, Tensor> stateDict, String prefix, int nHeads) {
        Checks.notNull(stateDict, "stateDict");
        Checks.notNull(prefix, "prefix");
        if (stateDict.containsKey(prefix + "in_proj_weight")) return fromPyTorch(stateDict, prefix, nHeads);
        if (stateDict.containsKey(prefix + "q_proj.weight")) return fromHuggingFace(stateDict, prefix, nHeads);
        if (stateDict.containsKey(prefix + "c_attn.weight")) return fromGpt2(stateDict, prefix, nHeads);
        throw new IllegalArgumentException("the state dict has no attention layer under prefix '" + prefix
                + "': expected " + prefix + "in_proj_weight (PyTorch), " + prefix + "q_proj.weight (Hugging Face) or "
                + prefix + "c_attn.weight (GPT-2); " + keysUnder(stateDict, prefix));
    }

    /** PyTorch {@code nn.MultiheadAttention}: {@code in_proj_weight}, {@code in_proj_bias}, {@code out_proj.*}. */
    public static MultiHeadAttention fromPyTorch(Map<String, Tensor> sd, String prefix, int nHeads) {
        Tensor w = get(sd, prefix + "in_proj_weight");
        int d = w.cols();
        checkShape(w, prefix + "in_proj_weight", 3 * d, d);
        Tensor wo = get(sd, prefix + "out_proj.weight");
        MultiHeadAttention m = layer(d, nHeads).setFromPyTorch(w, wo);
        Tensor b = sd.get(prefix + "in_proj_bias"), bo = sd.get(prefix + "out_proj.bias");
        if (b != null || bo != null)
            m.setFromPyTorch(w, b != null ? row(b, prefix + "in_proj_bias", 3 * d) : Tensor.zeros(1, 3 * d), wo,
                    bo != null ? row(bo, prefix + "out_proj.bias", d) : Tensor.zeros(1, d));
        return m;
    }

    /** Hugging Face {@code q_proj}/{@code k_proj}/{@code v_proj}/{@code o_proj} (or {@code out_proj}) Linear layers. */
    public static MultiHeadAttention fromHuggingFace(Map<String, Tensor> sd, String prefix, int nHeads) {
        Tensor wq = get(sd, prefix + "q_proj.weight");
        int d = wq.cols();
        String o = sd.containsKey(prefix + "o_proj.weight") || !sd.containsKey(prefix + "out_proj.weight")
                ? "o_proj" : "out_proj";
        String[] names = {"q_proj", "k_proj", "v_proj", o};
        MultiHeadAttention m = layer(d, nHeads);
        boolean biases = false;
        for (String n : names) biases |= sd.containsKey(prefix + n + ".bias");
        for (int p = 0; p < 4; p++) {
            String key = prefix + names[p] + ".weight";
            Tensor w = get(sd, key);
            if (p == 1 && w.rank() == 2 && w.rows() != d)
                throw new IllegalArgumentException(key + " has shape " + Checks.str(w.shape()) + " but must be ["
                        + d + ", " + d + "]: grouped-query attention (fewer key/value heads) is not supported");
            checkShape(w, key, d, d);
            Tensor W = Tensor.of(CommonOps_DDRM.transpose(w.matrix(), null));          // Linear: x wᵀ
            Tensor bias = biases ? optionalRow(sd, prefix + names[p] + ".bias", d) : null;
            switch (p) {
                case 0: m.setW_q(W); if (biases) m.setB_q(bias); break;
                case 1: m.setW_k(W); if (biases) m.setB_k(bias); break;
                case 2: m.setW_v(W); if (biases) m.setB_v(bias); break;
                default: m.setW_o(W); if (biases) m.setB_o(bias);
            }
        }
        return m;
    }

    /** GPT-2's Conv1D {@code c_attn} ({@code [D, 3D]}, bias {@code (3D,)}) and {@code c_proj}, applied as x W + b. */
    public static MultiHeadAttention fromGpt2(Map<String, Tensor> sd, String prefix, int nHeads) {
        Tensor w = get(sd, prefix + "c_attn.weight");
        int d = w.rows();
        checkShape(w, prefix + "c_attn.weight", d, 3 * d);
        Tensor wo = get(sd, prefix + "c_proj.weight");
        checkShape(wo, prefix + "c_proj.weight", d, d);
        MultiHeadAttention m = layer(d, nHeads);
        m.setW_q(Tensor.of(CommonOps_DDRM.extract(w.matrix(), 0, d, 0, d)))
                .setW_k(Tensor.of(CommonOps_DDRM.extract(w.matrix(), 0, d, d, 2 * d)))
                .setW_v(Tensor.of(CommonOps_DDRM.extract(w.matrix(), 0, d, 2 * d, 3 * d)))
                .setW_o(wo);
        Tensor b = sd.get(prefix + "c_attn.bias"), bo = sd.get(prefix + "c_proj.bias");
        if (b != null || bo != null) {
            Tensor bb = b != null ? row(b, prefix + "c_attn.bias", 3 * d) : Tensor.zeros(1, 3 * d);
            m.setB_q(Tensor.of(CommonOps_DDRM.extract(bb.matrix(), 0, 1, 0, d)))
                    .setB_k(Tensor.of(CommonOps_DDRM.extract(bb.matrix(), 0, 1, d, 2 * d)))
                    .setB_v(Tensor.of(CommonOps_DDRM.extract(bb.matrix(), 0, 1, 2 * d, 3 * d)))
                    .setB_o(bo != null ? row(bo, prefix + "c_proj.bias", d) : Tensor.zeros(1, d));
        }
        return m;
    }

    // ------------------------------------------------------------------ helpers

    private static MultiHeadAttention layer(int d, int nHeads) {
        Checks.positive(nHeads, "nHeads");
        MultiHeadAttention m = new MultiHeadAttention(d, nHeads, 0L);   // every weight is overwritten
        return m;
    }

    static Tensor get(Map<String, Tensor> sd, String key) {
        Tensor t = sd.get(key);
        if (t == null) {
            int dot = key.lastIndexOf('.', key.length() - 2);
            String prefix = dot < 0 ? "" : key.substring(0, dot + 1);
            throw new IllegalArgumentException("the state dict has no '" + key + "'; " + keysUnder(sd, prefix));
        }
        return t;
    }

    /** A bias as a row {@code [1, n]}: loaded from a 1-d file entry it already is one. */
    private static Tensor row(Tensor b, String key, int n) {
        if (b.rank() != 2 || b.rows() != 1 || b.cols() != n)
            throw new IllegalArgumentException(key + " has shape " + Checks.str(b.shape()) + " but must be (" + n
                    + ",), read as [1, " + n + "]");
        return b;
    }

    private static Tensor optionalRow(Map<String, Tensor> sd, String key, int n) {
        Tensor b = sd.get(key);
        return b == null ? Tensor.zeros(1, n) : row(b, key, n);
    }

    static void checkShape(Tensor w, String key, int rows, int cols) {
        if (w.rank() != 2 || w.rows() != rows || w.cols() != cols)
            throw new IllegalArgumentException(key + " has shape " + Checks.str(w.shape()) + " but must be [" + rows
                    + ", " + cols + "]");
    }

    static String keysUnder(Map<String, Tensor> sd, String prefix) {
        StringJoiner j = new StringJoiner(", ");
        int n = 0;
        for (String k : sd.keySet())
            if (k.startsWith(prefix) && n++ < 12) j.add(k);
        if (n == 0) return "no key starts with '" + prefix + "'";
        return "keys under '" + prefix + "': " + j + (n > 12 ? ", ... (" + n + " in all)" : "");
    }
}
