package attnlab.model;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hooks, head ablation and activation patching on the tiny reference models. */
class HooksTest {
    static final int[] T = ReferenceModels.tokens();

    static void assertSameBits(Tensor a, Tensor b, String what) {
        assertArrayEquals(a.shape(), b.shape(), what);
        for (int s = 0; s < a.batch(); s++) assertArrayEquals(a.slice(s).data, b.slice(s).data, 0.0, what);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2-lm", "llama-kv2"})
    void identityHooksOnEveryPointChangeNothingBitForBit(String name) {
        Model m = Model.load(ReferenceModels.dir(name));
        ModelRun plain = m.run(T);
        List<String> points = m.hookNames();
        for (int variant = 0; variant < 2; variant++) {
            boolean returnNull = variant == 1;
            Hook[] hooks = points.stream().map(p -> new Hook(p, (act, ctx) -> returnNull ? null : act))
                    .toArray(Hook[]::new);
            ModelRun hooked = m.run(T, hooks);
            assertSameBits(plain.logits(), hooked.logits(), name + " logits");
            for (String p : points) assertSameBits(plain.get(p), hooked.get(p), name + " " + p);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2-lm", "llama-kv2"})
    void whatAHookKeepsIsNotOverwrittenByLaterLayersOrRuns(String name) {
        // the forward reuses its per-layer scratch (q, k, v per head, z): a hook must never be handed it
        Model m = Model.load(ReferenceModels.dir(name));
        List<String> points = m.hookNames();
        java.util.Map<String, Tensor> kept = new java.util.HashMap<>(), copies = new java.util.HashMap<>();
        Hook[] hooks = points.stream().map(p -> new Hook(p, (act, ctx) -> {
            kept.put(p, act);
            copies.put(p, act.copy());
            return null;
        })).toArray(Hook[]::new);
        m.run(T, ActivationCache.NONE, hooks);
        m.run(new int[] {T[1], T[0], T[2]}, ActivationCache.NONE); // a second pass, nothing hooked
        for (String p : points) assertSameBits(copies.get(p), kept.get(p), name + " " + p);
    }

    @Test
    void aHookSeesItsNameLayerAndTokens() {
        Model m = Model.load(ReferenceModels.dir("gpt2"));
        List<Hook.Context> seen = new java.util.ArrayList<>();
        m.run(T, ActivationCache.NONE, new Hook("blocks.1.mlp.hook_post", (act, ctx) -> {
            seen.add(ctx);
            return act;
        }));
        assertEquals(1, seen.size());
        assertEquals("blocks.1.mlp.hook_post", seen.get(0).name());
        assertEquals(1, seen.get(0).layer());
        assertArrayEquals(T, seen.get(0).tokens());
    }

    @ParameterizedTest
    @CsvSource({"gpt2-lm, 1, 2", "llama-kv2, 0, 3"})
    void zeroAblatingAHeadEqualsTheReferenceWithThatHeadsOutputColumnsZeroed(String name, int layer, int head) {
        Model m = Model.load(ReferenceModels.dir(name));
        Tensor expected = ReferenceModels.reference(name).get("ablated.logits");
        ModelRun r = m.run(T, Ablation.head(layer, head, Ablation.Kind.ZERO));
        double err = ReferenceModels.relErr(r.logits(), expected, name + " ablated logits");
        assertTrue(err <= 1e-12, "relative error " + err);
        assertTrue(r.logits().maxAbsDiff(m.run(T).logits()) > 1e-6, "the ablation changed the logits");
    }

    @Test
    void anAblatedRunDiffersFromThePlainOneOnlyWhereTheHookActs() {
        Model m = Model.load(ReferenceModels.dir("gpt2-lm"));
        ModelRun plain = m.run(T), cut = m.run(T, Ablation.head(1, 2, Ablation.Kind.ZERO));
        List<String> points = m.hookNames();
        int z = points.indexOf("blocks.1.attn.hook_z");
        for (int i = 0; i < z; i++) assertSameBits(plain.get(points.get(i)), cut.get(points.get(i)), points.get(i));
        Tensor zp = plain.get("blocks.1.attn.hook_z"), zc = cut.get("blocks.1.attn.hook_z");
        for (int pos = 0; pos < T.length; pos++)
            for (int h = 0; h < m.heads(); h++)
                for (int c = 0; c < m.dHead(); c++)
                    assertEquals(h == 2 ? 0.0 : zp.get(pos, h, c), zc.get(pos, h, c), "z[" + pos + ", " + h + "]");
        assertFalse(plain.get("blocks.1.hook_attn_out").maxAbsDiff(cut.get("blocks.1.hook_attn_out")) == 0);
    }

    @Test
    void meanAblationPutsTheHeadsMeanOutputAtEveryPosition() {
        Model m = Model.load(ReferenceModels.dir("llama-kv1"));
        ModelRun plain = m.run(T), cut = m.run(T, Ablation.head(0, 1, Ablation.Kind.MEAN));
        Tensor zp = plain.get("blocks.0.attn.hook_z"), zc = cut.get("blocks.0.attn.hook_z");
        for (int c = 0; c < m.dHead(); c++) {
            double mean = 0;
            for (int pos = 0; pos < T.length; pos++) mean += zp.get(pos, 1, c) / T.length;
            for (int pos = 0; pos < T.length; pos++) {
                assertEquals(mean, zc.get(pos, 1, c), 0.0);
                assertEquals(zp.get(pos, 0, c), zc.get(pos, 0, c), 0.0);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"blocks.1.attn.hook_pattern", "blocks.1.attn.hook_attn_scores"})
    void anEditedPatternOrScoresTakesTheSlowPathToTheSameNumbers(String point) {
        Model m = Model.load(ReferenceModels.dir("llama-kv2"));
        // edits that change bits but not the math: scores + 1 (softmax ignores it), each pattern row ÷ its sum
        ModelRun r = m.run(T, new Hook(point, (act, ctx) -> {
            Tensor e = act.copy();
            for (int h = 0; h < e.batch(); h++)
                for (int i = 0; i < e.rows(); i++) {
                    double[] d = e.slice(h).data;
                    double sum = 0;
                    for (int j = 0; j < e.cols(); j++) sum += d[i * e.cols() + j];
                    for (int j = 0; j < e.cols(); j++)
                        d[i * e.cols() + j] = point.endsWith("pattern") ? d[i * e.cols() + j] / sum
                                : d[i * e.cols() + j] + 1;
                }
            return e;
        }));
        double err = ReferenceModels.relErr(r.logits(), ReferenceModels.reference("llama-kv2").get("logits"), point);
        assertTrue(err <= 1e-12, "relative error " + err);
        assertFalse(r.logits().maxAbsDiff(m.run(T).logits()) == 0, "the edited run took the other path");
    }

    @Test
    void editingThePatternChangesWhatTheHeadReads() {
        Model m = Model.load(ReferenceModels.dir("gpt2"));
        // every head of block 0 attends only to its own token: z = v
        ModelRun r = m.run(T, new Hook("blocks.0.attn.hook_pattern", (p, ctx) -> {
            Tensor d = Tensor.zeros(p.shape());
            for (int h = 0; h < p.batch(); h++) for (int i = 0; i < p.rows(); i++) d.set(h, i, i, 1);
            return d;
        }));
        Tensor z = r.get("blocks.0.attn.hook_z"), v = r.get("blocks.0.attn.hook_v");
        assertTrue(z.maxAbsDiff(v) < 1e-15, "z = v when each token attends to itself");
    }

    @Test
    void patchingTheFirstResidualFromAnotherRunGivesThatRun() {
        Model m = Model.load(ReferenceModels.dir("gpt2"));
        int[] other = T.clone();
        other[3] = 30;
        ModelRun target = m.run(T), source = m.run(other);
        Patching.Result p = Patching.run(target, "blocks.0.hook_resid_pre", source);
        assertSameBits(source.logits(), p.patched().logits(), "patched logits");
        assertEquals(1.0, p.recovered(), 1e-12);
        assertTrue(p.toString().startsWith("patched blocks.0.hook_resid_pre: logit("), p.toString());
        Patching.Result none = Patching.run(target, "blocks.1.attn.hook_z", m.run(T));
        assertEquals(none.target(), none.after(), 0.0, "patching from an identical run changes nothing");
    }

    @Test
    void badHooksGetClearErrors() {
        Model m = Model.load(ReferenceModels.dir("gpt2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.run(T, new Hook("blocks.1.hook_zz", (a, c) -> a)));
        assertTrue(e.getMessage().startsWith("no hook point 'blocks.1.hook_zz' in this model"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.run(T, new Hook("blocks.1.attn.hook_z",
                (a, c) -> Tensor.zeros(2, 2))));
        assertEquals("the hook on blocks.1.attn.hook_z returned shape [2, 2] but the activation has shape [12, 4, 16]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.run(T, Ablation.head(0, 4, Ablation.Kind.ZERO)));
        assertEquals("head must be < 4 (the model's heads) but was 4", e.getMessage());
        int[] shorter = java.util.Arrays.copyOf(T, 5);
        e = assertThrows(IllegalArgumentException.class, () -> m.run(shorter, Patching.hook("hook_embed", m.run(T))));
        assertTrue(e.getMessage().startsWith("cannot patch hook_embed: the source run's has shape [12, 64] but this"
                + " run's has [5, 64]"), e.getMessage());
    }
}
