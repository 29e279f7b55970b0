package attnlab.plot;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An interactive attention view for notebooks and browsers, in the spirit of bertviz's head view: the tokens twice,
 * queries on the left and keys on the right, joined by lines whose opacity is the attention weight. Pick the layer and
 * the head (or all heads at once, one colour each); hover a token on the left to see what it attends to, on the right
 * to see what attends to it (the other column's tokens are shaded by the weight, and the strongest ones are listed).
 *
 * <p>Self-contained: one HTML fragment with its own style and script, the data inlined as JSON, nothing fetched (no
 * CDN, no fonts). Tokens are put in the page as text, never as markup, so {@code <b>} or {@code </script>} in a token
 * is shown as typed; spaces are kept, and a newline shows as ↵, a tab as ⇥, a token of spaces only as ␣.
 *
 * <p><b>Size:</b> weights are stored as bytes ({@code round(255 w)}, so a weight reads to ±0.002), the lower triangle
 * only when every pattern is causal. Long inputs keep their first {@link #maxTokens} tokens, which by default is
 * the most that keeps {@code layers × heads × tokens²} within {@value #CELL_BUDGET} weights (GPT-2 small: 117
 * tokens; about 2 MB of HTML at most). With a causal model the kept corner is exact: the first n queries attend only to
 * the first n keys.
 *
 * <p>In a notebook it shows as {@code text/html}; {@link #save} writes a page to open in a browser; in a terminal
 * {@link #show} prints the ANSI heatmap of the chosen layer and head.
 */
public final class AttentionView implements attnlab.display.HtmlView {
    /** The most weights kept by default: {@code layers × heads × tokens²}. */
    public static final int CELL_BUDGET = 2_000_000;

    private static final AtomicLong IDS = new AtomicLong();

    private final String[] tokens;
    private final Tensor[] patterns;
    private final int heads;
    private int layer;
    private int head;
    private int maxTokens;
    private String title = "";

    private AttentionView(String[] tokens, Tensor[] patterns, int heads) {
        this.tokens = tokens;
        this.patterns = patterns;
        this.heads = heads;
        this.maxTokens = defaultMaxTokens(patterns.length, heads, tokens.length);
    }

    /**
     * The view of {@code patterns[layer]} ({@code [H, L, L]}, rows = queries, each row a distribution) on
     * {@code tokens} ({@code L} strings). Every layer must have the same H; the arrays are copied (tokens) or read
     * when the view is drawn (patterns, not modified).
     */
    public static AttentionView of(String[] tokens, Tensor... patterns) {
        Checks.notNull(tokens, "tokens");
        Checks.notNull(patterns, "patterns");
        if (patterns.length == 0) throw new IllegalArgumentException("patterns must hold at least one layer");
        int L = tokens.length;
        if (L == 0) throw new IllegalArgumentException("tokens must not be empty");
        for (int t = 0; t < L; t++) Checks.notNull(tokens[t], "tokens[" + t + "]");
        int H = -1;
        for (int l = 0; l < patterns.length; l++) {
            Tensor p = Checks.notNull(patterns[l], "patterns[" + l + "]");
            if (p.rank() != 3 || p.rows() != L || p.cols() != L)
                throw new IllegalArgumentException("patterns[" + l + "] must be [H, " + L + ", " + L + "] (heads, "
                        + "queries, keys for the " + L + " tokens) but has shape " + Checks.str(p.shape()));
            if (H >= 0 && p.batch() != H)
                throw new IllegalArgumentException("patterns[" + l + "] has " + p.batch() + " heads but patterns[0] has "
                        + H);
            H = p.batch();
        }
        return new AttentionView(tokens.clone(), patterns.clone(), H);
    }

    // ------------------------------------------------------------------ setters (chain)

    /** The layer shown first (and in the terminal). */
    public AttentionView layer(int layer) {
        Checks.nonNegative(layer, "layer");
        if (layer >= patterns.length)
            throw new IllegalArgumentException("layer must be < " + patterns.length + " (the layers) but was " + layer);
        this.layer = layer;
        return this;
    }

    /** The head shown first (and in the terminal); {@link #allHeads()} shows every head in its colour. */
    public AttentionView head(int head) {
        Checks.nonNegative(head, "head");
        if (head >= heads)
            throw new IllegalArgumentException("head must be < " + heads + " (the heads) but was " + head);
        this.head = head;
        return this;
    }

    /** All heads at once, one colour each (the terminal shows the layer's heads grid). */
    public AttentionView allHeads() {
        this.head = -1;
        return this;
    }

    /** Keeps the first {@code n} tokens (see the class comment for the default). */
    public AttentionView maxTokens(int n) {
        this.maxTokens = Math.min(Checks.positive(n, "maxTokens"), tokens.length);
        return this;
    }

    public AttentionView title(String title) {
        this.title = title == null ? "" : title;
        return this;
    }

    public int layers() { return patterns.length; }

    public int heads() { return heads; }

    /** The tokens, all of them (the view draws the first {@link #shownTokens()}). */
    public int tokens() { return tokens.length; }

    public int shownTokens() { return maxTokens; }

    // ------------------------------------------------------------------ HTML

    /** The notebook fragment: a {@code <div>} with its style and script, ids unique to this rendering. */
    @Override
    public String html() {
        String id = "attnlab-av-" + IDS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffffL);
        String css = resource("attention-view.css").replace("#ROOT", "#" + id);
        // Gson escapes <, >, &, = and ' as \\u003c ...: the JSON cannot close the <script> or open a comment
        String data = new Gson().toJson(data(id));
        return "<div id=\"" + id + "\" class=\"attnlab-av\">\n<style>\n" + css + "</style>\n"
                + "<div class=\"av-wait\">attnlab attention view: it draws itself with JavaScript (in Jupyter, trust"
                + " the notebook to run it)</div>\n"
                + "<script>\n(function (DATA) {\n" + resource("attention-view.js") + "\n})(" + data + ");\n</script>\n"
                + "</div>\n";
    }

    /** A whole page around {@link #html()}, for a file. */
    public String page() {
        String t = title.isEmpty() ? "attention" : title;
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                + escapeHtml(t) + "</title>\n</head>\n<body style=\"margin:16px;background:#fff\">\n" + html()
                + "</body>\n</html>\n";
    }

    /**
     * Writes {@link #page()} to {@code path} ({@code ".html"} added when it ends otherwise; {@code ~} is the home
     * folder; missing folders are created; the file appears complete or not at all).
     *
     * @return the absolute path written
     */
    public Path save(String path) {
        Checks.notNull(path, "path");
        if (path.isBlank()) throw new IllegalArgumentException("path must not be blank");
        String p = ChartFiles.expandHome(path);
        String lower = p.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".html") && !lower.endsWith(".htm")) p += ".html";
        Path target = Path.of(p).toAbsolutePath().normalize();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".attention", ".tmp");
            try {
                Files.writeString(tmp, page(), StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the attention view to " + target + ": " + e, e);
        }
        return target;
    }

    // ------------------------------------------------------------------ terminal

    /** In a notebook: shown inline. Elsewhere: the ANSI heatmap of the chosen layer and head, and a hint. */
    public AttentionView show() {
        if (attnlab.display.Inline.show(this)) return this;
        System.out.print(terminal(Terminal.colorEnabled()));
        System.out.println("(the interactive view is HTML: .save(\"attention.html\") and open it in a browser)");
        return this;
    }

    /** The terminal picture: the chosen head's heatmap, or the layer's heads grid for {@link #allHeads()}. */
    public String terminal(boolean color) {
        return heatmap().terminal(color);
    }

    /** The chosen layer and head (or the layer's heads, for all heads) as a heatmap with token labels. */
    public Heatmap heatmap() {
        Tensor p = patterns[layer];
        if (head < 0) return Heatmap.heads(p, tokens).title("layer " + layer + ": attention per head");
        Heatmap one = Heatmap.heads(Tensor.stack(p.slice(head)), tokens);
        one.panelTitles.set(0, ""); // the title names the head
        return one.title("layer " + layer + ", head " + head + ": attention (rows: query, columns: key)");
    }

    @Override
    public String toString() {
        return "AttentionView: " + patterns.length + " layer" + (patterns.length == 1 ? "" : "s") + " × " + heads
                + " head" + (heads == 1 ? "" : "s") + ", " + (maxTokens < tokens.length ? "first " + maxTokens + " of "
                : "") + tokens.length + " tokens (layer " + layer + ", " + (head < 0 ? "all heads" : "head " + head)
                + "); in a notebook it is interactive, else .show() or .save(\"attention.html\")";
    }

    // ------------------------------------------------------------------ data

    /** The colour of head {@code h} of {@code H}: hues evenly around the circle, as {@code #rrggbb}. */
    static String headColor(int h, int H) {
        java.awt.Color c = java.awt.Color.getHSBColor((float) h / H, 0.75f, 0.80f);
        return String.format(Locale.ROOT, "#%06x", c.getRGB() & 0xffffff);
    }

    static int defaultMaxTokens(int layers, int heads, int L) {
        int n = (int) Math.floor(Math.sqrt((double) CELL_BUDGET / ((double) layers * heads)));
        return Math.max(1, Math.min(L, n));
    }

    private JsonObject data(String id) {
        int n = maxTokens;
        boolean causal = causal(n);
        int perHead = causal ? n * (n + 1) / 2 : n * n;
        byte[] w = new byte[patterns.length * heads * perHead];
        int k = 0;
        for (Tensor p : patterns)
            for (int h = 0; h < heads; h++) {
                double[] a = p.slice(h).data;
                int L = p.cols();
                for (int i = 0; i < n; i++)
                    for (int j = 0, end = causal ? i : n - 1; j <= end; j++) w[k++] = quantise(a[i * L + j]);
            }
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("title", title);
        JsonArray toks = new JsonArray();
        for (int t = 0; t < n; t++) toks.add(tokens[t]);
        o.add("tokens", toks);
        o.addProperty("total", tokens.length);
        o.addProperty("layers", patterns.length);
        o.addProperty("heads", heads);
        o.addProperty("causal", causal);
        JsonArray colors = new JsonArray();
        for (int h = 0; h < heads; h++) colors.add(headColor(h, heads));
        o.add("colors", colors);
        o.addProperty("layer", layer);
        o.addProperty("head", head);
        o.addProperty("weights", Base64.getEncoder().encodeToString(w));
        return o;
    }

    private static byte quantise(double v) {
        if (!(v > 0)) return 0; // NaN and masked (-inf) alike
        return (byte) Math.min(255, Math.round(v * 255));
    }

    // Causal when every weight above the diagonal of the kept corner is 0 in every layer and head.
    private boolean causal(int n) {
        for (Tensor p : patterns)
            for (int h = 0; h < heads; h++) {
                double[] a = p.slice(h).data;
                int L = p.cols();
                for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) if (a[i * L + j] != 0) return false;
            }
        return true;
    }

    private static String resource(String name) {
        try (InputStream in = AttentionView.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("resource attnlab/plot/" + name + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
