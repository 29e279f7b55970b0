package attnlab.model;

import attnlab.Lab;
import attnlab.io.NumPy;
import attnlab.io.TensorFile;
import attnlab.attention.Masks;
import attnlab.attention.MultiHeadAttention;
import attnlab.tensor.Tensor;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MultiHeadAttention} loaded from the three state-dict layouts (PyTorch, Hugging Face, GPT-2 Conv1D) against a
 * NumPy implementation of the same layer in its own layout, with biases, with and without a causal mask: the
 * output, dX and every parameter gradient (in the layout's own shapes) to 1e-12 relative (max-norm).
 */
class AttentionLayersNumpyTest {
    @TempDir static Path dir;
    static TensorFile expected;
    static final int B = 2, L = 5, D = 8, H = 2;

    static final String SCRIPT = NumPy.PRELUDE + """
            B, L, D, H = 2, 5, 8, 2
            dk = D // H
            rng = np.random.default_rng(11)
            r = lambda *s: rng.standard_normal(s) * 0.5
            x, dY = r(B, L, D), r(B, L, D)
            NP = {'F64': '<f8', 'F32': '<f4'}
            def save_st(path, tensors, dtype):
                header, blobs, off = {}, [], 0
                for name, a in tensors.items():
                    raw = np.ascontiguousarray(a, dtype=NP[dtype]).tobytes()
                    header[name] = {'dtype': dtype, 'shape': list(a.shape), 'data_offsets': [off, off + len(raw)]}
                    blobs.append(raw); off += len(raw)
                h = json.dumps(header).encode(); h += b' ' * (-len(h) % 8)
                open(path, 'wb').write(struct.pack('<Q', len(h)) + h + b''.join(blobs))
            # the layouts, as their libraries store them
            torch = {'attn.in_proj_weight': r(3 * D, D), 'attn.in_proj_bias': r(3 * D),
                     'attn.out_proj.weight': r(D, D), 'attn.out_proj.bias': r(D)}
            hf = {}
            for n in ['q_proj', 'k_proj', 'v_proj', 'o_proj']:
                hf['model.layers.0.self_attn.%s.weight' % n] = r(D, D)
                hf['model.layers.0.self_attn.%s.bias' % n] = r(D)
            gpt2 = {'h.1.attn.c_attn.weight': r(D, 3 * D).astype('<f4').astype(np.float64),
                    'h.1.attn.c_attn.bias': r(3 * D).astype('<f4').astype(np.float64),
                    'h.1.attn.c_proj.weight': r(D, D).astype('<f4').astype(np.float64),
                    'h.1.attn.c_proj.bias': r(D).astype('<f4').astype(np.float64)}
            np.savez('torch.npz', **torch)
            save_st('hf.safetensors', hf, 'F64')
            save_st('gpt2.safetensors', gpt2, 'F32')
            # y = x A + c for each projection, A and c read from the layout
            def projections(layout):
                if layout == 'torch':
                    W, b = torch['attn.in_proj_weight'], torch['attn.in_proj_bias']
                    ps = [(W[i*D:(i+1)*D].T, b[i*D:(i+1)*D]) for i in range(3)]
                    return ps + [(torch['attn.out_proj.weight'].T, torch['attn.out_proj.bias'])]
                if layout == 'hf':
                    p = 'model.layers.0.self_attn.'
                    return [(hf[p + n + '.weight'].T, hf[p + n + '.bias']) for n in ['q_proj', 'k_proj', 'v_proj', 'o_proj']]
                W, b = gpt2['h.1.attn.c_attn.weight'], gpt2['h.1.attn.c_attn.bias']
                ps = [(W[:, i*D:(i+1)*D], b[i*D:(i+1)*D]) for i in range(3)]
                return ps + [(gpt2['h.1.attn.c_proj.weight'], gpt2['h.1.attn.c_proj.bias'])]
            split = lambda T: T.reshape(B, L, H, dk).transpose(0, 2, 1, 3)
            merge = lambda T: T.transpose(0, 2, 1, 3).reshape(B, L, D)
            def layer(layout, mask):
                (Aq, cq), (Ak, ck), (Av, cv), (Ao, co) = projections(layout)
                Q, K, V = x @ Aq + cq, x @ Ak + ck, x @ Av + cv
                q, k, v = split(Q), split(K), split(V)
                S = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dk) + mask
                P = np.exp(S - S.max(-1, keepdims=True)); P /= P.sum(-1, keepdims=True)
                C = merge(P @ v)
                Y = C @ Ao + co
                # backward
                dAo, dco = np.einsum('bli,blj->ij', C, dY), dY.sum((0, 1))
                dO = split(dY @ Ao.T)
                dP, dv = dO @ v.transpose(0, 1, 3, 2), P.transpose(0, 1, 3, 2) @ dO
                dS = P * (dP - (dP * P).sum(-1, keepdims=True))
                dq, dkk = dS @ k / np.sqrt(dk), dS.transpose(0, 1, 3, 2) @ q / np.sqrt(dk)
                dQ, dK, dV = merge(dq), merge(dkk), merge(dv)
                dX = dQ @ Aq.T + dK @ Ak.T + dV @ Av.T
                dA = [np.einsum('bli,blj->ij', x, g) for g in (dQ, dK, dV)] + [dAo]
                dc = [g.sum((0, 1)) for g in (dQ, dK, dV)] + [dco]
                # gradients in the layout's own shapes
                if layout == 'torch':
                    g = {'attn.in_proj_weight': np.concatenate([a.T for a in dA[:3]]),
                         'attn.in_proj_bias': np.concatenate(dc[:3]),
                         'attn.out_proj.weight': dA[3].T, 'attn.out_proj.bias': dc[3]}
                elif layout == 'hf':
                    g = {}
                    for n, a, c in zip(['q_proj', 'k_proj', 'v_proj', 'o_proj'], dA, dc):
                        g['model.layers.0.self_attn.%s.weight' % n] = a.T
                        g['model.layers.0.self_attn.%s.bias' % n] = c
                else:
                    g = {'h.1.attn.c_attn.weight': np.concatenate(dA[:3], axis=1),
                         'h.1.attn.c_attn.bias': np.concatenate(dc[:3]),
                         'h.1.attn.c_proj.weight': dA[3], 'h.1.attn.c_proj.bias': dc[3]}
                return Y, dX, g
            causal = np.where(np.tril(np.ones((L, L))) > 0, 0.0, -np.inf)
            out = {'x': x, 'dY': dY}
            for layout in ['torch', 'hf', 'gpt2']:
                for mname, mask in [('none', np.zeros((L, L))), ('causal', causal)]:
                    Y, dX, g = layer(layout, mask)
                    out['%s/%s/Y' % (layout, mname)] = Y
                    out['%s/%s/dX' % (layout, mname)] = dX
                    for k, v in g.items():
                        out['%s/%s/d/%s' % (layout, mname, k)] = v
            np.savez('expected.npz', **out)
            """;

    @BeforeAll
    static void numpy() {
        NumPy.run(dir, SCRIPT);
        expected = attnlab.io.TensorIO.loadz(dir.resolve("expected.npz").toString());
    }

    @ParameterizedTest(name = "{0}, mask {1}")
    @CsvSource({"torch, none", "torch, causal", "hf, none", "hf, causal", "gpt2, none", "gpt2, causal"})
    void forwardAndBackwardMatchNumPy(String layout, String mask) {
        MultiHeadAttention m = load(layout);
        assertTrue(m.hasBiases());
        Tensor x = expected.tensor("x"), y = m.forward(x, mask.equals("causal") ? Masks.causal(L) : null);
        String at = layout + "/" + mask + "/";
        close(expected.tensor(at + "Y"), y, at + "Y");
        MultiHeadAttention.Grads g = m.backward(expected.tensor("dY"));
        close(expected.tensor(at + "dX"), g.dX(), at + "dX");
        for (Map.Entry<String, Tensor> e : nativeGrads(layout, g).entrySet()) {
            String key = at + "d/" + e.getKey();
            // The key bias gradient is 0 in exact arithmetic (b_k adds q·b_k to every score of a row, which the
            // softmax ignores): both sides hold rounding noise of ~1e-16, so it is compared absolutely.
            if (key.endsWith("k_proj.bias")) assertTrue(expected.tensor(key).maxAbsDiff(e.getValue()) <= 1e-12, key);
            else close(expected.tensor(key), e.getValue(), key);
        }
    }

    static MultiHeadAttention load(String layout) {
        switch (layout) {
            case "torch": return Lab.loadMha(Lab.loadz(dir.resolve("torch.npz").toString()), "attn.", H);
            case "hf": return Lab.loadMha(Lab.loadSafetensors(dir.resolve("hf.safetensors").toString()),
                    "model.layers.0.self_attn.", H);
            default: return Lab.loadMha(Lab.loadSafetensors(dir.resolve("gpt2.safetensors").toString()), "h.1.attn.",
                    H);
        }
    }

    /** attnlab's gradients (x W + b, W [D, D], b [1, D]) in the layout's own names and shapes. */
    static Map<String, Tensor> nativeGrads(String layout, MultiHeadAttention.Grads g) {
        Tensor[] w = {g.dW_q(), g.dW_k(), g.dW_v(), g.dW_o()}, b = {g.db_q(), g.db_k(), g.db_v(), g.db_o()};
        switch (layout) {
            case "torch": return Map.of("attn.in_proj_weight", rows(t(w[0]), t(w[1]), t(w[2])),
                    "attn.in_proj_bias", cols(b[0], b[1], b[2]), "attn.out_proj.weight", t(w[3]),
                    "attn.out_proj.bias", b[3]);
            case "hf": {
                String p = "model.layers.0.self_attn.";
                return Map.of(p + "q_proj.weight", t(w[0]), p + "k_proj.weight", t(w[1]), p + "v_proj.weight", t(w[2]),
                        p + "o_proj.weight", t(w[3]), p + "q_proj.bias", b[0], p + "k_proj.bias", b[1],
                        p + "v_proj.bias", b[2], p + "o_proj.bias", b[3]);
            }
            default: return Map.of("h.1.attn.c_attn.weight", cols(w[0], w[1], w[2]), "h.1.attn.c_attn.bias",
                    cols(b[0], b[1], b[2]), "h.1.attn.c_proj.weight", w[3], "h.1.attn.c_proj.bias", b[3]);
        }
    }

    private static Tensor t(Tensor w) { return Tensor.of(CommonOps_DDRM.transpose(w.matrix(), null)); }

    private static Tensor rows(Tensor... ts) {
        return Tensor.of(CommonOps_DDRM.concatRowsMulti(ts[0].matrix(), ts[1].matrix(), ts[2].matrix()));
    }

    private static Tensor cols(Tensor... ts) {
        return Tensor.of(CommonOps_DDRM.concatColumnsMulti(ts[0].matrix(), ts[1].matrix(), ts[2].matrix()));
    }

    /** max |a − e| ≤ 1e-12 · max |e|. */
    static void close(Tensor expected, Tensor actual, String what) {
        double scale = 0;
        for (double v : NumPy.flat(expected)) scale = Math.max(scale, Math.abs(v));
        double err = expected.maxAbsDiff(actual);
        assertTrue(err <= 1e-12 * scale, what + ": max error " + err + " vs scale " + scale);
    }

    @Test
    void withoutBiasKeysTheLayerHasNoBiases() {
        TensorFile hf = Lab.loadSafetensors(dir.resolve("hf.safetensors").toString());
        Map<String, Tensor> weightsOnly = new java.util.LinkedHashMap<>();
        for (String k : hf.keySet()) if (k.endsWith(".weight")) weightsOnly.put(k, hf.get(k));
        MultiHeadAttention m = Lab.loadMha(weightsOnly, "model.layers.0.self_attn.", H);
        assertFalse(m.hasBiases());
        assertEquals(0.0, m.W_q().maxAbsDiff(t(hf.get("model.layers.0.self_attn.q_proj.weight"))));
    }

    @Test
    void wrongPrefixesAndShapesSayWhatIsThere() {
        TensorFile g = Lab.loadSafetensors(dir.resolve("gpt2.safetensors").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lab.loadMha(g, "h.5.attn.", 2));
        assertEquals("the state dict has no attention layer under prefix 'h.5.attn.': expected h.5.attn.in_proj_weight"
                + " (PyTorch), h.5.attn.q_proj.weight (Hugging Face) or h.5.attn.c_attn.weight (GPT-2); no key starts"
                + " with 'h.5.attn.'", e.getMessage());
        IllegalArgumentException heads = assertThrows(IllegalArgumentException.class,
                () -> Lab.loadMha(g, "h.1.attn.", 3));
        assertTrue(heads.getMessage().startsWith("dModel=8 is not divisible by nHeads=3"), heads.getMessage());
        Map<String, Tensor> bad = new java.util.LinkedHashMap<>(g);
        bad.put("h.1.attn.c_proj.weight", Tensor.zeros(8, 4));
        assertEquals("h.1.attn.c_proj.weight has shape [8, 4] but must be [8, 8]", assertThrows(
                IllegalArgumentException.class, () -> Lab.loadMha(bad, "h.1.attn.", 2)).getMessage());
    }
}
