package attnlab.model;

import attnlab.attention.BandMask;
import attnlab.attention.kernel.AttentionKernel;
import attnlab.attention.kernel.KernelThreads;
import attnlab.attention.relative.Rope;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One forward pass of a {@link Model}, with TransformerLens's hook points. Per block, with x the residual stream
 * {@code [L, D]}:
 * <pre>
 *   h    = ln1(x)                                          ln1.hook_normalized
 *   q, k, v = h W_QKV (+ b) split into heads                attn.hook_q [L, H, dh], hook_k, hook_v [L, KV, dh]
 *   (Llama) q, k rotated by position (RoPE, rotate-half)     attn.hook_rot_q, attn.hook_rot_k
 *   S    = q kᵀ / √dh, −inf above the diagonal             attn.hook_attn_scores [H, L, L]
 *   P    = softmax(S)                                      attn.hook_pattern [H, L, L]; query head h reads KV head
 *   z    = P v                                             attn.hook_z [L, H, dh]     h / (H / KV)
 *   a    = z W_O (+ b_O)                                    hook_attn_out;  x = x + a   hook_resid_mid
 *   (GPT-2) m = gelu(ln2(x) W_in + b_in) W_out + b_out        mlp.hook_pre, mlp.hook_post, hook_mlp_out
 *   (Llama) m = (silu(ln2(x) W_gate) ∘ ln2(x) W_up) W_down    mlp.hook_pre (gate), hook_pre_linear (up), hook_post
 *   x = x + m                                              hook_resid_post
 * </pre>
 * Products run on the kernel's SIMD tiles on weights packed once at load ({@link AttentionKernel#timesPacked},
 * {@code timesHeadsPacked}: a forward re-packs nothing) and the attention on
 * its causal band ({@link AttentionKernel#forwardBand}, which also hands out the scores it fed the softmax when the
 * cache keeps {@code hook_attn_scores} or a hook reads it: no second q·kᵀ); an activation is copied into TransformerLens's layout only
 * when the cache keeps it or a hook reads it. A hook that changes {@code hook_attn_scores} or {@code hook_pattern}
 * makes that block compute the pattern and {@code P v} from the edited tensor instead (a hook that changes nothing
 * leaves the kernel's result, so an identity hook changes no bit).
 */
final class Forward {
    private final Model m;
    private final ModelConfig c;
    private final int[] tokens;
    private final ActivationCache cache;
    private final Map<String, List<Hook>> hooks = new HashMap<>();
    private final AttentionKernel kernel = AttentionKernel.get();
    /**
     * Per-layer intermediates that nothing keeps (the cache and the hooks get copies in TransformerLens's layout):
     * one of each a pass, every layer overwrites them. Fresh memory costs this machine about 1 ns a double to zero
     * and touch, as much as a small layer's attention.
     */
    private Tensor qkvScratch, zScratch;
    private DMatrixRMaj zmScratch;

    Forward(Model m, int[] tokens, Predicate<String> names, Hook[] hs) {
        this.m = m;
        this.c = m.config();
        this.tokens = tokens;
        this.cache = new ActivationCache(names);
        for (Hook h : hs) hooks.computeIfAbsent(h.name(), n -> new ArrayList<>()).add(h);
    }

    private boolean wants(String name) {
        return hooks.containsKey(name) || cache.keeps(name);
    }

    /** The hooks on {@code name} applied in order, then the result cached; returns what the pass continues with. */
    private Tensor at(String name, int layer, Tensor act) {
        List<Hook> hs = hooks.get(name);
        if (hs != null)
            for (Hook h : hs) {
                int[] shape = act.shape();
                Tensor r = h.fn().apply(act, new Hook.Context(name, layer, tokens.clone()));
                if (r != null) {
                    if (!Arrays.equals(r.shape(), shape))
                        throw new IllegalArgumentException("the hook on " + name + " returned shape "
                                + attnlab.tensor.Checks.str(r.shape()) + " but the activation has shape "
                                + attnlab.tensor.Checks.str(shape));
                    act = r;
                }
            }
        return cache.put(name, act);
    }

    ModelRun run() {
        int L = tokens.length, D = c.dModel();
        Tensor e = Tensor.zeros(L, D);
        double[] ed = e.matrix().data;
        for (int i = 0; i < L; i++) m.embedRow(tokens[i], ed, i * D);
        e = at("hook_embed", -1, e);
        Tensor x = e;
        if (m.positions() != null) {
            Tensor pos = Tensor.zeros(L, D);
            System.arraycopy(m.positions().matrix().data, 0, pos.matrix().data, 0, L * D);
            pos = at("hook_pos_embed", -1, pos);
            x = Elementwise.sum(e, pos);
        }
        Rope.Angles angles = c.arch().equals("llama") ? Rope.angles(L, c.dHead(), 0, c.ropeTheta()) : null;
        BlockWeights[] blocks = m.blocks();
        for (int l = 0; l < blocks.length; l++) x = block(l, blocks[l], x, angles);
        Tensor xf = Tensor.zeros(L, D);
        m.finalNorm().apply(x.matrix().data, xf.matrix().data, L);
        xf = at("ln_final.hook_normalized", -1, xf);
        return new ModelRun(m, tokens, m.unembedding().logits(xf), cache);
    }

    private Tensor block(int l, BlockWeights w, Tensor x, Rope.Angles angles) {
        String p = "blocks." + l + ".";
        int L = tokens.length, D = c.dModel(), H = c.heads(), KV = c.kvHeads(), dh = c.dHead();
        x = at(p + "hook_resid_pre", l, x);
        Tensor h = Tensor.zeros(L, D);
        w.ln1().apply(x.matrix().data, h.matrix().data, L);
        h = at(p + "ln1.hook_normalized", l, h);

        // q, k, v: every head of all three from one product, straight into the per-head layout
        if (qkvScratch == null) qkvScratch = Tensor.zeros(H + 2 * KV, L, dh);
        Tensor qkv = qkvScratch; // overwritten by the product
        kernel.timesHeadsPacked(h, w.wQKV(), H + 2 * KV, qkv);
        if (w.bQKV() != null)
            KernelThreads.forEach(H + 2 * KV, (long) Elementwise.MEMORY_PASS * (H + 2 * KV) * L * dh, s -> {
                double[] d = qkv.slice(s).data, b = w.bQKV();
                for (int i = 0; i < L; i++)
                    for (int j = 0; j < dh; j++) d[i * dh + j] += b[s * dh + j];
            });
        Tensor q = heads(qkv, 0, H), k = heads(qkv, H, KV), v = heads(qkv, H + KV, KV);
        q = tlHook(p + "attn.hook_q", l, q);
        k = tlHook(p + "attn.hook_k", l, k);
        v = tlHook(p + "attn.hook_v", l, v);
        if (angles != null) {
            // in place: the cache holds copies (TransformerLens's layout), never these per-head views
            Rope.rotateInPlace(q, Rope.Layout.ROTATE_HALF, angles);
            Rope.rotateInPlace(k, Rope.Layout.ROTATE_HALF, angles);
            q = tlHook(p + "attn.hook_rot_q", l, q);
            k = tlHook(p + "attn.hook_rot_k", l, k);
        }
        if (KV != H) { // grouped-query: query head h reads KV head h / (H / KV); views, no copies
            DMatrixRMaj[] ks = new DMatrixRMaj[H], vs = new DMatrixRMaj[H];
            for (int hd = 0; hd < H; hd++) {
                ks[hd] = k.slice(hd / (H / KV));
                vs[hd] = v.slice(hd / (H / KV));
            }
            k = Tensor.stack(ks);
            v = Tensor.stack(vs);
        }
        double scale = 1 / Math.sqrt(dh);
        String scoresName = p + "attn.hook_attn_scores", patternName = p + "attn.hook_pattern";
        boolean hookedScores = hooks.containsKey(scoresName), hookedPattern = hooks.containsKey(patternName);
        if (zScratch == null) zScratch = Tensor.zeros(H, L, dh);
        Tensor z = zScratch; // overwritten by the attention
        Tensor pat = cache.keeps(patternName) || hookedPattern ? zerosOnEveryCore(H, L, L) : null;
        // the scores come from the attention's own tiles (no second q·kᵀ); a hook that changes them makes the pattern
        // and z be computed again from its tensor
        Tensor s = wants(scoresName) ? zerosOnEveryCore(H, L, L) : null;
        kernel.forwardBand(q, k, v, BandMask.causal(), scale, z, pat, s);
        boolean edited = false; // a hook changed the scores or the pattern: P and z come from the edited tensor
        if (s != null) {
            Tensor before = hookedScores ? s.copy() : null;
            Tensor s2 = at(scoresName, l, s);
            if (hookedScores && !sameBits(s2, before)) {
                edited = true;
                pat = softmax(s2);
            }
        }
        if (pat != null) {
            Tensor before = hookedPattern ? pat.copy() : null;
            Tensor pat2 = at(patternName, l, pat);
            edited |= hookedPattern && !sameBits(pat2, before);
            if (edited) mix(pat2, v, z);
        }
        // z [H, L, dh] → [L, H·dh] (= TransformerLens's [L, H, dh], row by row)
        if (zmScratch == null) zmScratch = new DMatrixRMaj(L, H * dh);
        DMatrixRMaj zm = zmScratch; // every element copied below
        Elementwise.forRows(L, H * dh, Elementwise.MEMORY_PASS, (i0, i1) -> {
            for (int i = i0; i < i1; i++)
                for (int hd = 0; hd < H; hd++) System.arraycopy(z.slice(hd).data, i * dh, zm.data, (i * H + hd) * dh, dh);
        });
        String zName = p + "attn.hook_z";
        if (wants(zName)) {
            DMatrixRMaj[] rows = new DMatrixRMaj[L]; // copyOfRange: the JIT skips zeroing an array it fills at once
            for (int i = 0; i < L; i++)
                rows[i] = DMatrixRMaj.wrap(H, dh, Arrays.copyOfRange(zm.data, i * H * dh, (i + 1) * H * dh));
            Tensor zt = Tensor.stack(rows);
            zt = at(zName, l, zt);
            if (hooks.containsKey(zName))
                for (int i = 0; i < L; i++) System.arraycopy(zt.slice(i).data, 0, zm.data, i * H * dh, H * dh);
        }
        Tensor a = Tensor.zeros(L, D);
        kernel.timesPacked(Tensor.of(zm), w.wO(), a);
        Elementwise.addRow(a.matrix().data, w.bO(), L);
        a = at(p + "hook_attn_out", l, a);
        Tensor mid = at(p + "hook_resid_mid", l, Elementwise.sum(x, a));

        Tensor h2 = Tensor.zeros(L, D);
        w.ln2().apply(mid.matrix().data, h2.matrix().data, L);
        h2 = at(p + "ln2.hook_normalized", l, h2);
        int F = c.dMlp();
        Tensor pre = Tensor.zeros(L, F);
        kernel.timesPacked(h2, w.wIn(), pre);
        Elementwise.addRow(pre.matrix().data, w.bIn(), L);
        pre = at(p + "mlp.hook_pre", l, pre);
        Tensor post = Tensor.zeros(L, F);
        if (w.wUp() != null) {
            Tensor lin = Tensor.zeros(L, F);
            kernel.timesPacked(h2, w.wUp(), lin);
            lin = at(p + "mlp.hook_pre_linear", l, lin);
            Elementwise.swiglu(pre.matrix().data, lin.matrix().data, post.matrix().data, L, F);
        } else {
            Elementwise.gelu(pre.matrix().data, post.matrix().data, L, F);
        }
        post = at(p + "mlp.hook_post", l, post);
        Tensor mo = Tensor.zeros(L, D);
        kernel.timesPacked(post, w.wOut(), mo);
        Elementwise.addRow(mo.matrix().data, w.bOut(), L);
        mo = at(p + "hook_mlp_out", l, mo);
        return at(p + "hook_resid_post", l, Elementwise.sum(mid, mo));
    }

    /**
     * {@code Tensor.zeros(n, rows, cols)} with its slices allocated on every core: the JVM zeroes a fresh array on the
     * thread that allocates it, about 1 ns a double here, and the cache of a pass is hundreds of megabytes of them.
     */
    private static Tensor zerosOnEveryCore(int n, int rows, int cols) {
        DMatrixRMaj[] slices = new DMatrixRMaj[n];
        KernelThreads.forEach(n, (long) Elementwise.MEMORY_PASS * n * rows * cols,
                b -> slices[b] = new DMatrixRMaj(rows, cols));
        return Tensor.stack(slices);
    }

    /** Whether a hook left the tensor as it was (then the kernel's own result stands, bit for bit). */
    private static boolean sameBits(Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) return false;
        for (int i = 0; i < a.batch(); i++) if (!Arrays.equals(a.slice(i).data, b.slice(i).data)) return false;
        return true;
    }

    /** Slices {@code from .. from + n − 1} of {@code all} as a tensor {@code [n, L, dh]} (views). */
    private static Tensor heads(Tensor all, int from, int n) {
        DMatrixRMaj[] s = new DMatrixRMaj[n];
        for (int i = 0; i < n; i++) s[i] = all.slice(from + i);
        return Tensor.stack(s);
    }

    /**
     * Per-head {@code [n, L, dh]} through hook point {@code name} in TransformerLens's layout {@code [L, n, dh]}:
     * copied only when kept or hooked, and copied back only when hooked.
     */
    private Tensor tlHook(String name, int layer, Tensor perHead) {
        if (!wants(name)) return perHead;
        int n = perHead.batch(), L = perHead.rows(), dh = perHead.cols();
        Tensor tl = zerosOnEveryCore(L, n, dh);
        Elementwise.forRows(L, n * dh, Elementwise.MEMORY_PASS, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                double[] dst = tl.slice(i).data;
                for (int hd = 0; hd < n; hd++) System.arraycopy(perHead.slice(hd).data, i * dh, dst, hd * dh, dh);
            }
        });
        boolean hooked = hooks.containsKey(name);
        Tensor t = at(name, layer, tl);
        if (!hooked) return perHead;
        Tensor back = Tensor.zeros(n, L, dh);
        for (int hd = 0; hd < n; hd++)
            for (int i = 0; i < L; i++) System.arraycopy(t.slice(i).data, hd * dh, back.slice(hd).data, i * dh, dh);
        return back;
    }

    /** Row-wise softmax of (edited) scores; a row with no finite score gives zeros. */
    private static Tensor softmax(Tensor s) {
        Tensor p = Tensor.zeros(s.shape());
        int L = s.cols();
        for (int b = 0; b < s.batch(); b++) {
            double[] in = s.slice(b).data, out = p.slice(b).data;
            for (int i = 0; i < s.rows(); i++) {
                double mx = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < L; j++) mx = Math.max(mx, in[i * L + j]);
                if (mx == Double.NEGATIVE_INFINITY) continue;
                double sum = 0;
                for (int j = 0; j < L; j++) sum += out[i * L + j] = Math.exp(in[i * L + j] - mx);
                for (int j = 0; j < L; j++) out[i * L + j] /= sum;
            }
        }
        return p;
    }

    /** {@code z_h = P_h v_h} for every head (after a hook edited the scores or the pattern). */
    private void mix(Tensor pattern, Tensor v, Tensor z) {
        for (int hd = 0; hd < pattern.batch(); hd++)
            kernel.times(Tensor.of(pattern.slice(hd)), Tensor.of(v.slice(hd)), Tensor.of(z.slice(hd)));
    }
}
