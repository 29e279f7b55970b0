package attnlab.notebook;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A notebook as a reader sees it: a script converted by {@link ScriptNotebook}, executed and turned into HTML by the
 * real {@code jupyter nbconvert --to html --execute} with the attnlab kernel, then opened in Debian's headless
 * {@code chromium}, whose screenshot must show the heatmap (its two viridis end colours, one per cell value) and the
 * box that an {@code html(..)} call paints in a colour nothing else on the page has. Chromium is not optional: the
 * test fails, with the package to install, when it is missing ({@code .ci/run} installs it).
 */
class NotebookBrowserTest {
    static final String CHROMIUM = "/usr/bin/chromium";
    /** viridis at 0 and at 1 (attnlab.plot.Colormap), and the html(..) box's colour. */
    static final int LOW = 0x440154, HIGH = 0xfde725, BOX = 0x00d2ff;
    static final String SCRIPT = "// # What a browser shows\n"
            + "// A heatmap of 0 and 1:\n"
            + "display(heatmap(tensor(\"0 1; 1 0\")).title(\"browser check\"))\n"
            + "\n"
            + "// and HTML from user code:\n"
            + "html(\"<div style='background:#00d2ff;width:320px;height:90px'>attnlab html</div>\")\n";

    private static Path tmp;

    @BeforeAll
    static void makeDir() throws IOException {
        tmp = Files.createTempDirectory("attnlab-browser-");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (tmp == null) return;
        try (Stream<Path> s = Files.walk(tmp)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @Test
    void theHeatmapAndAnHtmlOutputRenderInChromium() throws Exception {
        assertTrue(Files.isExecutable(Path.of(CHROMIUM)),
                CHROMIUM + " is missing: apt-get install chromium (.ci/run installs it)");
        Path prefix = tmp.resolve("prefix");
        NotebooksRunTest.install(prefix);
        Path nb = tmp.resolve("browser.ipynb");
        Files.writeString(nb, ScriptNotebook.convert(SCRIPT), StandardCharsets.UTF_8);

        List<String> convert = List.of("/usr/bin/python3", "-m", "nbconvert", "--to", "html", "--execute",
                "--ExecutePreprocessor.timeout=300", "--output-dir", tmp.resolve("html").toString(), nb.toString());
        ProcessBuilder pb = new ProcessBuilder(convert).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        env.put("JUPYTER_DATA_DIR", tmp.resolve("data").toString());
        env.put("JUPYTER_CONFIG_DIR", tmp.resolve("config").toString());
        env.put("JUPYTER_RUNTIME_DIR", tmp.resolve("runtime").toString());
        env.put("ATTNLAB_CLASSPATH", NotebooksRunTest.classpath());
        env.remove("DISPLAY");
        String log = run(pb, 10);
        Path html = tmp.resolve("html/browser.html");
        assertTrue(Files.isRegularFile(html), "nbconvert wrote no HTML:\n" + log);

        Path shot = tmp.resolve("shot.png");
        List<String> browse = new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + tmp.resolve("chromium-profile"), "--screenshot=" + shot,
                "--window-size=1000,1400", html.toUri().toString()));
        String chromiumLog = run(new ProcessBuilder(browse).redirectErrorStream(true), 3);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertTrue(img != null, "chromium wrote no screenshot:\n" + chromiumLog);

        int low = count(img, LOW), high = count(img, HIGH), box = count(img, BOX);
        String seen = "pixels: heatmap low " + low + ", high " + high + ", html box " + box + " (screenshot "
                + img.getWidth() + "x" + img.getHeight() + ")";
        assertTrue(low >= 4000 && high >= 4000, "the heatmap's two cell colours: " + seen);
        assertTrue(box >= 320 * 90 * 8 / 10, "the html(..) box, 320x90 CSS pixels: " + seen);
    }

    /** Pixels within 12 of {@code rgb} in each channel (anti-aliasing and colour management leave some slack). */
    static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                if (Math.abs((p >> 16 & 0xff) - (rgb >> 16 & 0xff)) <= 12 && Math.abs((p >> 8 & 0xff)
                        - (rgb >> 8 & 0xff)) <= 12 && Math.abs((p & 0xff) - (rgb & 0xff)) <= 12) n++;
            }
        return n;
    }

    /** Runs a process to its end (at most {@code minutes}); returns its output; fails on a non-zero exit. */
    private static String run(ProcessBuilder pb, int minutes) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "log", ".txt");
        Process p = pb.redirectOutput(out.toFile()).start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            fail(pb.command().get(0) + " did not finish within " + minutes + " minutes:\n" + Files.readString(out));
        }
        String log = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> String.join(" ", pb.command()) + " failed:\n" + log);
        return log;
    }
}
