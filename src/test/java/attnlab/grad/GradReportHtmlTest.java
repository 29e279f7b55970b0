package attnlab.grad;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GradReport#html()}: the notebook view of a gradcheck. */
class GradReportHtmlTest {
    @Test
    void aReportByHand() {
        GradReport r = new GradReport(false, 0.5, 0.25, 1, "K", new int[] {1, 0, 2}, 0.125, 0.625, 1e-6, 1e-5, 1e-3,
                List.of(new GradReport.InputResult("Q", new int[] {2, 3, 4}, true, 2e-10, 1.5e-9),
                        new GradReport.InputResult("K", new int[] {2, 5, 4}, false, 0.5, 0.25)));
        assertEquals("<table class=\"attnlab-gradcheck\" style=\"font-family: monospace\">\n"
                + "<caption>gradcheck <b style=\"color: #c00\">NOT OK</b> (eps 1.0000e-06, atol 1.0000e-05, rtol 0.0010)"
                + "</caption>\n"
                + "<thead><tr><th>input</th><th>shape</th><th></th><th>max abs error</th><th>max rel error</th></tr>"
                + "</thead>\n"
                + "<tbody>\n"
                + "<tr><td>Q</td><td>[2, 3, 4]</td><td><span style=\"color: green\">OK</span></td><td>2.0000e-10</td>"
                + "<td>1.5000e-09</td></tr>\n"
                + "<tr><td>K</td><td>[2, 5, 4]</td><td><b style=\"color: #c00\">NOT OK</b></td><td>0.5000</td>"
                + "<td>0.2500</td></tr>\n"
                + "</tbody>\n"
                + "<tfoot><tr><td colspan=\"5\">worst: K[1, 0, 2]  numerical 0.125000000000  analytical 0.625000000000"
                + "</td></tr></tfoot>\n"
                + "</table>", r.html());
    }

    @Test
    void aRealCheckShowsItsWorstIndexAndEscapesNames() {
        Random rng = new Random(2);
        Backward wrong = (dOut, x) -> {
            Tensor[] g = GradCheckTest.MATMUL_BACKWARD.apply(dOut, x);
            return new Tensor[] {g[0], g[1].times(2)};
        };
        GradReport r = GradCheck.options().names("A", "B<T>")
                .check(GradCheckTest.MATMUL, wrong, Tensor.randn(rng, 3, 4), Tensor.randn(rng, 4, 2));
        String html = r.html();
        assertTrue(html.contains("<tr><td>B&lt;T&gt;</td><td>[4, 2]</td><td><b style=\"color: #c00\">NOT OK</b>"), html);
        assertTrue(html.contains("worst: B&lt;T&gt;" + attnlab.tensor.Checks.str(r.worstIndex()) + "  numerical "),
                html);
        assertTrue(html.startsWith("<table class=\"attnlab-gradcheck\""), html);
    }

    @Test
    void aNanGradientReadsNan() {
        GradReport r = new GradReport(false, Double.NaN, Double.NaN, 0, "x", new int[] {0, 0}, Double.NaN, 1, 1e-6,
                1e-5, 1e-3, List.of(new GradReport.InputResult("x", new int[] {1, 1}, false, Double.NaN, Double.NaN)));
        assertTrue(r.html().contains("<td>nan</td><td>nan</td>"), r.html());
        assertTrue(r.html().contains("numerical nan  analytical 1.00000000000"), r.html());
    }

    @Test
    void noInputsNoWorstLine() {
        GradReport r = new GradReport(true, 0, 0, -1, "", new int[0], 0, 0, 1e-6, 1e-5, 1e-3, List.of());
        assertTrue(!r.html().contains("worst"), r.html());
        assertTrue(r.html().contains("gradcheck <span style=\"color: green\">OK</span>"), r.html());
    }
}
