package attnlab.plot;

import attnlab.display.Inline;
import attnlab.tensor.Tensor;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The view's HTML and data, its cut for long inputs, its terminal fallback, save and bad input. */
class AttentionViewTest {
    @TempDir
    Path dir;

    static final String[] TOKENS = {"The", " cat", "\n", " sat"};

    /** Head 0: row i uniform over keys 0..i. Head 1: row i on key 0 with 2/3, on key i with the rest. */
    static Tensor causal() {
        double[][][] p = new double[2][4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j <= i; j++) p[0][i][j] = 1.0 / (i + 1);
            p[1][i][0] = i == 0 ? 1 : 2.0 / 3;
            if (i > 0) p[1][i][i] = 1.0 / 3;
        }
        return Tensor.of(p);
    }

    @Test
    void dataHoldTheTokensAndTheWeightsAsBytes() {
        AttentionView v = AttentionView.of(TOKENS, causal(), causal()).layer(1).head(1);
        JsonObject d = data(v.html());
        assertEquals(List.of("The", " cat", "\n", " sat"), strings(d));
        assertTrue(d.get("causal").getAsBoolean());
        assertEquals(2, d.get("layers").getAsInt());
        assertEquals(1, d.get("layer").getAsInt());
        assertEquals(1, d.get("head").getAsInt());
        byte[] w = Base64.getDecoder().decode(d.get("weights").getAsString());
        assertEquals(2 * 2 * 10, w.length, "lower triangles: 2 layers × 2 heads × 10");
        // layer 0, head 0: rows 1, 1/2 1/2, 1/3 1/3 1/3, 1/4 ×4 → round(255 w)
        int[] head0 = {255, 128, 128, 85, 85, 85, 64, 64, 64, 64};
        for (int k = 0; k < 10; k++) assertEquals(head0[k], w[k] & 255, "byte " + k);
        // layer 0, head 1, row 3: 2/3 0 0 1/3
        assertArrayEquals(new int[] {170, 0, 0, 85}, new int[] {w[16] & 255, w[17] & 255, w[18] & 255, w[19] & 255});
        assertEquals(AttentionView.headColor(1, 2), d.getAsJsonArray("colors").get(1).getAsString());
    }

    @Test
    void nonCausalPatternsKeepEveryWeight() {
        Tensor p = Tensor.of(new double[][][] {{{0.5, 0.5}, {0.25, 0.75}}});
        JsonObject d = data(AttentionView.of(new String[] {"a", "b"}, p).html());
        assertFalse(d.get("causal").getAsBoolean());
        byte[] w = Base64.getDecoder().decode(d.get("weights").getAsString());
        assertArrayEquals(new int[] {128, 128, 64, 191}, new int[] {w[0] & 255, w[1] & 255, w[2] & 255, w[3] & 255});
    }

    @Test
    void selfContainedAndNoTokenCanCloseTheScript() {
        String[] evil = {"</script><script>alert(1)</script>", "<!--", "&amp;", "'\"", "\u2028"};
        Tensor p = Tensor.zeros(1, 5, 5);
        for (int i = 0; i < 5; i++) p.set(0, i, i, 1);
        String html = AttentionView.of(evil, p).html();
        assertEquals(1, count(html, "</script"), "only the view's own </script>");
        assertEquals(0, count(html, "<!--"));
        for (String remote : new String[] {"http:", "https:", "//cdn", "<link", "@import", "url(", "src="})
            assertEquals(0, count(html, remote), remote);
        assertEquals(List.of(evil), strings(data(html)), "the tokens arrive intact");
        assertTrue(html.startsWith("<div id=\"attnlab-av-"));
        String other = AttentionView.of(evil, p).html();
        assertFalse(id(html).equals(id(other)), "two views on one page get their own ids");
    }

    @Test
    void longInputsKeepTheirFirstTokens() {
        assertEquals(117, AttentionView.defaultMaxTokens(12, 12, 1024), "GPT-2 small");
        assertEquals(300, AttentionView.defaultMaxTokens(1, 2, 300));
        int L = 120;
        String[] toks = new String[L];
        for (int t = 0; t < L; t++) toks[t] = "t" + t;
        Tensor[] layers = new Tensor[20];
        Tensor p = Tensor.zeros(10, L, L);
        for (int h = 0; h < 10; h++) for (int i = 0; i < L; i++) p.set(h, i, i, 1);
        java.util.Arrays.fill(layers, p);
        AttentionView v = AttentionView.of(toks, layers);
        assertEquals(100, v.shownTokens(), "20 × 10 × 100² = the budget");
        JsonObject d = data(v.html());
        assertEquals(100, d.getAsJsonArray("tokens").size());
        assertEquals(120, d.get("total").getAsInt());
        assertEquals(20 * 10 * 100 * 101 / 2, Base64.getDecoder().decode(d.get("weights").getAsString()).length);
        assertTrue(v.toString().contains("first 100 of 120 tokens"), v.toString());
        assertEquals(7, data(v.maxTokens(7).html()).getAsJsonArray("tokens").size());
        assertEquals(120, v.maxTokens(500).shownTokens());
    }

    @Test
    void terminalShowsTheChosenHeadOrTheLayer() {
        AttentionView v = AttentionView.of(TOKENS, causal(), causal()).layer(1).head(1);
        String one = v.terminal(false);
        assertTrue(one.startsWith("layer 1, head 1: attention (rows: query, columns: key)\n"), one);
        assertTrue(one.contains("\\n") && one.contains("x masked"), one);
        assertFalse(one.contains("head 0"), one);
        String all = v.allHeads().terminal(false);
        assertTrue(all.startsWith("layer 1: attention per head\nhead 0\n") && all.contains("\nhead 1\n"), all);
    }

    @Test
    void showPrintsTheTerminalViewOrGoesInline() {
        AttentionView v = AttentionView.of(TOKENS, causal());
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            v.show();
        } finally {
            System.setOut(old);
        }
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("layer 0, head 0: attention") && printed.contains(".save(\"attention.html\")"),
                printed);

        List<Object> shown = new ArrayList<>();
        Inline.install(new Inline.Sink() {
            @Override public boolean show(Object value) { shown.add(value); return true; }
            @Override public boolean update(String id, String text) { return false; }
        });
        buf.reset();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            v.show();
        } finally {
            System.setOut(old);
            Inline.install(null);
        }
        assertEquals(1, shown.size());
        assertSame(v, shown.get(0));
        assertEquals("", buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void saveWritesAPage() throws IOException {
        AttentionView v = AttentionView.of(TOKENS, causal()).title("a <title>");
        Path p = v.save(dir.resolve("sub/view").toString());
        assertEquals(dir.resolve("sub/view.html").toAbsolutePath(), p);
        String page = Files.readString(p, StandardCharsets.UTF_8);
        assertTrue(page.startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>a &lt;title&gt;</title>"), page.substring(0, 120));
        assertEquals("a <title>", data(page).get("title").getAsString());
        assertEquals(dir.resolve("v.htm").toAbsolutePath(), v.save(dir.resolve("v.htm").toString()));
        try (var files = Files.list(dir.resolve("sub"))) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void badInput() {
        Tensor p = causal();
        assertEquals("patterns[1] must be [H, 4, 4] (heads, queries, keys for the 4 tokens) but has shape [2, 3, 3]",
                assertThrows(IllegalArgumentException.class,
                        () -> AttentionView.of(TOKENS, p, Tensor.zeros(2, 3, 3))).getMessage());
        assertEquals("patterns[1] has 3 heads but patterns[0] has 2", assertThrows(IllegalArgumentException.class,
                () -> AttentionView.of(TOKENS, p, Tensor.zeros(3, 4, 4))).getMessage());
        assertEquals("tokens must not be empty", assertThrows(IllegalArgumentException.class,
                () -> AttentionView.of(new String[0], Tensor.zeros(1, 1, 1))).getMessage());
        assertEquals("tokens[2] must not be null", assertThrows(IllegalArgumentException.class,
                () -> AttentionView.of(new String[] {"a", "b", null, "d"}, p)).getMessage());
        assertEquals("patterns must hold at least one layer", assertThrows(IllegalArgumentException.class,
                () -> AttentionView.of(TOKENS)).getMessage());
        AttentionView v = AttentionView.of(TOKENS, p);
        assertEquals("layer must be < 1 (the layers) but was 1",
                assertThrows(IllegalArgumentException.class, () -> v.layer(1)).getMessage());
        assertEquals("head must be < 2 (the heads) but was 2",
                assertThrows(IllegalArgumentException.class, () -> v.head(2)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> v.maxTokens(0));
        assertThrows(IllegalArgumentException.class, () -> v.save(" "));
    }

    @Test
    void describesItself() {
        assertEquals("AttentionView: 2 layers × 2 heads, 4 tokens (layer 0, all heads); in a notebook it is"
                + " interactive, else .show() or .save(\"attention.html\")",
                AttentionView.of(TOKENS, causal(), causal()).allHeads().toString());
    }

    // ---- reading the fragment back

    static JsonObject data(String html) {
        int start = html.indexOf("})(") + 3, end = html.indexOf(");\n</script>", start);
        return JsonParser.parseString(html.substring(start, end)).getAsJsonObject();
    }

    static String id(String html) {
        return data(html).get("id").getAsString();
    }

    static List<String> strings(JsonObject d) {
        List<String> s = new ArrayList<>();
        d.getAsJsonArray("tokens").forEach(e -> s.add(e.getAsString()));
        return s;
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
