package attnlab.model;

import attnlab.attention.Masks;
import attnlab.attention.MultiHeadAttention;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.Map;

/**
 * GPT-2's residual stream up to one layer, so that layer's heads can be looked at on the user's own token ids
 * (Radford et al. 2019; the Hugging Face {@code GPT2Model} state dict, keys {@code wte.weight}, {@code wpe.weight},
 * {@code h.N.ln_1.*}, {@code h.N.attn.c_attn.*}, {@code h.N.attn.c_proj.*}, {@code h.N.ln_2.*},
 * {@code h.N.mlp.c_fc.*}, {@code h.N.mlp.c_proj.*}, optionally under {@code transformer.}):
 * <pre>
 *   x = wte[ids] + wpe[0 … L−1]                                  [L, D]
 *   for each block before the layer:
 *     x = x + attn(ln_1(x))                                      causal, 1/√(D/H), see {@link AttentionLayers#fromGpt2}
 *     x = x + c_proj(gelu(c_fc(ln_2(x))))                        gelu: the tanh approximation GPT-2 uses
 *   weights of the layer = softmax(Q Kᵀ/√dk + causal) on ln_1(x)  [H, L, L]
 * </pre>
 * Layer norms use ε = 1e-5. Nothing is downloaded: the caller loads the checkpoint
 * ({@code loadSafetensors("model.safetensors")}). The real model runs in float32; this runs in float64, so its
 * weights agree with PyTorch's to float32 accuracy, not bit for bit.
 */
public final class Gpt2 {
    private Gpt2() {}

    /** The per-head attention weights {@code [H, L, L]} of {@code layer} (0-based) on {@code ids}; H = D / 64. */
    public static Tensor headWeights(Map<String, Tensor> sd, int layer, int[] ids) {
        return headWeights(sd, layer, ids, -1);
    }

    /** The same with an explicit head count ({@code nHeads ≤ 0}: D / 64, as every GPT-2 size has). */
    public static Tensor headWeights(Map<String, Tensor> sd, int layer, int[] ids, int nHeads) {
        Checks.notNull(sd, "stateDict");
        Checks.notNull(ids, "ids");
        Checks.nonNegative(layer, "layer");
        if (ids.length == 0) throw new IllegalArgumentException("ids is empty: give at least one token id");
        String root = sd.containsKey("wte.weight") ? "" : sd.containsKey("transformer.wte.weight") ? "transformer."
                : null;
        if (root == null)
            throw new IllegalArgumentException("this is not a GPT-2 state dict: it has neither 'wte.weight' nor"
                    + " 'transformer.wte.weight'");
        Tensor wte = AttentionLayers.get(sd, root + "wte.weight"), wpe = AttentionLayers.get(sd, root + "wpe.weight");
        int d = wte.cols(), L = ids.length;
        if (nHeads <= 0 && d % 64 != 0)
            throw new IllegalArgumentException("cannot infer the head count: d_model=" + d + " is not a multiple of"
                    + " GPT-2's head width 64; give nHeads: Gpt2.headWeights(stateDict, layer, ids, nHeads)");
        int heads = nHeads > 0 ? nHeads : d / 64;
        if (L > wpe.rows())
            throw new IllegalArgumentException("ids has " + L + " tokens but the model's context is " + wpe.rows());
        if (!sd.containsKey(root + "h." + layer + ".attn.c_attn.weight"))
            throw new IllegalArgumentException("layer must name a block of the model but there is no '" + root + "h."
                    + layer + ".attn.c_attn.weight'");
        DMatrixRMaj x = new DMatrixRMaj(L, d);
        for (int t = 0; t < L; t++) {
            if (ids[t] < 0 || ids[t] >= wte.rows())
                throw new IllegalArgumentException("ids[" + t + "] must be in 0.." + (wte.rows() - 1) + " but was "
                        + ids[t]);
            for (int c = 0; c < d; c++) x.set(t, c, wte.get(ids[t], c) + wpe.get(t, c));
        }
        Tensor mask = Masks.causal(L);
        for (int l = 0; l < layer; l++) {
            String p = root + "h." + l + ".";
            MultiHeadAttention attn = AttentionLayers.fromGpt2(sd, p + "attn.", heads);
            Tensor a = attn.forward(Tensor.of(layerNorm(sd, p + "ln_1.", x)), mask);
            CommonOps_DDRM.addEquals(x, a.matrix());                                    // x = x + attn(ln_1(x))
            DMatrixRMaj h = linear(sd, p + "mlp.c_fc.", layerNorm(sd, p + "ln_2.", x));
            for (int k = 0; k < h.getNumElements(); k++) h.data[k] = gelu(h.data[k]);
            CommonOps_DDRM.addEquals(x, linear(sd, p + "mlp.c_proj.", h));             // x = x + mlp(ln_2(x))
        }
        String p = root + "h." + layer + ".";
        MultiHeadAttention attn = AttentionLayers.fromGpt2(sd, p + "attn.", heads);
        attn.forward(Tensor.of(layerNorm(sd, p + "ln_1.", x)), mask);
        return attn.weights().copy().view(heads, L, L);
    }

    /** {@code (x − mean) / √(var + 1e-5) · g + b} per row, the variance biased (÷ D). */
    static DMatrixRMaj layerNorm(Map<String, Tensor> sd, String prefix, DMatrixRMaj x) {
        double[] g = AttentionLayers.get(sd, prefix + "weight").matrix().data;
        double[] b = AttentionLayers.get(sd, prefix + "bias").matrix().data;
        int d = x.numCols;
        DMatrixRMaj y = new DMatrixRMaj(x.numRows, d);
        for (int i = 0; i < x.numRows; i++) {
            double mean = 0, var = 0;
            for (int c = 0; c < d; c++) mean += x.get(i, c);
            mean /= d;
            for (int c = 0; c < d; c++) var += (x.get(i, c) - mean) * (x.get(i, c) - mean);
            double inv = 1 / Math.sqrt(var / d + 1e-5);
            for (int c = 0; c < d; c++) y.set(i, c, (x.get(i, c) - mean) * inv * g[c] + b[c]);
        }
        return y;
    }

    /** Conv1D: {@code x W + b}, W {@code [in, out]} as stored. */
    static DMatrixRMaj linear(Map<String, Tensor> sd, String prefix, DMatrixRMaj x) {
        DMatrixRMaj w = AttentionLayers.get(sd, prefix + "weight").matrix();
        double[] b = AttentionLayers.get(sd, prefix + "bias").matrix().data;
        if (w.numRows != x.numCols)
            throw new IllegalArgumentException(prefix + "weight has shape [" + w.numRows + ", " + w.numCols
                    + "] but its input has width " + x.numCols);
        DMatrixRMaj y = new DMatrixRMaj(x.numRows, w.numCols);
        CommonOps_DDRM.mult(x, w, y);
        for (int i = 0; i < y.numRows; i++) for (int c = 0; c < y.numCols; c++) y.add(i, c, b[c]);
        return y;
    }

    /** GPT-2's gelu: {@code 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))}. */
    static double gelu(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }
}
