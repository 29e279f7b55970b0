package attnlab.io;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import attnlab.train.AttentionModel;
import org.ejml.dense.row.CommonOps_DDRM;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A trained exercise-5.9 {@link AttentionModel} to and from {@code .npz} or {@code .safetensors}, under the names
 * and layouts of the PyTorch module that computes the same function:
 * <pre>
 *   class AttentionModel(nn.Module):                           name in the file         attnlab
 *     embedding = nn.Embedding(V, D)                           embedding.weight [V, D]  E
 *     attn = nn.MultiheadAttention(D, H, bias=False,           attn.in_proj_weight      [W_qᵀ; W_kᵀ; W_vᵀ]
 *                                  batch_first=True)           attn.out_proj.weight     W_oᵀ
 *     unembed = nn.Linear(D, C, bias=False)                    unembed.weight [C, D]    W_Uᵀ
 *   forward: x = embedding(tokens) + PE;  z = x + attn(x, x, x, attn_mask)[0];  logits = unembed(z)
 * </pre>
 * (PE is the fixed sinusoidal table and the mask follows from the mask kind: neither is a parameter.) Values are
 * float64, so a save and a load give back the model bit for bit (transposes are exact). The safetensors
 * {@code __metadata__} records {@code format: pt} and the model's shape.
 */
public final class ModelFiles {
    private ModelFiles() {}

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
        Checks.notNull(path, "path");
        Map<String, Tensor> sd = stateDict(m);
        String name = path.getFileName().toString();
        if (name.endsWith(".npz")) Npz.write(path, sd, false);
        else if (name.endsWith(".safetensors")) Safetensors.write(path, sd, metadata(m), Dtype.F8);
        else throw new IllegalArgumentException("path must end in .npz or .safetensors but was " + path);
    }

    /** Copies the parameters in {@code path} into {@code m} (whose shapes must match); returns {@code m}. */
    public static AttentionModel load(AttentionModel m, Path path) {
        Checks.notNull(m, "model");
        Checks.notNull(path, "path");
        String name = path.getFileName().toString();
        TensorFile f;
        if (name.endsWith(".npz")) f = Npz.read(path);
        else if (name.endsWith(".safetensors")) f = Safetensors.read(path);
        else throw new IllegalArgumentException("path must end in .npz or .safetensors but was " + path);
        int V = m.vocab(), D = m.dModel(), C = m.classes();
        Tensor e = f.tensor("embedding.weight"), in = f.tensor("attn.in_proj_weight");
        Tensor out = f.tensor("attn.out_proj.weight"), un = f.tensor("unembed.weight");
        checkShape(e, path + ": embedding.weight", V, D);
        checkShape(in, path + ": attn.in_proj_weight", 3 * D, D);
        checkShape(out, path + ": attn.out_proj.weight", D, D);
        checkShape(un, path + ": unembed.weight", C, D);
        Tensor[] p = m.parameters();
        p[0].matrix().setTo(e.matrix());
        m.attention().setFromPyTorch(in, out);
        CommonOps_DDRM.transpose(un.matrix(), p[5].matrix());
        return m;
    }

    private static Map<String, String> metadata(AttentionModel m) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("attnlab", String.format(Locale.ROOT, "AttentionModel vocab=%d classes=%d length=%d d_model=%d"
                + " heads=%d mask=%s", m.vocab(), m.classes(), m.length(), m.dModel(), m.heads(), m.maskKind().name()));
        return meta;
    }

    private static void checkShape(Tensor w, String key, int rows, int cols) {
        if (w.rank() != 2 || w.rows() != rows || w.cols() != cols)
            throw new IllegalArgumentException(key + " has shape " + Checks.str(w.shape()) + " but must be [" + rows
                    + ", " + cols + "]");
    }

    private static Tensor transpose(Tensor w) {
        return Tensor.of(CommonOps_DDRM.transpose(w.matrix(), null));
    }
}
