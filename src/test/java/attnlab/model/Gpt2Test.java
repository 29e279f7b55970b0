package attnlab.model;

import attnlab.Lab;
import attnlab.io.NumPy;
import attnlab.io.TensorFile;
import attnlab.tensor.Tensor;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny random GPT-2 (3 blocks, D = 128, 2 heads of GPT-2's width 64, Hugging Face key names, F32 safetensors) written by NumPy; the
 * per-head weights of each block on some token ids against NumPy's GPT-2 forward, to 1e-12 relative.
 */
class Gpt2Test {
    @TempDir static Path dir;
    static double[][] expected;     // per block, the [H, L, L] weights in C order

    static final String SCRIPT = NumPy.PRELUDE + """
            rng = np.random.default_rng(21)
            V, C, D, H, NL = 11, 16, 128, 2, 3
            f32 = lambda *s: (rng.standard_normal(s) * 0.2).astype('<f4')
            sd = {'wte.weight': f32(V, D), 'wpe.weight': f32(C, D)}
            for l in range(NL):
                p = 'h.%d.' % l
                sd.update({p + 'ln_1.weight': 1 + f32(D) * 0.1, p + 'ln_1.bias': f32(D) * 0.1,
                           p + 'attn.c_attn.weight': f32(D, 3 * D), p + 'attn.c_attn.bias': f32(3 * D),
                           p + 'attn.c_proj.weight': f32(D, D), p + 'attn.c_proj.bias': f32(D),
                           p + 'ln_2.weight': 1 + f32(D) * 0.1, p + 'ln_2.bias': f32(D) * 0.1,
                           p + 'mlp.c_fc.weight': f32(D, 4 * D), p + 'mlp.c_fc.bias': f32(4 * D),
                           p + 'mlp.c_proj.weight': f32(4 * D, D), p + 'mlp.c_proj.bias': f32(D)})
            header, blobs, off = {'__metadata__': {'format': 'pt'}}, [], 0
            for k, a in sd.items():
                raw = a.tobytes()
                header[k] = {'dtype': 'F32', 'shape': list(a.shape), 'data_offsets': [off, off + len(raw)]}
                blobs.append(raw); off += len(raw)
            h = json.dumps(header).encode(); h += b' ' * (-len(h) % 8)
            open('gpt2.safetensors', 'wb').write(struct.pack('<Q', len(h)) + h + b''.join(blobs))
            w = {k: a.astype(np.float64) for k, a in sd.items()}
            def ln(x, p):
                mu = x.mean(-1, keepdims=True); var = ((x - mu) ** 2).mean(-1, keepdims=True)
                return (x - mu) / np.sqrt(var + 1e-5) * w[p + 'weight'] + w[p + 'bias']
            gelu = lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
            ids = np.array([3, 1, 4, 1, 5, 9, 2])
            L, dk = len(ids), D // H
            x = w['wte.weight'][ids] + w['wpe.weight'][:L]
            causal = np.tril(np.ones((L, L))) > 0
            out = []
            for l in range(NL):
                p = 'h.%d.' % l
                a = ln(x, p + 'ln_1.') @ w[p + 'attn.c_attn.weight'] + w[p + 'attn.c_attn.bias']
                q, k, v = (a[:, i*D:(i+1)*D].reshape(L, H, dk).transpose(1, 0, 2) for i in range(3))
                S = np.where(causal, q @ k.transpose(0, 2, 1) / np.sqrt(dk), -np.inf)
                P = np.exp(S - S.max(-1, keepdims=True)); P /= P.sum(-1, keepdims=True)
                out.append(hexes(P))
                x = x + (P @ v).transpose(1, 0, 2).reshape(L, D) @ w[p + 'attn.c_proj.weight'] + w[p + 'attn.c_proj.bias']
                m = gelu(ln(x, p + 'ln_2.') @ w[p + 'mlp.c_fc.weight'] + w[p + 'mlp.c_fc.bias'])
                x = x + m @ w[p + 'mlp.c_proj.weight'] + w[p + 'mlp.c_proj.bias']
            print(json.dumps(out))
            """;
    static final int[] IDS = {3, 1, 4, 1, 5, 9, 2};

    @BeforeAll
    static void numpy() {
        var a = JsonParser.parseString(NumPy.run(dir, SCRIPT)).getAsJsonArray();
        expected = new double[a.size()][];
        for (int l = 0; l < a.size(); l++) expected[l] = NumPy.hexArray(a.get(l).getAsJsonArray());
    }

    @Test
    void everyBlocksHeadsMatchNumPysGpt2() {
        TensorFile sd = Lab.loadSafetensors(dir.resolve("gpt2.safetensors").toString());
        for (int l = 0; l < 3; l++) {
            Tensor w = Gpt2.headWeights(sd, l, IDS, 2);
            assertArrayEquals(new int[] {2, 7, 7}, w.shape());
            double[] actual = NumPy.flat(w);
            double err = 0;
            for (int k = 0; k < actual.length; k++) err = Math.max(err, Math.abs(actual[k] - expected[l][k]));
            assertTrue(err <= 1e-12, "block " + l + ": max error " + err + " (weights are at most 1)");
        }
    }

    @Test
    void headsGridDrawsOneHeatmapPerHeadWithTheIdsAsLabels() {
        TensorFile sd = Lab.loadSafetensors(dir.resolve("gpt2.safetensors").toString(), "wte.", "wpe.", "h.0.",
                "h.1.");
        var h = Lab.headsGrid(sd, 1, IDS);
        assertEquals("Heatmap 2 × [7, 7] \"GPT-2 block 1: attention per head (rows: query token, columns: key token)\","
                + " scale 0..1, masked cells", h.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lab.headsGrid(sd, 2, IDS));
        assertEquals("layer must name a block of the model but there is no 'h.2.attn.c_attn.weight'", e.getMessage());
        assertEquals("ids[1] must be in 0..10 but was 11", assertThrows(IllegalArgumentException.class,
                () -> Lab.headsGrid(sd, 0, 1, 11)).getMessage());
        java.util.Map<String, Tensor> narrow = new java.util.HashMap<>(sd);
        narrow.put("wte.weight", Tensor.zeros(11, 8));
        assertEquals("cannot infer the head count: d_model=8 is not a multiple of GPT-2's head width 64; give nHeads:"
                + " Gpt2.headWeights(stateDict, layer, ids, nHeads)", assertThrows(IllegalArgumentException.class,
                () -> Lab.headsGrid(narrow, 0, 1, 2)).getMessage());
    }
}
