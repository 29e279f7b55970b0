package attnlab;

import attnlab.model.ActivationCache;
import attnlab.model.Hook;
import attnlab.model.HookedModel;
import attnlab.model.ModelRun;
import attnlab.plot.AttentionView;
import attnlab.plot.Heatmap;
import attnlab.tensor.Tensor;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import static attnlab.Lab.attentionView;
import static attnlab.Lab.headsGrid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The facade's pictures of a model run, {@code attentionView(r)} and {@code headsGrid(r, layer)}, on a run of a tiny
 * model written here: 2 layers, 2 heads, a 5-word vocabulary, and causal patterns from hand-made scores
 * {@code s[l][h][i][j] = (l + 1)(h + 1) · (t_j − j/10)}, softmaxed over {@code j ≤ i}.
 */
class LabModelPicturesTest {
    static final String[] WORDS = {"<bos>", " the", " cat", " sat", "\n"};

    /** The tiny model: only patterns and zero logits, which is all the pictures read. */
    static final class TinyModel implements HookedModel {
        @Override public int layers() { return 2; }
        @Override public int heads() { return 2; }
        @Override public int vocab() { return WORDS.length; }
        @Override public int context() { return 16; }
        @Override public String tokenText(int id) { return WORDS[id]; }

        @Override
        public ModelRun run(int[] tokens, Predicate<String> names, Hook... hooks) {
            ActivationCache cache = new ActivationCache(names);
            for (int l = 0; l < layers(); l++) cache.put("blocks." + l + ".attn.hook_pattern", pattern(l, tokens));
            return new ModelRun(this, tokens, Tensor.zeros(tokens.length, vocab()), cache);
        }

        static Tensor pattern(int l, int[] t) {
            int L = t.length;
            Tensor p = Tensor.zeros(2, L, L);
            for (int h = 0; h < 2; h++)
                for (int i = 0; i < L; i++) {
                    double sum = 0;
                    for (int j = 0; j <= i; j++) sum += Math.exp((l + 1) * (h + 1) * (t[j] - j / 10.0));
                    for (int j = 0; j <= i; j++) p.set(h, i, j, Math.exp((l + 1) * (h + 1) * (t[j] - j / 10.0)) / sum);
                }
            return p;
        }
    }

    static final int[] TOKENS = {0, 1, 2, 3, 4, 1, 2};

    @Test
    void attentionViewOfARun() {
        ModelRun r = new TinyModel().run(TOKENS);
        AttentionView v = attentionView(r);
        assertEquals(2, v.layers());
        assertEquals(2, v.heads());
        assertEquals(7, v.tokens());
        String html = v.html();
        JsonObject d = JsonParser.parseString(html.substring(html.indexOf("})(") + 3,
                html.indexOf(");\n</script>"))).getAsJsonObject();
        List<String> toks = new ArrayList<>();
        d.getAsJsonArray("tokens").forEach(e -> toks.add(e.getAsString()));
        assertEquals(List.of(r.strTokens()), toks);
        assertEquals(List.of("<bos>", " the", " cat", " sat", "\n", " the", " cat"), toks);
        byte[] w = Base64.getDecoder().decode(d.get("weights").getAsString());
        int k = 0;
        for (int l = 0; l < 2; l++)
            for (int h = 0; h < 2; h++)
                for (int i = 0; i < 7; i++)
                    for (int j = 0; j <= i; j++, k++)
                        assertEquals(Math.round(255 * r.pattern(l).get(h, i, j)), w[k] & 255,
                                "layer " + l + " head " + h + " (" + i + ", " + j + ")");
        assertEquals(k, w.length);
        assertTrue(v.layer(1).head(1).terminal(false).startsWith("layer 1, head 1: attention"));
    }

    @Test
    void headsGridOfARun() {
        ModelRun r = new TinyModel().run(TOKENS);
        Heatmap h = headsGrid(r, 1);
        assertEquals("layer 1: attention per head (rows: query token, columns: key token)", h.title());
        String t = h.terminal(false);
        assertTrue(t.contains("head 0\n") && t.contains("head 1\n") && t.contains(" cat") && t.contains("\\n")
                && t.contains("x masked"), t);
    }

    @Test
    void badLayersAndMissingPatterns() {
        ModelRun r = new TinyModel().run(TOKENS);
        assertEquals("layer must be < 2 (the model's layers) but was 2",
                assertThrows(IllegalArgumentException.class, () -> headsGrid(r, 2)).getMessage());
        ModelRun none = new TinyModel().run(TOKENS, ActivationCache.NONE);
        String m = assertThrows(IllegalArgumentException.class, () -> attentionView(none)).getMessage();
        assertTrue(m.startsWith("no activation 'blocks.0.attn.hook_pattern'"), m);
        assertEquals("r must not be null",
                assertThrows(IllegalArgumentException.class, () -> attentionView(null)).getMessage());
    }
}
