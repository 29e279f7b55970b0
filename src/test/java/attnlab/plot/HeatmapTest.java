package attnlab.plot;

import attnlab.attention.Masks;
import attnlab.attention.PositionalEncoding;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeatmapTest {
    static final int MASKED = Colormap.MASKED.getRGB() & 0xffffff;

    /** A pixel near the cell's top-left corner: inside the fill, clear of the value text. */
    static int px(BufferedImage img, Rectangle r) { return img.getRGB(r.x + 2, r.y + 2) & 0xffffff; }

    static BufferedImage readPng(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] sig = in.readNBytes(8);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, sig, "PNG signature");
        }
        BufferedImage img = ImageIO.read(p.toFile());
        assertTrue(img != null, "ImageIO cannot decode " + p);
        return img;
    }

    /** 1 on row 0 only. */
    static Tensor topRow(int rows, int cols) {
        Tensor t = Tensor.zeros(rows, cols);
        for (int j = 0; j < cols; j++) t.set(0, 0, j, 1);
        return t;
    }

    @Test
    void savesAValidPngOfTheRequestedSize(@TempDir Path dir) throws IOException {
        Path p = Heatmap.of(topRow(4, 5)).title("t").size(640, 480).save(dir.resolve("h.png").toString());
        BufferedImage img = readPng(p);
        assertEquals(640, img.getWidth());
        assertEquals(480, img.getHeight());
        BufferedImage other = readPng(Heatmap.of(topRow(4, 5)).save(dir.resolve("o").toString(), 300, 200));
        assertEquals(List.of(300, 200), List.of(other.getWidth(), other.getHeight()));
    }

    @Test
    void queryRowZeroIsTheTopBandOfThePlot() {
        Heatmap h = Heatmap.of(topRow(4, 5));
        BufferedImage img = h.image(600, 500);
        int hot = Colormap.VIRIDIS.rgb(1), cold = Colormap.VIRIDIS.rgb(0);
        for (int j = 0; j < 5; j++) {
            assertEquals(hot, px(img, h.cellBounds(0, 0, j, 600, 500)), "row 0, column " + j + " should be hot");
            for (int i = 1; i < 4; i++) assertEquals(cold, px(img, h.cellBounds(0, i, j, 600, 500)));
        }
        // independent of cellBounds: down the middle column, every hot pixel lies above every cold one
        int x = h.cellBounds(0, 0, 2, 600, 500).x + 2;
        int lastHot = -1, firstCold = Integer.MAX_VALUE;
        for (int y = 0; y < 500; y++) {
            int c = img.getRGB(x, y) & 0xffffff;
            if (c == hot) lastHot = y;
            if (c == cold) firstCold = Math.min(firstCold, y);
        }
        assertTrue(lastHot >= 0 && firstCold < Integer.MAX_VALUE, "both colours appear");
        assertTrue(lastHot < firstCold, "hot band (row 0) above the cold rows: " + lastHot + " vs " + firstCold);
        assertTrue(lastHot < 250, "the hot band is in the top half");
    }

    @Test
    void keyZeroIsTheLeftColumn() {
        Tensor t = Tensor.zeros(3, 4);
        for (int i = 0; i < 3; i++) t.set(0, i, 0, 1);
        Heatmap h = Heatmap.of(t);
        BufferedImage img = h.image(500, 400);
        Rectangle c0 = h.cellBounds(0, 1, 0, 500, 400), c3 = h.cellBounds(0, 1, 3, 500, 400);
        assertTrue(c0.x < c3.x);
        assertEquals(Colormap.VIRIDIS.rgb(1), px(img, c0));
        assertEquals(Colormap.VIRIDIS.rgb(0), px(img, c3));
    }

    @Test
    void minusInfinityCellsAndMaskedCellsHaveTheMaskedColourAndALegend() {
        Tensor s = Tensor.of(new double[][] {{0.5, Double.NEGATIVE_INFINITY}, {0.2, 0.8}});
        Heatmap h = Heatmap.of(s);
        BufferedImage img = h.image(400, 300);
        assertEquals(MASKED, px(img, h.cellBounds(0, 0, 1, 400, 300)));
        assertNotEquals(MASKED, px(img, h.cellBounds(0, 1, 1, 400, 300)));
        Rectangle last = h.cellBounds(0, 1, 1, 400, 300);
        assertTrue(countRight(img, last.x + last.width, MASKED) >= 150, "a masked swatch right of the cells (legend)");

        Tensor w = Tensor.of(new double[][] {{1, 0, 0}, {0.5, 0.5, 0}, {0.2, 0.3, 0.5}});
        Heatmap m = Heatmap.of(w).mask(Masks.causal(3));
        BufferedImage mi = m.image(400, 300);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                assertEquals(j > i, px(mi, m.cellBounds(0, i, j, 400, 300)) == MASKED, "cell " + i + "," + j);
        assertTrue(Heatmap.of(w).toString().endsWith("scale 0..1"));
        assertTrue(m.toString().endsWith("masked cells"), m.toString());
        assertTrue(countRight(Heatmap.of(w).image(400, 300), 0, MASKED) < 50, "no swatch without masked cells");
    }

    private static int countRight(BufferedImage img, int x0, int rgb) {
        int n = 0;
        for (int x = x0; x < img.getWidth(); x++)
            for (int y = 0; y < img.getHeight(); y++) if ((img.getRGB(x, y) & 0xffffff) == rgb) n++;
        return n;
    }

    @Test
    void scaleIsZeroToOneForAttentionWeightsAndTheDataRangeOtherwise() {
        assertArrayEquals(new double[] {0, 1}, Heatmap.of(Tensor.of(new double[][] {{0.2, 0.3}, {0.1, 0.1}})).scale());
        assertArrayEquals(new double[] {-2, 3}, Heatmap.of(Tensor.of(new double[][] {{-2, 3}, {0, 1}})).scale());
        // in [0, 1] but a row sums to 1.2: not weights, so the data range
        assertArrayEquals(new double[] {0.1, 0.6},
                Heatmap.of(Tensor.of(new double[][] {{0.6, 0.6}, {0.1, 0.1}})).scale());
        assertArrayEquals(new double[] {-5, 5}, Heatmap.of(Tensor.of(new double[][] {{0, 1}})).range(-5, 5).scale());
        assertArrayEquals(new double[] {0, 1},
                Heatmap.of(Tensor.of(new double[][] {{1, Double.NEGATIVE_INFINITY}})).scale(), "-inf ignored");
        assertArrayEquals(new double[] {6.5, 7.5}, Heatmap.of(Tensor.of(new double[][] {{7, 7}})).scale());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Heatmap.of(Tensor.zeros(2, 2)).range(1, 1));
        assertEquals("range needs finite lo < hi but got lo=1, hi=1", e.getMessage());
    }

    @Test
    void valuesArePrintedInCellsOnlyWhenAsked() {
        Tensor w = Tensor.of(new double[][] {{0.25, 0.75}, {1, 0}});
        Heatmap on = Heatmap.of(w).values(true), off = Heatmap.of(w).values(false);
        Rectangle r = on.cellBounds(0, 0, 0, 400, 300);
        assertTrue(distinctIn(on.image(400, 300), r) > 1, "text pixels inside the cell");
        assertEquals(1, distinctIn(off.image(400, 300), r), "a plain cell");
    }

    private static int distinctIn(BufferedImage img, Rectangle r) {
        return (int) java.util.stream.IntStream.range(r.y + 2, r.y + r.height - 3)
                .flatMap(y -> java.util.stream.IntStream.range(r.x + 2, r.x + r.width - 3).map(x -> img.getRGB(x, y)))
                .distinct().count();
    }

    @Test
    void headsGoInOneGridWithTitlesAndOneSharedScale(@TempDir Path dir) throws IOException {
        Tensor w = Tensor.zeros(3, 2, 2);
        w.slice(0).fill(0.5);
        w.slice(1).fill(0.25);
        w.slice(2).set(0, 0, 1);
        Heatmap h = Heatmap.heads(w);
        assertEquals(List.of("head 0", "head 1", "head 2"), h.panelTitles);
        BufferedImage img = readPng(h.size(900, 400).save(dir.resolve("heads.png").toString()));
        assertEquals(900, img.getWidth());
        assertEquals(Colormap.VIRIDIS.rgb(0.5), px(img, h.cellBounds(0, 1, 1, 900, 400)), "shared 0..1 scale");
        assertEquals(Colormap.VIRIDIS.rgb(0.25), px(img, h.cellBounds(1, 1, 1, 900, 400)), "shared 0..1 scale");
        assertEquals(Colormap.VIRIDIS.rgb(1), px(img, h.cellBounds(2, 0, 0, 900, 400)));
        Rectangle a = h.cellBounds(0, 0, 0, 900, 400), b = h.cellBounds(1, 0, 0, 900, 400);
        assertTrue(b.x > a.x + 2 * a.width, "panels side by side, not overlapping");

        assertEquals("batch 1 · head 0", Heatmap.of(Tensor.zeros(2, 3, 4, 4)).panelTitles.get(3), "rank 4 is heads");
        assertEquals("batch 1", Heatmap.of(Tensor.zeros(2, 4, 4)).panelTitles.get(1));
        Heatmap bh = Heatmap.heads(Tensor.zeros(2, 3, 4, 4));
        assertEquals("batch 1 · head 2", bh.panelTitles.get(5));
        Rectangle p0 = bh.cellBounds(0, 0, 0, 900, 600), p3 = bh.cellBounds(3, 0, 0, 900, 600);
        assertEquals(p0.x, p3.x, "batch 1 starts a new grid row under batch 0");
        assertTrue(p3.y > p0.y + 4 * p0.height);
    }

    @Test
    void positionalEncodingHeatmapAt100x128HasWholePixelCells() {
        Heatmap h = Heatmap.positional(PositionalEncoding.encoding(100, 128));
        BufferedImage img = h.image();
        assertTrue(img.getWidth() >= 800 && img.getHeight() >= 500, img.getWidth() + "x" + img.getHeight());
        Rectangle c = h.cellBounds(0, 0, 1, img.getWidth(), img.getHeight());
        assertTrue(c.width >= 4 && c.height >= 4, "cells big enough to see: " + c);
        assertEquals(Colormap.RDBU.rgb(1), px(img, c), "PE[0][1] = cos 0 = 1 is the top of the -1..1 scale");
        assertEquals(Colormap.RDBU.rgb(0.5), px(img, h.cellBounds(0, 0, 0, img.getWidth(), img.getHeight())),
                "PE[0][0] = sin 0 = 0 is the middle");
    }

    @Test
    void chartKeepsACopyOfTheData() {
        Tensor w = Tensor.of(new double[][] {{1, 0}, {0, 1}});
        Heatmap h = Heatmap.of(w);
        w.set(0, 0, 0, 0);
        assertEquals(1.0, h.panels.get(0)[0][0]);
    }

    @Test
    void badInputsNameTheArgument() {
        Heatmap h = Heatmap.of(Tensor.zeros(2, 3));
        assertEquals("queryTokens has 3 labels but the matrix has 2 rows (queries)",
                assertThrows(IllegalArgumentException.class, () -> h.tokens(new String[] {"a", "b", "c"},
                        new String[] {"x", "y", "z"})).getMessage());
        assertEquals("keyTokens has 2 labels but the matrix has 3 columns (keys)",
                assertThrows(IllegalArgumentException.class, () -> h.tokens("a", "b")).getMessage());
        assertEquals("w must be [H, Lq, Lk] or [B, H, Lq, Lk] but has shape [2, 3]",
                assertThrows(IllegalArgumentException.class, () -> Heatmap.heads(Tensor.zeros(2, 3))).getMessage());
        assertEquals("mask must be [2, 3] like the weights but has shape [3, 3]",
                assertThrows(IllegalArgumentException.class, () -> h.mask(Masks.causal(3))).getMessage());
        assertEquals("w has no cells to draw: shape [0, 3]",
                assertThrows(IllegalArgumentException.class, () -> Heatmap.of(Tensor.zeros(0, 3))).getMessage());
        assertEquals("w must not be null",
                assertThrows(IllegalArgumentException.class, () -> Heatmap.of((Tensor) null)).getMessage());
        assertEquals("size must be within 50..10000 pixels but was 10x400",
                assertThrows(IllegalArgumentException.class, () -> h.size(10, 400)).getMessage());
        assertEquals("pe must be [L, D] but has shape [2, 3, 4]",
                assertThrows(IllegalArgumentException.class, () -> Heatmap.positional(Tensor.zeros(2, 3, 4)))
                        .getMessage());
    }

    @Test
    void labFacadeBuildsTheSameCharts() {
        Tensor w = Tensor.of(new double[][] {{1, 0}, {0.5, 0.5}});
        assertEquals("Heatmap [2, 2] \"t\", scale 0..1", attnlab.Lab.heatmap(w, "a", "b").title("t").toString());
        assertArrayEquals(new String[] {"q1", "q2"},
                attnlab.Lab.heatmap(w, new String[] {"q1", "q2"}, new String[] {"k1", "k2"}).rowLabels);
        assertEquals(Arrays.asList("a", "b"), Arrays.asList(attnlab.Lab.heatmap(w, List.of("a", "b")).colLabels));
        assertEquals("Heatmap 2 × [2, 2], scale 0..1", attnlab.Lab.headsGrid(Tensor.zeros(2, 2, 2)).toString());
        assertEquals("Heatmap [100, 128] \"Sinusoidal positional encoding 100 × 128\", scale -1..1",
                attnlab.Lab.peHeatmap(100, 128).toString());
        assertEquals("Heatmap [2, 2], scale 0..1", attnlab.Lab.heatmap(w.matrix()).toString());
    }
}
