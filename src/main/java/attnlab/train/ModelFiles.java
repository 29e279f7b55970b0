package attnlab.train;

import attnlab.attention.MultiHeadAttention;
import attnlab.io.Dtype;
import attnlab.io.Npz;
import attnlab.io.Safetensors;
import attnlab.io.TensorFile;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import org.ejml.dense.row.CommonOps_DDRM;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The lab's trained models to and from {@code .npz} or {@code .safetensors} (written and read by {@code attnlab.io}),
 * under the names and layouts of the PyTorch modules that compute the same functions. Exercise 5.9's
 * {@link AttentionModel}:
 * <pre>
 *   class AttentionModel(nn.Module):                           name in the file         attnlab
 *     embedding = nn.Embedding(V, D)                           embedding.weight [V, D]  E
 *     attn = nn.MultiheadAttention(D, H, bias=False,           attn.in_proj_weight      [W_qᵀ; W_kᵀ; W_vᵀ]
 *                                  batch_first=True)           attn.out_proj.weight     W_oᵀ
 *     unembed = nn.Linear(D, C, bias=False)                    unembed.weight [C, D]    W_Uᵀ
 *   forward: x = embedding(tokens) + PE;  z = x + attn(x, x, x, attn_mask)[0];  logits = unembed(z)
 * </pre>
 * (PE is the fixed sinusoidal table and the mask follows from the mask kind: neither is a parameter.) The
 * N-layer {@link AttentionOnly} (issue 20):
 * <pre>
 *   class AttentionOnly(nn.Module):                            name in the file                    attnlab
 *     embedding = nn.Embedding(V, D)                           embedding.weight [V, D]             E
 *     pos_embedding = nn.Embedding(context, D)                 pos_embedding.weight [context, D]   P
 *     blocks = nn.ModuleList(Block(D, H) for l in range(N))    blocks.l.attn.in_proj_weight [3D, D]  [W_qᵀ; W_kᵀ; W_vᵀ]
 *       Block.attn = nn.MultiheadAttention(D, H, bias=False,   blocks.l.attn.out_proj.weight [D, D]  W_oᵀ
 *                                          batch_first=True)
 *     unembed = nn.Linear(D, V, bias=False)                    unembed.weight [V, D]               W_Uᵀ
 *   forward: x = embedding(t) + pos_embedding(arange(L));  x = x + block.attn(x, x, x, attn_mask=causal)[0] per
 *            block;  logits = unembed(x)
 * </pre>
 * Values are float64, so a save and a load give back the model bit for bit (transposes are exact). The safetensors
 * {@code __metadata__} records {@code format: pt} and the model's shape.
 */
public final class ModelFiles {
    private ModelFiles() {}

    // ------------------------------------------------------------------ exercise 5.9

    /** The state dict of {@code m}, in the order above (copies). */
    public static Map<String, Tensor> stateDict(AttentionModel m) {
        Checks.notNull(m, "model");
        Tensor[] p = m.parameters();
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("embedding.weight", p[0].copy());
        sd.put("attn.in_proj_weight", m.attention().inProjWeight());
        sd.put("attn.out_proj.weight", transpose(p[4]));
        sd.put("unembed.weight", transpose(p[5]));
        return sd;
    }

    /** Saves to {@code .npz} (stored) or {@code .safetensors}, by the extension; float64; atomically. */
    public static void save(AttentionModel m, Path path) {
        Checks.notNull(m, "model");
        write(path, stateDict(m), String.format(Locale.ROOT, "AttentionModel vocab=%d classes=%d length=%d d_model=%d"
                + " heads=%d mask=%s", m.vocab(), m.classes(), m.length(), m.dModel(), m.heads(), m.maskKind().name()));
    }

    /** Copies the parameters in {@code path} into {@code m} (whose shapes must match); returns {@code m}. */
    public static AttentionModel load(AttentionModel m, Path path) {
        Checks.notNull(m, "model");
        TensorFile f = read(path);
        int V = m.vocab(), D = m.dModel(), C = m.classes();
        Tensor e = shaped(f, path, "embedding.weight", V, D);
        Tensor in = shaped(f, path, "attn.in_proj_weight", 3 * D, D);
        Tensor out = shaped(f, path, "attn.out_proj.weight", D, D);
        Tensor un = shaped(f, path, "unembed.weight", C, D);
        Tensor[] p = m.parameters();
        p[0].matrix().setTo(e.matrix());
        m.attention().setFromPyTorch(in, out);
        CommonOps_DDRM.transpose(un.matrix(), p[5].matrix());
        return m;
    }

    // ------------------------------------------------------------------ N-layer attention-only (issue 20)

    /** The state dict of {@code m}, in the order above (copies). */
    public static Map<String, Tensor> stateDict(AttentionOnly m) {
        Checks.notNull(m, "model");
        Map<String, Tensor> sd = new LinkedHashMap<>();
        sd.put("embedding.weight", m.embedding().copy());
        sd.put("pos_embedding.weight", m.positions().copy());
        for (int l = 0; l < m.layers(); l++) {
            MultiHeadAttention a = m.attention(l);
            sd.put("blocks." + l + ".attn.in_proj_weight", a.inProjWeight());
            sd.put("blocks." + l + ".attn.out_proj.weight", transpose(a.W_o()));
        }
        sd.put("unembed.weight", transpose(m.unembedding()));
        return sd;
    }

    /** Saves to {@code .npz} (stored) or {@code .safetensors}, by the extension; float64; atomically. */
    public static void save(AttentionOnly m, Path path) {
        Checks.notNull(m, "model");
        write(path, stateDict(m), String.format(Locale.ROOT, "AttentionOnly layers=%d heads=%d d_model=%d vocab=%d"
                + " context=%d", m.layers(), m.heads(), m.dModel(), m.vocab(), m.context()));
    }

    /** Copies the parameters in {@code path} into {@code m} (whose shapes must match); returns {@code m}. */
    public static AttentionOnly load(AttentionOnly m, Path path) {
        Checks.notNull(m, "model");
        TensorFile f = read(path);
        int V = m.vocab(), D = m.dModel();
        Tensor e = shaped(f, path, "embedding.weight", V, D);
        Tensor pos = shaped(f, path, "pos_embedding.weight", m.context(), D);
        Tensor[] in = new Tensor[m.layers()], out = new Tensor[m.layers()];
        for (int l = 0; l < m.layers(); l++) {
            in[l] = shaped(f, path, "blocks." + l + ".attn.in_proj_weight", 3 * D, D);
            out[l] = shaped(f, path, "blocks." + l + ".attn.out_proj.weight", D, D);
        }
        if (f.containsKey("blocks." + m.layers() + ".attn.in_proj_weight"))
            throw new IllegalArgumentException(path + " holds more than the model's " + m.layers() + " layers (it has "
                    + "blocks." + m.layers() + ".attn.in_proj_weight)");
        Tensor un = shaped(f, path, "unembed.weight", V, D);
        m.embedding().matrix().setTo(e.matrix());
        m.positions().matrix().setTo(pos.matrix());
        for (int l = 0; l < m.layers(); l++) m.attention(l).setFromPyTorch(in[l], out[l]);
        CommonOps_DDRM.transpose(un.matrix(), m.unembedding().matrix());
        return m;
    }

    // ------------------------------------------------------------------ files

    private static void write(Path path, Map<String, Tensor> sd, String shape) {
        Checks.notNull(path, "path");
        String name = path.getFileName().toString();
        if (name.endsWith(".npz")) Npz.write(path, sd, false);
        else if (name.endsWith(".safetensors")) {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "pt");
            meta.put("attnlab", shape);
            Safetensors.write(path, sd, meta, Dtype.F8);
        } else throw new IllegalArgumentException("path must end in .npz or .safetensors but was " + path);
    }

    private static TensorFile read(Path path) {
        Checks.notNull(path, "path");
        String name = path.getFileName().toString();
        if (name.endsWith(".npz")) return Npz.read(path);
        if (name.endsWith(".safetensors")) return Safetensors.read(path);
        throw new IllegalArgumentException("path must end in .npz or .safetensors but was " + path);
    }

    /** {@code f[key]}, which must be {@code [rows, cols]}. */
    private static Tensor shaped(TensorFile f, Path path, String key, int rows, int cols) {
        Tensor w = f.tensor(key);
        if (w.rank() != 2 || w.rows() != rows || w.cols() != cols)
            throw new IllegalArgumentException(path + ": " + key + " has shape " + Checks.str(w.shape()) + " but must be ["
                    + rows + ", " + cols + "]");
        return w;
    }

    private static Tensor transpose(Tensor w) {
        return Tensor.of(CommonOps_DDRM.transpose(w.matrix(), null));
    }
}
