package attnlab.plot;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12 items 3 and 4: file names charts choose themselves never overwrite an existing file. */
class ChartFilesTest {
    private static Heatmap untitled() { return Heatmap.of(Tensor.of(new double[][] {{1, 0}, {0, 1}})); }

    /** show() with no display (surefire is headless) into {@code dir}; returns what it printed. */
    private static String show(Chart<?> c, Path dir) {
        String old = System.getProperty(Chart.FALLBACK_DIR_PROPERTY);
        System.setProperty(Chart.FALLBACK_DIR_PROPERTY, dir.toString());
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            c.show();
        } finally {
            System.setOut(saved);
            if (old == null) System.clearProperty(Chart.FALLBACK_DIR_PROPERTY);
            else System.setProperty(Chart.FALLBACK_DIR_PROPERTY, old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void showWithoutADisplayNeverOverwritesAnEarlierSessionsChart(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("heatmap-1.png"), "an earlier session's chart");
        Heatmap a = untitled();
        assertTrue(show(a, dir).endsWith("; saved " + dir.resolve("heatmap-2.png") + ")\n"));
        assertEquals("an earlier session's chart", Files.readString(dir.resolve("heatmap-1.png")));
        assertTrue(show(a, dir).endsWith("; saved " + dir.resolve("heatmap-2.png") + ")\n"),
                "the same chart shown again keeps its file");
        assertTrue(show(untitled(), dir).endsWith("; saved " + dir.resolve("heatmap-3.png") + ")\n"));
        assertTrue(show(LineChart.of(new double[] {1, 2}, "y"), dir).endsWith("; saved " + dir.resolve("plot-1.png") + ")\n"));

        Files.writeString(dir.resolve("weights.png"), "kept");
        assertTrue(show(untitled().title("Weights"), dir).endsWith("; saved " + dir.resolve("weights-2.png") + ")\n"));
        assertTrue(show(untitled().title("Weights"), dir).endsWith("; saved " + dir.resolve("weights-3.png") + ")\n"),
                "another chart with the same title gets its own file");
        assertEquals("kept", Files.readString(dir.resolve("weights.png")));
        assertTrue(HeatmapTest.readPng(dir.resolve("weights-3.png")).getWidth() > 0);
    }

    @Test
    void saveToAFolderWritesANamedFileInsideIt(@TempDir Path dir) throws Exception {
        Path bdir = dir.resolve("bdir");
        Heatmap h = untitled();
        assertEquals(bdir.resolve("heatmap-1.png"), h.save(bdir + "/"), "a path ending in / names a folder");
        assertEquals(bdir.resolve("heatmap-1.png"), h.save(bdir + "/"), "the same chart keeps its name there");
        assertEquals(bdir.resolve("heatmap-2.png"), untitled().save(bdir.toString()), "an existing folder, no slash");
        assertEquals(bdir.resolve("attention.png"), untitled().title("Attention").save(bdir.toString(), 120, 90));
        assertEquals(120, HeatmapTest.readPng(bdir.resolve("attention.png")).getWidth());
        assertTrue(Files.notExists(dir.resolve("bdir.png")));
        assertTrue(Files.notExists(bdir.resolve(".png")));
        assertTrue(HeatmapTest.readPng(bdir.resolve("heatmap-2.png")).getWidth() > 0);
        try (var files = Files.list(bdir)) {
            assertEquals(3, files.count(), "no temporary file is left");
        }
    }

    @Test
    void pngBytesAreTheImageAtTheChartsSize() throws Exception {
        byte[] png = untitled().size(123, 77).png();
        var img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertEquals(123, img.getWidth());
        assertEquals(77, img.getHeight());
    }

    @Test
    void anInlineFrontEndGetsTheChartInsteadOfTheTerminal(@TempDir Path dir) throws Exception {
        Object[] shown = new Object[1];
        attnlab.display.Inline.install(new attnlab.display.Inline.Sink() {
            @Override
            public boolean show(Object value) { shown[0] = value; return true; }

            @Override
            public boolean update(String id, String text) { return false; }
        });
        try {
            Heatmap h = untitled();
            assertEquals("", show(h, dir));
            assertTrue(shown[0] == h);
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "no fallback PNG when a front end shows the chart");
            }
        } finally {
            attnlab.display.Inline.install(null);
        }
    }
}
