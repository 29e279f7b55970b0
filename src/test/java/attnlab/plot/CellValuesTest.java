package attnlab.plot;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Issue 12 item 6: cells of clearly different colours print different numbers, or no cell prints one. */
class CellValuesTest {
    /** charts/ex5_11_alibi.png: ALiBi bias of head 1 of 2 (slope 1/256), which printed "0.00" in every cell. */
    @Test
    void alibiCellsOfDifferentColoursPrintDifferentNumbers() {
        Heatmap h = Heatmap.of(Tensor.of(attnlab.attention.relative.Alibi.biasMatrix(2, 6).slice(1)))
                .title("5.11 ALiBi bias, head 1 of 2");
        double[] scale = h.scale();
        String[][] t = h.cellTexts(h.width(), h.height())[0];
        double[][] v = h.panels.get(0);
        int pairs = 0;
        for (int a = 0; a < 36; a++)
            for (int b = 0; b < 36; b++) {
                double va = v[a / 6][a % 6], vb = v[b / 6][b % 6];
                if (h.isMasked(0, a / 6, a % 6) || h.isMasked(0, b / 6, b % 6)) continue;
                assertNotNull(t[a / 6][a % 6], "big cells of a 6 x 6 matrix show their values");
                if (Math.abs(va - vb) > CellValues.DISTINCT * (scale[1] - scale[0])) {
                    pairs++;
                    assertNotEquals(t[a / 6][a % 6], t[b / 6][b % 6], va + " and " + vb + " print the same");
                }
            }
        assertNotEquals(0, pairs);
        assertEquals("-0.020", t[5][0], "slope 1/256, five steps back: -5/256 = -0.0195");
    }

    @Test
    void attentionWeightsKeepTwoDecimals() {
        Heatmap h = Heatmap.of(Tensor.of(new double[][] {{1, 0}, {0.25, 0.75}}));
        String[][] t = h.cellTexts(400, 400)[0];
        assertEquals("1.00", t[0][0]);
        assertEquals("0.25", t[1][0]);
        assertEquals(2, CellValues.decimals(h, h.scale()));
    }

    @Test
    void valuesThatCannotBeToldApartWithinTheCellsAreAllLeftOut() {
        double big = 1e9;
        Heatmap h = Heatmap.of(Tensor.of(new double[][] {{big, big + 1}, {big + 2, big + 3}}));
        String[][] t = h.cellTexts(200, 200)[0];
        for (String[] row : t) for (String s : row) assertNull(s, "a long value in a small cell: none is drawn");
        assertEquals("1000000003", CellValues.text(big + 3, CellValues.decimals(h, h.scale())));
    }
}
