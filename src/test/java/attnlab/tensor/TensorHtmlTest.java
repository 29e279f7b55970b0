package attnlab.tensor;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorHtmlTest {
    private static int count(String html, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(html);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void aSmallMatrixByHandWithInfinitiesAndNaN() {
        Tensor t = Tensor.of(new double[][] {{0.5, -1.25, Double.NEGATIVE_INFINITY}, {2, Double.NaN, Double.POSITIVE_INFINITY}});
        assertEquals("<div class=\"attnlab-tensor\">\n"
                + "<table style=\"font-family: monospace; text-align: right\">\n"
                + "<caption>Tensor [2, 3] float64</caption>\n"
                + "<thead><tr><th></th><th>0</th><th>1</th><th>2</th></tr></thead>\n"
                + "<tbody>\n"
                + "<tr><th>0</th><td>0.5000</td><td>-1.2500</td><td>−∞</td></tr>\n"
                + "<tr><th>1</th><td>2.0000</td><td>NaN</td><td>∞</td></tr>\n"
                + "</tbody>\n"
                + "</table>\n"
                + "</div>", TensorHtml.html(t));
    }

    @Test
    void numbersFollowTheTextViewsStyle() {
        assertTrue(TensorHtml.html(Tensor.of(new double[][] {{1, 2}})).contains("<td>1.</td><td>2.</td>"));
        String sci = TensorHtml.html(Tensor.of(new double[][] {{123456.0, 0.5}}));
        assertTrue(sci.contains("<td>1.2346e+05</td><td>5.0000e-01</td>"), sci);
        String mask = TensorHtml.html(causalMask3());
        assertTrue(mask.contains("<tr><th>0</th><td>0.</td><td>−∞</td><td>−∞</td></tr>"), mask);
    }

    /** A 3x3 causal mask, written out (the tensor package does not see the facade). */
    private static Tensor causalMask3() {
        double n = Double.NEGATIVE_INFINITY;
        return Tensor.of(new double[][] {{0, n, n}, {0, 0, n}, {0, 0, 0}});
    }

    @Test
    void upToAThousandEntriesEverythingIsShown() {
        String html = TensorHtml.html(Tensor.zeros(25, 40)); // 1000 entries: NumPy prints them all
        assertEquals(25, count(html, "\n<tr><th>"));
        assertEquals(1000, count(html, "<td>"));
        assertFalse(html.contains("…") || html.contains("⋮"));
    }

    @Test
    void aboveAThousandEachLongDimensionKeepsThreeAtEachEndAroundAnEllipsis() {
        Tensor t = Tensor.zeros(40, 40);
        for (int i = 0; i < 40; i++) for (int j = 0; j < 40; j++) t.set(0, i, j, i * 100 + j);
        String html = TensorHtml.html(t);
        assertTrue(html.contains("<thead><tr><th></th><th>0</th><th>1</th><th>2</th><th>…</th><th>37</th><th>38</th>"
                + "<th>39</th></tr></thead>"), html);
        assertTrue(html.contains("<tr><th>2</th><td>200.</td><td>201.</td><td>202.</td><td>…</td><td>237.</td>"
                + "<td>238.</td><td>239.</td></tr>\n<tr><th>⋮</th><td>⋮</td><td>⋮</td><td>⋮</td><td>⋱</td><td>⋮</td>"
                + "<td>⋮</td><td>⋮</td></tr>\n<tr><th>37</th><td>3700.</td>"), html);
        assertEquals(7, count(html, "\n<tr><th>"));
        String wide = TensorHtml.html(Tensor.zeros(1, 2000));
        assertEquals(1, count(wide, "\n<tr><th>"));
        assertEquals(7, count(wide, "<td>"));
        assertTrue(wide.contains("<th>1999</th>"));
    }

    @Test
    void rankThreeAndUpIsShownSliceBySliceWithItsIndex() {
        Tensor t = Tensor.zeros(2, 2, 3);
        t.set(1, 0, 2, 7);
        String html = TensorHtml.html(t);
        assertTrue(html.startsWith("<div class=\"attnlab-tensor\">\n<div><b>Tensor [2, 2, 3] float64</b></div>\n"), html);
        assertEquals(List.of("[0, :, :]", "[1, :, :]"), captions(html));
        assertTrue(html.contains("<caption>[1, :, :]</caption>\n<thead><tr><th></th><th>0</th><th>1</th><th>2</th>"
                + "</tr></thead>\n<tbody>\n<tr><th>0</th><td>0.</td><td>0.</td><td>7.</td></tr>"), html);
    }

    @Test
    void aLargeRankFourTensorSkipsSlicesAsNumPyDoes() {
        String html = TensorHtml.html(Tensor.zeros(8, 2, 10, 10)); // 1600 entries: 8 > 6 is cut, 2 is not
        assertEquals(List.of("[0, 0, :, :]", "[0, 1, :, :]", "[1, 0, :, :]", "[1, 1, :, :]", "[2, 0, :, :]",
                "[2, 1, :, :]", "[5, 0, :, :]", "[5, 1, :, :]", "[6, 0, :, :]", "[6, 1, :, :]", "[7, 0, :, :]",
                "[7, 1, :, :]"), captions(html));
        assertEquals(1, count(html, "<div style=\"padding-left: 2em\">⋮</div>"));
        assertTrue(html.indexOf("[2, 1, :, :]") < html.indexOf("padding-left")
                && html.indexOf("padding-left") < html.indexOf("[5, 0, :, :]"));
        assertEquals(12 * 7, count(html, "\n<tr><th>"), "each 10x10 slice is cut to 3 + ⋮ + 3 rows");
    }

    @Test
    void nullIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorHtml.html(null));
        assertTrue(e.getMessage().contains("t"), e.getMessage());
    }

    private static List<String> captions(String html) {
        Matcher m = Pattern.compile("<caption>([^<]*)</caption>").matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }
}
