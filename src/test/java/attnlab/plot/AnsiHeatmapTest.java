package attnlab.plot;

import attnlab.attention.Masks;
import attnlab.attention.PositionalEncoding;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnsiHeatmapTest {
    private static final String R = "\u001b[0m";
    private static final String HOT = "\u001b[48;2;253;231;37m"; // viridis(1) = #fde725
    private static final String COLD = "\u001b[48;2;68;1;84m"; // viridis(0) = #440154

    @Test
    void smallMatrixIsOneColouredBlockPerValueWithLabels() {
        Heatmap h = Heatmap.of(Tensor.of(new double[][] {{1, 0}, {0, 1}})).tokens("a", "b");
        String s = AnsiHeatmap.render(h, true, 80);
        String[] lines = s.split("\n");
        assertEquals("    a  b", lines[0]);
        assertEquals("a " + HOT + "   " + R + COLD + "   " + R, lines[1]);
        assertEquals("b " + COLD + "   " + R + HOT + "   " + R, lines[2]);
        assertTrue(lines[3].startsWith("scale 0 \u001b[48;2;"), lines[3]);
        assertTrue(lines[3].endsWith(R + " 1"), lines[3]);
        assertEquals(24, lines[3].split("\u001b\\[48;2;", -1).length - 1, "24 scale steps");
        assertEquals(4, lines.length);
    }

    @Test
    void maskedCellsAreGreyAndNamedInTheScaleLine() {
        Heatmap h = Heatmap.of(Tensor.of(new double[][] {{1, 0}, {0.5, 0.5}})).mask(Masks.causal(2)).title("causal");
        String s = AnsiHeatmap.render(h, true, 80);
        String grey = "\u001b[48;2;217;217;217m";
        assertEquals("causal", s.split("\n")[0]);
        assertTrue(s.split("\n")[2].contains(HOT + "   " + R + grey + "   " + R), s);
        assertTrue(s.contains(grey + "  " + R + " masked (-inf)"), s);
    }

    @Test
    void withoutColourThereAreNoEscapesAndARampOfCharacters() {
        Tensor t = Tensor.of(new double[][] {{1, Double.NEGATIVE_INFINITY}, {0, Double.NaN}});
        String s = AnsiHeatmap.render(Heatmap.of(t), false, 80);
        assertFalse(s.contains("\u001b"), s);
        assertEquals(String.join("\n",
                "    0  1",
                "0 @@ xx ",
                "1    ?? ",
                "scale 0   ...::---==++***##%%%@@ 1   x masked (-inf)   ? NaN", ""), s);
    }

    @Test
    void noColorEnvironmentTurnsColourOff() {
        assertTrue(Terminal.colorEnabled(null, "xterm-256color"));
        assertTrue(Terminal.colorEnabled("", "xterm-256color"), "an empty NO_COLOR does not count (no-color.org)");
        assertFalse(Terminal.colorEnabled("1", "xterm-256color"));
        assertFalse(Terminal.colorEnabled(null, "dumb"));
    }

    @Test
    void largeMatricesAreSampledToTheTerminalWidthWithHalfBlocks() {
        Heatmap pe = Heatmap.positional(PositionalEncoding.encoding(100, 128));
        String s = AnsiHeatmap.render(pe, true, 80);
        assertTrue(s.contains("▀"));
        for (String line : s.split("\n"))
            assertTrue(line.replaceAll("\u001b\\[[0-9;]*m", "").length() <= 80, "line wider than 80: " + line);
        String plain = AnsiHeatmap.render(pe, false, 80);
        assertFalse(plain.contains("\u001b"));
        for (String line : plain.split("\n")) assertTrue(line.length() <= 80, line);
    }

    @Test
    void headlessShowPrintsTheTerminalViewAndSavesThePng(@TempDir Path dir) throws Exception {
        String old = System.getProperty(Chart.FALLBACK_DIR_PROPERTY);
        System.setProperty(Chart.FALLBACK_DIR_PROPERTY, dir.toString());
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            Heatmap.of(Tensor.of(new double[][] {{1, 0}, {0, 1}})).title("Headless Test").show();
        } finally {
            System.setOut(saved);
            if (old == null) System.clearProperty(Chart.FALLBACK_DIR_PROPERTY);
            else System.setProperty(Chart.FALLBACK_DIR_PROPERTY, old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        Path png = dir.resolve("headless-test.png");
        assertTrue(Files.size(png) > 0);
        assertTrue(out.startsWith("Headless Test\n"), out);
        assertTrue(out.contains("(no chart window: java.awt.headless=true; saved " + png + ")"), out);
    }
}
