package attnlab.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineChartTest {
    private static final double[] X = {1, 2, 3, 4};

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) n++;
        return n;
    }

    @Test
    void savesAValidPngOfTheRequestedSizeWithEachSeriesInItsColour(@TempDir Path dir) throws Exception {
        int blue = LineChart.PALETTE[0].getRGB() & 0xffffff, red = LineChart.PALETTE[1].getRGB() & 0xffffff;
        LineChart one = LineChart.of(X, new double[] {1, 4, 9, 16}, "squares").title("t");
        BufferedImage a = HeatmapTest.readPng(one.size(700, 420).save(dir.resolve("one.png").toString()));
        assertEquals(700, a.getWidth());
        assertEquals(420, a.getHeight());
        assertTrue(count(a, blue) > 100, "first series drawn");
        assertTrue(count(a, red) < 20, "no second series yet");
        BufferedImage b = one.add(X, new double[] {1, 2, 3, 4}, "identity").image(700, 420);
        assertTrue(count(b, blue) > 100 && count(b, red) > 100, "the overlay is drawn in the second colour");
    }

    @Test
    void terminalViewDrawsEverySeriesWithItsSymbol() {
        String s = LineChart.of(X, new double[] {1, 4, 9, 16}, "squares").add(X, X, "identity").terminal(false);
        assertFalse(s.contains("\u001b"));
        assertTrue(s.contains("  * squares\n  o identity\n"), s);
        String[] lines = s.split("\n");
        assertTrue(lines[0].startsWith("16 |") && lines[0].endsWith("*"), lines[0]);
        assertTrue(lines[13].startsWith(" 1 |o"), "identity drawn over squares at (1, 1): " + lines[13]);
        assertTrue(LineChart.of(X, X, "x").terminal(true).contains("\u001b[38;2;0;114;178m*"));
    }

    @Test
    void badInputsNameTheArgument() {
        assertEquals("xs has 4 values but ys has 2",
                assertThrows(IllegalArgumentException.class, () -> LineChart.of(X, new double[] {1, 2}, "a"))
                        .getMessage());
        assertEquals("label \"a\" is already used by a series of this chart",
                assertThrows(IllegalArgumentException.class, () -> LineChart.of(X, X, "a").add(X, X, "a"))
                        .getMessage());
        assertEquals("xs and ys are empty: nothing to plot",
                assertThrows(IllegalArgumentException.class, () -> LineChart.of(new double[0], new double[0], "a"))
                        .getMessage());
        assertEquals("ys must not be null",
                assertThrows(IllegalArgumentException.class, () -> LineChart.of(X, null, "a")).getMessage());
    }

    @Test
    void labPlotOverloads() {
        assertEquals("LineChart [a, b], " + X.length + " points each",
                attnlab.Lab.plot(X, X, "a").add(X, X, "b").toString());
        assertEquals("LineChart [y] \"t\", 3 points", attnlab.Lab.plot(new double[] {3, 1, 2}, "y").title("t").toString());
        assertEquals("LineChart [y, z], 3, 1 points", attnlab.Lab.plot(new double[] {3, 1, 2}, "y")
                .add(new double[] {0}, new double[] {1}, "z").toString());
    }
}
