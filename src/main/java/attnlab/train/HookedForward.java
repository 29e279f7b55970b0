package attnlab.train;

import attnlab.attention.MultiHeadAttention;
import attnlab.model.ActivationCache;
import attnlab.model.Hook;
import attnlab.model.HookedModel;
import attnlab.model.ModelRun;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One sequence through a {@link ResidualStack}, head by head, with TransformerLens's hook points, so the lab's
 * trained models answer {@link HookedModel#run} as the real checkpoints do. The math is the training forward's
 * ({@link StackLane#forward}), written out per head so every intermediate has a name:
 * <pre>
 *   hook_embed                 E[tokens]                                   [L, D]
 *   hook_pos_embed             P[0..L)                                     [L, D]
 *   blocks.l.hook_resid_pre    x = hook_embed + hook_pos_embed (l = 0), else the previous hook_resid_post
 *   blocks.l.attn.hook_q|k|v   x W_q | x W_k | x W_v, seen per head       [L, H, d_head]
 *   blocks.l.attn.hook_attn_scores   q_h k_hᵀ / √d_head + mask (−∞ where masked)   [H, L, L]
 *   blocks.l.attn.hook_pattern softmax of each row (a row with no visible key is all 0)   [H, L, L]
 *   blocks.l.attn.hook_z       pattern_h v_h                               [L, H, d_head]
 *   blocks.l.hook_attn_out     z W_o (z read as [L, D])                     [L, D]
 *   blocks.l.hook_resid_post   hook_resid_pre + hook_attn_out              [L, D]
 *   logits                     x_N W_U                                     [L, C]
 * </pre>
 * A hook's result replaces the activation for the rest of the pass and in the cache. Hook names are checked against
 * the model's hook points before the pass starts.
 */
final class HookedForward {
    private HookedForward() {}

    static ModelRun run(HookedModel model, ResidualStack stack, int[] tokens, Predicate<String> names,
                        Hook... hooks) {
        Checks.notNull(tokens, "tokens");
        Checks.notNull(names, "names");
        Checks.notNull(hooks, "hooks");
        int L = tokens.length, V = stack.embedding().vocab(), D = stack.embedding().dModel();
        if (L == 0) throw new IllegalArgumentException("tokens is empty: a run needs at least one token");
        if (L > stack.context())
            throw new IllegalArgumentException("tokens has " + L + " tokens but the model's context is "
                    + stack.context());
        for (int t = 0; t < L; t++)
            if (tokens[t] < 0 || tokens[t] >= V)
                throw new IllegalArgumentException("tokens[" + t + "] must be in 0.." + (V - 1) + " (vocab − 1) but was "
                        + tokens[t]);
        Set<String> points = hookPoints(stack.layers());
        for (int k = 0; k < hooks.length; k++)
            if (!points.contains(Checks.notNull(hooks[k], "hooks[" + k + "]").name()))
                throw new IllegalArgumentException("hooks[" + k + "] names '" + hooks[k].name() + "', which is not a"
                        + " hook point of this model; it has hook_embed, hook_pos_embed and per block l < "
                        + stack.layers() + ": blocks.l.hook_resid_pre, blocks.l.attn.hook_q|hook_k|hook_v|"
                        + "hook_attn_scores|hook_pattern|hook_z, blocks.l.hook_attn_out, blocks.l.hook_resid_post");
        Pass p = new Pass(tokens, new ActivationCache(names), hooks);

        Tensor embed = Tensor.zeros(L, D);
        stack.embedding().forward(new int[][] {tokens}, embed.view(1, L, D));
        embed = p.at("hook_embed", -1, embed);
        Tensor pos = Tensor.zeros(L, D);
        System.arraycopy(stack.positionTable().matrix().data, 0, pos.matrix().data, 0, L * D);
        pos = p.at("hook_pos_embed", -1, pos);
        Tensor x = embed.plus(pos);
        Tensor mask = stack.mask(L);
        for (int l = 0; l < stack.layers(); l++) x = block(p, l, stack.layer(l), x, mask);
        Tensor logits = Tensor.zeros(L, stack.unembedding().classes());
        CommonOps_DDRM.mult(x.matrix(), stack.unembedding().weights().matrix(), logits.matrix());
        return new ModelRun(model, tokens, logits, p.cache);
    }

    private static Tensor block(Pass p, int l, MultiHeadAttention mha, Tensor x, Tensor mask) {
        String b = "blocks." + l + ".";
        int L = x.rows(), D = x.cols(), H = mha.nHeads(), dk = mha.dHead();
        x = p.at(b + "hook_resid_pre", l, x);
        Tensor q = p.at(b + "attn.hook_q", l, project(x, mha.W_q(), H));
        Tensor k = p.at(b + "attn.hook_k", l, project(x, mha.W_k(), H));
        Tensor v = p.at(b + "attn.hook_v", l, project(x, mha.W_v(), H));
        double scale = 1.0 / Math.sqrt(dk);
        double[] m = mask == null ? null : mask.matrix().data;
        Tensor scores = Tensor.zeros(H, L, L);
        for (int h = 0; h < H; h++) {
            double[] s = scores.slice(h).data;
            for (int i = 0; i < L; i++) {
                double[] qi = q.slice(i).data;
                for (int j = 0; j < L; j++) {
                    double[] kj = k.slice(j).data;
                    double dot = 0;
                    for (int c = 0; c < dk; c++) dot += qi[h * dk + c] * kj[h * dk + c];
                    double add = m == null ? 0 : m[i * L + j];
                    s[i * L + j] = add == Double.NEGATIVE_INFINITY ? add : dot * scale + add;
                }
            }
        }
        scores = p.at(b + "attn.hook_attn_scores", l, scores);
        Tensor pattern = p.at(b + "attn.hook_pattern", l, softmaxRows(scores));
        Tensor z = Tensor.zeros(L, H, dk);
        for (int h = 0; h < H; h++) {
            double[] a = pattern.slice(h).data;
            for (int i = 0; i < L; i++) {
                double[] zi = z.slice(i).data;
                for (int j = 0; j < L; j++) {
                    double w = a[i * L + j];
                    if (w == 0) continue;
                    double[] vj = v.slice(j).data;
                    for (int c = 0; c < dk; c++) zi[h * dk + c] += w * vj[h * dk + c];
                }
            }
        }
        z = p.at(b + "attn.hook_z", l, z);
        Tensor out = Tensor.zeros(L, D);
        CommonOps_DDRM.mult(asRows(z, L, D), mha.W_o().matrix(), out.matrix());
        out = p.at(b + "hook_attn_out", l, out);
        return p.at(b + "hook_resid_post", l, x.plus(out));
    }

    /** {@code x W} seen per head: {@code [L, H, d_head]}, row i of {@code x W} is slice i. */
    private static Tensor project(Tensor x, Tensor W, int H) {
        int L = x.rows(), D = W.cols();
        DMatrixRMaj y = new DMatrixRMaj(L, D);
        CommonOps_DDRM.mult(x.matrix(), W.matrix(), y);
        Tensor out = Tensor.zeros(L, H, D / H);
        for (int i = 0; i < L; i++) System.arraycopy(y.data, i * D, out.slice(i).data, 0, D);
        return out;
    }

    private static DMatrixRMaj asRows(Tensor z, int L, int D) {
        DMatrixRMaj m = new DMatrixRMaj(L, D);
        for (int i = 0; i < L; i++) System.arraycopy(z.slice(i).data, 0, m.data, i * D, D);
        return m;
    }

    /** Row softmax of {@code [H, L, L]} scores; a row that is −∞ everywhere (nothing visible) gives zeros. */
    private static Tensor softmaxRows(Tensor s) {
        Tensor out = Tensor.zeros(s.shape());
        int L = s.cols();
        for (int h = 0; h < s.batch(); h++) {
            double[] a = s.slice(h).data, o = out.slice(h).data;
            for (int i = 0; i < s.rows(); i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < L; j++) max = Math.max(max, a[i * L + j]);
                if (max == Double.NEGATIVE_INFINITY) continue;
                double sum = 0;
                for (int j = 0; j < L; j++) sum += o[i * L + j] = Math.exp(a[i * L + j] - max);
                for (int j = 0; j < L; j++) o[i * L + j] /= sum;
            }
        }
        return out;
    }

    /** The hook points of a stack of {@code layers} blocks, in the order of the pass. */
    static Set<String> hookPoints(int layers) {
        Set<String> s = new LinkedHashSet<>();
        s.add("hook_embed");
        s.add("hook_pos_embed");
        for (int l = 0; l < layers; l++)
            for (String n : new String[] {"hook_resid_pre", "attn.hook_q", "attn.hook_k", "attn.hook_v",
                "attn.hook_attn_scores", "attn.hook_pattern", "attn.hook_z", "hook_attn_out", "hook_resid_post"})
                s.add("blocks." + l + "." + n);
        return s;
    }

    /** One pass: its tokens, cache and hooks. */
    private static final class Pass {
        final int[] tokens;
        final ActivationCache cache;
        final Hook[] hooks;

        Pass(int[] tokens, ActivationCache cache, Hook[] hooks) {
            this.tokens = tokens;
            this.cache = cache;
            this.hooks = hooks;
        }

        /** Applies the hooks named {@code name} in order, caches the result, returns it. */
        Tensor at(String name, int layer, Tensor act) {
            for (Hook h : hooks) {
                if (!h.name().equals(name)) continue;
                Tensor r = h.fn().apply(act, new Hook.Context(name, layer, tokens.clone()));
                if (r != null) {
                    if (!java.util.Arrays.equals(r.shape(), act.shape()))
                        throw new IllegalArgumentException("hook on " + name + " returned shape " + Checks.str(r.shape())
                                + " but the activation has shape " + Checks.str(act.shape()));
                    act = r;
                }
            }
            return cache.put(name, act);
        }
    }
}
