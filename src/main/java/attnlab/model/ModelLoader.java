package attnlab.model;

import attnlab.attention.kernel.AttentionKernel;
import attnlab.attention.kernel.Foreground;
import attnlab.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Builds a {@link Model} from a Hugging Face directory: {@code config.json} first (the architecture and every shape),
 * then the weight headers (is every key there, does the heap have room), then the data: every key checked against the
 * shape {@code config.json} implies before anything is read, the large weights streamed straight into the kernel's
 * packed layout on two threads ({@link PackedLoad}), the small ones (biases, norms, positions) read as they are.
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
        return load(dir, PackedLoad.PIECE);
    }

    /** {@link #load} with the weights read in pieces of {@code piece} elements (tests: odd small pieces). */
    static Model load(Path dir, long piece) {
        if (!Files.isDirectory(dir))
            throw new IllegalArgumentException(Files.exists(dir) ? dir + " is a file, not a model directory (give the"
                    + " directory that holds config.json)" : dir + ": no such directory");
        ModelConfig cfg = ModelConfig.read(dir);
        try (Foreground all = Foreground.hold(); Checkpoint ck = Checkpoint.open(dir)) { // both cores for the load
            String root = cfg.arch().equals("gpt2") ? gpt2Root(ck) : "";
            Predicate<String> used = cfg.arch().equals("gpt2") ? k -> !k.endsWith(".attn.bias")
                    && !k.endsWith(".attn.masked_bias") && !k.equals("lm_head.weight")
                    : k -> cfg.tied() ? !k.equals("lm_head.weight") : true;
            long bytes = 8 * ck.elements(used);
            Checkpoint.checkHeap(dir, bytes, cfg.parameters()); // packed in place: no second copy
            long t0 = System.nanoTime();
            Model m;
            try {
                m = cfg.arch().equals("gpt2") ? gpt2(cfg, ck, root, piece) : llama(cfg, ck, piece);
            } catch (OutOfMemoryError e) { // room in total, yet no place for the weights' two large arrays
                throw Checkpoint.tooBig(dir, bytes, cfg.parameters());
            }
            m.loaded(System.nanoTime() - t0);
            return m;
        }
    }

    private static String gpt2Root(Checkpoint ck) {
        if (ck.has("wte.weight")) return "";
        if (ck.has("transformer.wte.weight")) return "transformer.";
        throw new IllegalArgumentException(ck.dir() + ": the weights have no 'wte.weight' (nor"
                + " 'transformer.wte.weight'): not a GPT-2 checkpoint although config.json says model_type gpt2");
    }

    // ---------------------------------------------------------------------------------------------------- GPT-2

    private static Model gpt2(ModelConfig c, Checkpoint ck, String root, long piece) {
        int D = c.dModel(), F = c.dMlp(), V = c.vocab(), L = c.layers();
        PackedLoad big = new PackedLoad(ck, AttentionKernel.get(), piece); // packed once, for the kernel in use
        PackedLoad.Weight unembed = big.transposed(root + "wte.weight", V, D);  // W_U = wteᵀ [D, V], tied
        PackedLoad.Weight[][] w = new PackedLoad.Weight[L][];
        for (int l = 0; l < L; l++) {
            String p = root + "h." + l + ".";
            w[l] = new PackedLoad.Weight[] {big.rows(p + "attn.c_attn.weight", D, 3 * D),
                    big.rows(p + "attn.c_proj.weight", D, D), big.rows(p + "mlp.c_fc.weight", D, F),
                    big.rows(p + "mlp.c_proj.weight", F, D)};
        }
        big.run();
        Tensor wpe = ck.take(root + "wpe.weight", c.context(), D);
        BlockWeights[] blocks = new BlockWeights[L];
        for (int l = 0; l < L; l++) {
            String p = root + "h." + l + ".";
            blocks[l] = new BlockWeights(layerNorm(ck, p + "ln_1.", D, c.eps()),
                    w[l][0].get(), row(ck, p + "attn.c_attn.bias", 3 * D),
                    w[l][1].get(), row(ck, p + "attn.c_proj.bias", D),
                    layerNorm(ck, p + "ln_2.", D, c.eps()),
                    w[l][2].get(), row(ck, p + "mlp.c_fc.bias", F), null,
                    w[l][3].get(), row(ck, p + "mlp.c_proj.bias", D));
        }
        Norm lnF = layerNorm(ck, root + "ln_f.", D, c.eps());
        return new Model(c, ck.dir(), null, wpe, blocks, lnF, new Unembedding(unembed.get()));
    }

    private static Norm layerNorm(Checkpoint ck, String p, int D, double eps) {
        return new Norm(row(ck, p + "weight", D), row(ck, p + "bias", D), eps);
    }

    private static double[] row(Checkpoint ck, String key, int n) {
        return ck.take(key, 1, n).matrix().data;
    }

    // ---------------------------------------------------------------------------------------------------- Llama

    private static Model llama(ModelConfig c, Checkpoint ck, long piece) {
        int D = c.dModel(), F = c.dMlp(), V = c.vocab(), H = c.heads(), KV = c.kvHeads(), dh = c.dHead(),
                L = c.layers();
        PackedLoad big = new PackedLoad(ck, AttentionKernel.get(), piece); // packed once, for the kernel in use
        // tied: W_U = embed_tokensᵀ [D, V], and the embedding is read back from it; untied: lm_headᵀ
        PackedLoad.Weight unembed = big.transposed(c.tied() ? "model.embed_tokens.weight" : "lm_head.weight", V, D);
        PackedLoad.Weight[][] w = new PackedLoad.Weight[L][];
        for (int l = 0; l < L; l++) {
            String p = "model.layers." + l + ".";
            // x W_QKV gives [q | k | v]: each nn.Linear [out, D] fills its columns of W_QKV [D, (H + 2 KV)·dh]
            PackedLoad.Weight qkv = big.weight(D, (H + 2 * KV) * dh);
            big.transposed(p + "self_attn.q_proj.weight", qkv, 0, H * dh);
            big.transposed(p + "self_attn.k_proj.weight", qkv, H * dh, KV * dh);
            big.transposed(p + "self_attn.v_proj.weight", qkv, (H + KV) * dh, KV * dh);
            w[l] = new PackedLoad.Weight[] {qkv, big.transposed(p + "self_attn.o_proj.weight", D, H * dh),
                    big.transposed(p + "mlp.gate_proj.weight", F, D), big.transposed(p + "mlp.up_proj.weight", F, D),
                    big.transposed(p + "mlp.down_proj.weight", D, F)};
        }
        big.run();
        Tensor embed = c.tied() ? null : ck.take("model.embed_tokens.weight", V, D);
        BlockWeights[] blocks = new BlockWeights[L];
        for (int l = 0; l < L; l++) {
            String p = "model.layers." + l + ".";
            blocks[l] = new BlockWeights(rmsNorm(ck, p + "input_layernorm.weight", D, c.eps()), w[l][0].get(), null,
                    w[l][1].get(), null, rmsNorm(ck, p + "post_attention_layernorm.weight", D, c.eps()),
                    w[l][2].get(), null, w[l][3].get(), w[l][4].get(), null);
        }
        Norm norm = rmsNorm(ck, "model.norm.weight", D, c.eps());
        return new Model(c, ck.dir(), embed, null, blocks, norm, new Unembedding(unembed.get()));
    }

    private static Norm rmsNorm(Checkpoint ck, String key, int D, double eps) {
        return new Norm(row(ck, key, D), null, eps);
    }

}
