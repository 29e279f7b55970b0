package attnlab.model;

import attnlab.attention.kernel.AttentionKernel;
import attnlab.attention.kernel.PackedWeights;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Builds a {@link Model} from a Hugging Face directory: {@code config.json} first (the architecture and every shape),
 * then the weight headers (is every key there, does the heap have room), then the data, one key at a time, each
 * checked against the shape {@code config.json} implies and put in the {@link BlockWeights} layout.
 * <pre>
 *   gpt2    [transformer.]wte.weight [V, D], wpe.weight [C, D], h.N.ln_1.{weight,bias}, h.N.attn.c_attn.{weight
 *           [D, 3D], bias}, h.N.attn.c_proj.*, h.N.ln_2.*, h.N.mlp.c_fc.{weight [D, 4D], bias}, h.N.mlp.c_proj.*,
 *           ln_f.*; lm_head tied to wte. Buffers h.N.attn.bias and h.N.attn.masked_bias are skipped.
 *   llama   model.embed_tokens.weight [V, D], model.layers.N.input_layernorm.weight, ...self_attn.{q,k,v,o}_proj
 *           .weight [out, in], ...post_attention_layernorm.weight, ...mlp.{gate,up,down}_proj.weight,
 *           model.norm.weight, lm_head.weight [V, D] unless tie_word_embeddings.
 * </pre>
 */
final class ModelLoader {
    private ModelLoader() {}

    static Model load(Path dir) {
        if (!Files.isDirectory(dir))
            throw new IllegalArgumentException(Files.exists(dir) ? dir + " is a file, not a model directory (give the"
                    + " directory that holds config.json)" : dir + ": no such directory");
        ModelConfig cfg = ModelConfig.read(dir);
        Checkpoint ck = Checkpoint.open(dir);
        String root = cfg.arch().equals("gpt2") ? gpt2Root(ck) : "";
        Predicate<String> used = cfg.arch().equals("gpt2") ? k -> !k.endsWith(".attn.bias")
                && !k.endsWith(".attn.masked_bias") && !k.equals("lm_head.weight")
                : k -> cfg.tied() ? !k.equals("lm_head.weight") : true;
        ck.only(used);
        // the weights, plus the largest one once more (a transposed copy exists while the original is dropped)
        Checkpoint.checkHeap(dir, 8 * (ck.elements(used) + ck.largest(used)), cfg.parameters());
        long t0 = System.nanoTime();
        Model m = cfg.arch().equals("gpt2") ? gpt2(cfg, ck, root) : llama(cfg, ck);
        ck.close();
        m.loaded(System.nanoTime() - t0);
        return m;
    }

    private static String gpt2Root(Checkpoint ck) {
        if (ck.has("wte.weight")) return "";
        if (ck.has("transformer.wte.weight")) return "transformer.";
        throw new IllegalArgumentException(ck.dir() + ": the weights have no 'wte.weight' (nor"
                + " 'transformer.wte.weight'): not a GPT-2 checkpoint although config.json says model_type gpt2");
    }

    // ---------------------------------------------------------------------------------------------------- GPT-2

    private static Model gpt2(ModelConfig c, Checkpoint ck, String root) {
        int D = c.dModel(), F = c.dMlp(), V = c.vocab();
        AttentionKernel kernel = AttentionKernel.get(); // weights packed once, for the kernel in use
        Tensor wte = ck.take(root + "wte.weight", V, D);
        Tensor wpe = ck.take(root + "wpe.weight", c.context(), D);
        BlockWeights[] blocks = new BlockWeights[c.layers()];
        for (int l = 0; l < blocks.length; l++) {
            String p = root + "h." + l + ".";
            blocks[l] = new BlockWeights(layerNorm(ck, p + "ln_1.", D, c.eps()),
                    kernel.pack(ck.take(p + "attn.c_attn.weight", D, 3 * D)), row(ck, p + "attn.c_attn.bias", 3 * D),
                    kernel.pack(ck.take(p + "attn.c_proj.weight", D, D)), row(ck, p + "attn.c_proj.bias", D),
                    layerNorm(ck, p + "ln_2.", D, c.eps()),
                    kernel.pack(ck.take(p + "mlp.c_fc.weight", D, F)), row(ck, p + "mlp.c_fc.bias", F), null,
                    kernel.pack(ck.take(p + "mlp.c_proj.weight", F, D)), row(ck, p + "mlp.c_proj.bias", D));
        }
        Norm lnF = layerNorm(ck, root + "ln_f.", D, c.eps());
        Unembedding u = Unembedding.fromRows(wte);
        return new Model(c, ck.dir(), null, wpe, blocks, lnF, u);
    }

    private static Norm layerNorm(Checkpoint ck, String p, int D, double eps) {
        return new Norm(row(ck, p + "weight", D), row(ck, p + "bias", D), eps);
    }

    private static double[] row(Checkpoint ck, String key, int n) {
        return ck.take(key, 1, n).matrix().data;
    }

    // ---------------------------------------------------------------------------------------------------- Llama

    private static Model llama(ModelConfig c, Checkpoint ck) {
        int D = c.dModel(), F = c.dMlp(), V = c.vocab(), H = c.heads(), KV = c.kvHeads(), dh = c.dHead();
        AttentionKernel kernel = AttentionKernel.get(); // weights packed once, for the kernel in use
        Tensor embed = ck.take("model.embed_tokens.weight", V, D);
        BlockWeights[] blocks = new BlockWeights[c.layers()];
        for (int l = 0; l < blocks.length; l++) {
            String p = "model.layers." + l + ".";
            DMatrixRMaj q = ck.take(p + "self_attn.q_proj.weight", H * dh, D).matrix();
            DMatrixRMaj k = ck.take(p + "self_attn.k_proj.weight", KV * dh, D).matrix();
            DMatrixRMaj v = ck.take(p + "self_attn.v_proj.weight", KV * dh, D).matrix();
            // [q; k; v] stacked as rows = W_QKVᵀ, packed transposed: x W_QKV gives [q | k | v]
            DMatrixRMaj qkv = new DMatrixRMaj((H + 2 * KV) * dh, D);
            System.arraycopy(q.data, 0, qkv.data, 0, H * dh * D);
            System.arraycopy(k.data, 0, qkv.data, H * dh * D, KV * dh * D);
            System.arraycopy(v.data, 0, qkv.data, (H + KV) * dh * D, KV * dh * D);
            blocks[l] = new BlockWeights(rmsNorm(ck, p + "input_layernorm.weight", D, c.eps()),
                    kernel.packTransposed(Tensor.of(qkv)), null,
                    transposed(ck.take(p + "self_attn.o_proj.weight", D, H * dh)), null,
                    rmsNorm(ck, p + "post_attention_layernorm.weight", D, c.eps()),
                    transposed(ck.take(p + "mlp.gate_proj.weight", F, D)), null,
                    transposed(ck.take(p + "mlp.up_proj.weight", F, D)),
                    transposed(ck.take(p + "mlp.down_proj.weight", D, F)), null);
        }
        Norm norm = rmsNorm(ck, "model.norm.weight", D, c.eps());
        Unembedding u;
        if (c.tied()) {
            u = Unembedding.fromRows(embed);
            embed = null;
        } else {
            u = Unembedding.fromRows(ck.take("lm_head.weight", V, D));
        }
        return new Model(c, ck.dir(), embed, null, blocks, norm, u);
    }

    private static Norm rmsNorm(Checkpoint ck, String key, int D, double eps) {
        return new Norm(row(ck, key, D), null, eps);
    }

    /** {@code Wᵀ} (an {@code nn.Linear [out, in]} as {@code x·W}), packed for the kernel. */
    private static PackedWeights transposed(Tensor w) {
        return AttentionKernel.get().packTransposed(w);
    }
}
