package attnlab.plot;

import attnlab.NodeTools;
import attnlab.tensor.Tensor;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attention view in a real browser: Debian's headless chromium driven by playwright-core (npm) with real mouse
 * moves. The page is saved by {@link AttentionView#save}, loaded from the file with every non-file request recorded,
 * hovered, switched to another head, to all heads and to another layer; screenshots are checked for the heads'
 * colours, and the DOM for the shading, the info line and the token texts. A broken script never marks the page
 * ready, so the driver fails.
 * <pre>
 *   layer 0   head 0: previous token (row i on key i−1, row 0 on itself)   head 1: every row on key 0
 *             head 2: uniform over keys 0..i
 *   layer 1   head h: every row on itself
 * </pre>
 */
class AttentionViewBrowserTest {
    static final String PLAYWRIGHT = "playwright-core@1.57.0";
    static final String[] TOKENS = {"A", " cat", "\n", "<b>x</b>", "</script><script>window.bad=1</script>", "  ",
            " end"};
    static final int L = TOKENS.length, H = 3;

    @TempDir
    static Path out;
    static JsonObject report;

    @BeforeAll
    static void runBrowser() throws Exception {
        Path playwright = NodeTools.install("playwright", PLAYWRIGHT);
        Path page = AttentionView.of(TOKENS, layer0(), layer1()).save(out.resolve("view").toString());
        Path script = out.resolve("attention-view-check.js");
        Files.writeString(script, resource("attention-view-check.js"), StandardCharsets.UTF_8);
        NodeTools.node(script, playwright.toString(), page.toString(), out.toString());
        report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        Path keep = Files.createDirectories(Path.of("target", "attention-view-browser")); // to look at after a failure
        for (String f : new String[] {"view.html", "base.png", "hover-query.png", "hover-key.png", "all-heads.png"})
            Files.copy(out.resolve(f), keep.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        JsonArray c = report.getAsJsonArray("canvas");
        canvas = new int[] {(int) Math.ceil(c.get(0).getAsDouble()), (int) Math.ceil(c.get(1).getAsDouble()),
                (int) Math.floor(c.get(2).getAsDouble()), (int) Math.floor(c.get(3).getAsDouble())};
    }

    /** The canvas's x, y, width, height in the screenshots: the lines are there, the legend is above it. */
    static int[] canvas;

    @Test
    void noErrorsAndNoNetwork() {
        assertEquals(0, report.getAsJsonArray("errors").size(), "page errors: " + report.get("errors"));
        assertEquals(0, report.getAsJsonArray("console").size(), "console errors: " + report.get("console"));
        assertEquals(0, report.getAsJsonArray("requests").size(), "network requests: " + report.get("requests"));
    }

    @Test
    void tokensAreShownAsTextNotMarkup() {
        List<String> expected = List.of("A", " cat", "↵", "<b>x</b>", "</script><script>window.bad=1</script>", "␣␣",
                " end");
        assertEquals(expected, strings(report.getAsJsonArray("leftTokens")));
        assertEquals(expected, strings(report.getAsJsonArray("rightTokens")));
        assertEquals(0, report.get("elementsInsideTokens").getAsInt(), "a token became markup");
        assertEquals(0, report.get("waitingTexts").getAsInt(), "the script replaced the text shown without scripts");
        assertEquals(List.of("all heads", "0", "1", "2"), strings(report.getAsJsonArray("heads")));
        assertEquals(List.of("0", "1"), strings(report.getAsJsonArray("layers")));
    }

    @Test
    void hoveringAQueryShadesWhatItAttendsTo() throws IOException {
        List<String> right = strings(report.getAsJsonArray("queryRight"));
        for (int j = 0; j < L; j++)
            assertEquals(j == 2 ? css(AttentionView.headColor(0, H)) : "rgba(0, 0, 0, 0)", right.get(j), "key " + j);
        String info = report.get("queryInfo").getAsString();
        assertTrue(info.startsWith("\"<b>x</b>\" (query 3) attends to \"\\n\" 1.00"), info);
        BufferedImage hovered = image("hover-query.png");
        int[] rightColumn = {canvas[0] + canvas[2], canvas[1], 900 - canvas[0] - canvas[2], canvas[3]};
        assertTrue(count(hovered, AttentionView.headColor(0, H), 0, rightColumn) >= 200,
                "the shaded key in head 0's colour");
        assertTrue(differ(image("base.png"), image("hover-query.png")), "hovering changes the picture");
    }

    @Test
    void hoveringAKeyShadesWhatAttendsToIt() {
        List<String> left = strings(report.getAsJsonArray("keyLeft"));
        for (int i = 0; i < L; i++) assertEquals(css(AttentionView.headColor(1, H)), left.get(i), "query " + i);
        String info = report.get("keyInfo").getAsString();
        assertTrue(info.startsWith("\"A\" (key 0) is attended to by \"A\" 1.00, \" cat\" 1.00, \"\\n\" 1.00"), info);
    }

    @Test
    void linesInEachHeadsColour() throws IOException {
        BufferedImage base = image("base.png"), all = image("all-heads.png");
        // head 0 alone: its lines, no other head's colour
        assertTrue(count(base, AttentionView.headColor(0, H), 40, canvas) >= 50, "head 0's lines");
        assertEquals(0, count(base, AttentionView.headColor(1, H), 40, canvas), "head 1 is not shown with head 0");
        for (int h = 0; h < H; h++)
            assertTrue(count(all, AttentionView.headColor(h, H), 40, canvas) >= 30,
                    "head " + h + " in the all-heads view");
        assertTrue(report.get("allInfo").getAsString().startsWith("Layer 0, all heads."), report.get("allInfo").toString());
        assertTrue(report.get("layerInfo").getAsString().startsWith("Layer 1, all heads."));
    }

    // ---- the patterns

    static Tensor layer0() {
        double[][][] p = new double[H][L][L];
        for (int i = 0; i < L; i++) {
            p[0][i][Math.max(0, i - 1)] = 1;
            p[1][i][0] = 1;
            for (int j = 0; j <= i; j++) p[2][i][j] = 1.0 / (i + 1);
        }
        return Tensor.of(p);
    }

    static Tensor layer1() {
        double[][][] p = new double[H][L][L];
        for (int h = 0; h < H; h++) for (int i = 0; i < L; i++) p[h][i][i] = 1;
        return Tensor.of(p);
    }

    // ---- helpers

    /** Pixels within {@code tolerance} (per channel) of {@code #rrggbb} in the rectangle {x, y, width, height}. */
    static int count(BufferedImage img, String hex, int tolerance, int[] r) {
        int c = Integer.parseInt(hex.substring(1), 16), n = 0;
        for (int y = r[1]; y < Math.min(img.getHeight(), r[1] + r[3]); y++)
            for (int x = r[0]; x < Math.min(img.getWidth(), r[0] + r[2]); x++) {
                int p = img.getRGB(x, y);
                if (Math.abs((p >> 16 & 255) - (c >> 16 & 255)) <= tolerance
                        && Math.abs((p >> 8 & 255) - (c >> 8 & 255)) <= tolerance
                        && Math.abs((p & 255) - (c & 255)) <= tolerance) n++;
            }
        return n;
    }

    static boolean differ(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < Math.min(a.getHeight(), b.getHeight()); y++)
            for (int x = 0; x < Math.min(a.getWidth(), b.getWidth()); x++) if (a.getRGB(x, y) != b.getRGB(x, y)) return true;
        return false;
    }

    static String css(String hex) {
        int c = Integer.parseInt(hex.substring(1), 16);
        return "rgb(" + (c >> 16 & 255) + ", " + (c >> 8 & 255) + ", " + (c & 255) + ")";
    }

    static BufferedImage image(String name) throws IOException {
        BufferedImage img = ImageIO.read(out.resolve(name).toFile());
        assertTrue(img != null && img.getWidth() == 900, name + " is a 900-pixel-wide screenshot");
        return img;
    }

    static List<String> strings(JsonArray a) {
        List<String> s = new ArrayList<>();
        a.forEach(e -> s.add(e.getAsString()));
        return s;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = AttentionViewBrowserTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("test resource attnlab/plot/" + name + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
