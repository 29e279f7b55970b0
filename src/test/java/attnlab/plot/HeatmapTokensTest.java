package attnlab.plot;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Heatmap#heads(Tensor, String[])}: token labels on both axes, spelled safely, and the causal mask. */
class HeatmapTokensTest {
    @Test
    void labelsOnBothAxesWithControlCharactersSpelled() {
        Tensor w = Tensor.zeros(2, 3, 3);
        for (int h = 0; h < 2; h++) for (int i = 0; i < 3; i++) w.set(h, i, 0, 1);
        Heatmap hm = Heatmap.heads(w, new String[] {" a", "\n", "\t\u0001"});
        assertArrayEquals(new String[] {" a", "\\n", "\\t\\u0001"}, hm.rowLabels);
        assertArrayEquals(hm.rowLabels, hm.colLabels);
        assertEquals(2, hm.panels.size());
        assertTrue(hm.anyMasked(), "causal: above the diagonal is masked");
        assertTrue(hm.isMasked(1, 0, 2) && !hm.isMasked(1, 2, 0));
        String t = hm.terminal(false);
        assertTrue(t.contains("head 0\n") && t.contains("head 1\n") && t.contains("\\n") && !t.contains("\t"), t);
    }

    @Test
    void nonCausalWeightsAreNotMasked() {
        Tensor w = Tensor.of(new double[][][] {{{0.5, 0.5}, {0.5, 0.5}}});
        assertFalse(Heatmap.heads(w, new String[] {"x", "y"}).anyMasked());
    }

    @Test
    void wrongTokenCount() {
        assertEquals("queryTokens has 2 labels but the matrix has 3 rows (queries)",
                assertThrows(IllegalArgumentException.class,
                        () -> Heatmap.heads(Tensor.zeros(1, 3, 3), new String[] {"a", "b"})).getMessage());
    }

    @Test
    void theOldFormsStillWork() {
        Heatmap hm = Heatmap.heads(Tensor.zeros(2, 3, 3));
        assertEquals(null, hm.rowLabels);
        assertFalse(hm.anyMasked());
    }
}
