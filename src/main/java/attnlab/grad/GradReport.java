package attnlab.grad;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import attnlab.tensor.TensorFormat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of {@link GradCheck}: pass or fail, the largest errors, and the worst entry (the one furthest beyond
 * its tolerance {@code atol + rtol·|n|}) with its numerical and analytical values. Prints like llm.c's tensor
 * checker:
 * <pre>
 * gradcheck OK (eps 1.0000e-06, atol 1.0000e-05, rtol 0.0010)
 *   Q  [2, 3, 4]  OK      max abs error 2.1316e-10  max rel error 1.5061e-09
 *   ...
 *   worst: K[1, 0, 2]  numerical 0.0412345678901  analytical 0.0412345678912
 * </pre>
 * Relative errors {@code |a − n| / |n|} are taken over entries with {@code |n| > atol}; smaller entries are judged by
 * {@code atol} alone. A NaN in either gradient (e.g. a function that returns NaN) makes both the absolute and the
 * relative error of its input, and the maxima, NaN, printed {@code nan}.
 *
 * @param worstInput index of the input holding the worst entry (-1 when there are no entries)
 * @param worstIndex full index of the worst entry in that input, e.g. {@code [b, i, j]}
 */
public record GradReport(boolean passed, double maxAbsError, double maxRelError, int worstInput, String worstName,
                         int[] worstIndex, double numerical, double analytical, double eps, double atol, double rtol,
                         List<InputResult> inputs) {

    /** The verdict for one input. */
    public record InputResult(String name, int[] shape, boolean passed, double maxAbsError, double maxRelError) {}

    public GradReport {
        worstIndex = worstIndex.clone();
        inputs = List.copyOf(inputs);
    }

    @Override
    public int[] worstIndex() {
        return worstIndex.clone();
    }

    /** The worst entry as text, e.g. {@code K[1, 0, 2]}. */
    public String worst() {
        return worstName + Checks.str(worstIndex);
    }

    /**
     * Compares analytical with numerical gradients entry by entry: {@code |a − n| <= atol + rtol·|n|}.
     *
     * @param names one name per input; inputs, numerical and analytical are aligned and equally shaped. Not modified.
     */
    static GradReport compare(String[] names, Tensor[] inputs, Tensor[] numerical, Tensor[] analytical, double eps,
                              double atol, double rtol) {
        List<InputResult> per = new ArrayList<>();
        int worstK = -1, worstB = 0, worstE = 0;
        double worstRatio = -1, maxAbs = 0, maxRel = 0;
        for (int k = 0; k < inputs.length; k++) {
            double abs = 0, rel = 0;
            boolean ok = true;
            for (int b = 0; b < inputs[k].batch(); b++) {
                double[] n = numerical[k].slice(b).data, a = analytical[k].slice(b).data;
                for (int e = 0; e < inputs[k].rows() * inputs[k].cols(); e++) {
                    double diff = Math.abs(a[e] - n[e]), tol = atol + rtol * Math.abs(n[e]);
                    boolean bad = !(diff <= tol); // NaN fails
                    double ratio = bad && !(diff > 0) ? Double.POSITIVE_INFINITY : diff / tol;
                    if (Double.isNaN(ratio)) ratio = 0; // diff = 0 and tol = 0
                    ok &= !bad;
                    abs = Double.isNaN(diff) || Double.isNaN(abs) ? Double.NaN : Math.max(abs, diff);
                    if (Double.isNaN(diff)) rel = Double.NaN; // a NaN gradient has no finite relative error either
                    else if (Math.abs(n[e]) > atol) rel = Math.max(rel, diff / Math.abs(n[e])); // Math.max keeps NaN
                    if (ratio > worstRatio) {
                        worstRatio = ratio;
                        worstK = k;
                        worstB = b;
                        worstE = e;
                    }
                }
            }
            per.add(new InputResult(names[k], inputs[k].shape(), ok, abs, rel));
            maxAbs = Double.isNaN(abs) || Double.isNaN(maxAbs) ? Double.NaN : Math.max(maxAbs, abs);
            maxRel = Math.max(maxRel, rel);
        }
        boolean passed = per.stream().allMatch(InputResult::passed);
        if (worstK < 0) // no entries at all
            return new GradReport(passed, 0, 0, -1, "", new int[0], 0, 0, eps, atol, rtol, per);
        Tensor x = inputs[worstK];
        int[] index = index(x.shape(), worstB, worstE / x.cols(), worstE % x.cols());
        return new GradReport(passed, maxAbs, maxRel, worstK, names[worstK], index,
                numerical[worstK].slice(worstB).data[worstE], analytical[worstK].slice(worstB).data[worstE],
                eps, atol, rtol, per);
    }

    /** The full index {@code [lead..., i, j]} of entry (i, j) of slice b. */
    static int[] index(int[] shape, int b, int i, int j) {
        int[] idx = new int[shape.length];
        idx[shape.length - 2] = i;
        idx[shape.length - 1] = j;
        for (int d = shape.length - 3; d >= 0; d--) {
            idx[d] = b % shape[d];
            b /= shape[d];
        }
        return idx;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("gradcheck ").append(passed ? "OK" : "NOT OK")
                .append(" (eps ").append(num(eps)).append(", atol ").append(num(atol))
                .append(", rtol ").append(num(rtol)).append(")\n");
        int w = 0, s = 0;
        for (InputResult r : inputs) {
            w = Math.max(w, r.name().length());
            s = Math.max(s, Checks.str(r.shape()).length());
        }
        for (InputResult r : inputs)
            sb.append("  ").append(pad(r.name(), w)).append("  ").append(pad(Checks.str(r.shape()), s))
                    .append("  ").append(pad(r.passed() ? "OK" : "NOT OK", 6))
                    .append("  max abs error ").append(num(r.maxAbsError()))
                    .append("  max rel error ").append(num(r.maxRelError())).append('\n');
        if (worstInput >= 0)
            sb.append("  worst: ").append(worst()).append("  numerical ").append(precise(numerical))
                    .append("  analytical ").append(precise(analytical));
        return sb.toString();
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    /** One number in {@link TensorFormat}'s style (exact, the same on every JDK). */
    static String num(double x) {
        return TensorFormat.number(x);
    }

    /** 12 significant digits, computed exactly with BigDecimal (the same on every JDK). */
    static String precise(double x) {
        if (!Double.isFinite(x) || x == 0) return TensorFormat.number(x);
        BigDecimal r = new BigDecimal(x).round(new MathContext(12, RoundingMode.HALF_EVEN));
        if (r.precision() < 12) r = r.setScale(r.scale() + 12 - r.precision()); // 0.5 -> 0.500000000000
        double m = Math.abs(x);
        if (m >= 1e-3 && m < 1e5) return r.toPlainString();
        int exp = r.precision() - r.scale() - 1;
        String mant = r.movePointLeft(exp).toPlainString();
        return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    /**
     * The report as a small HTML table, the {@code text/html} view in a notebook: the verdict and tolerances as the
     * caption, one row per input (OK or NOT OK, max abs and max rel error), and the worst entry with its numerical
     * and analytical values below. Numbers as in {@link #toString()}.
     */
    public String html() {
        StringBuilder sb = new StringBuilder("<table class=\"attnlab-gradcheck\" style=\"font-family: monospace\">\n")
                .append("<caption>gradcheck ").append(verdictHtml(passed)).append(" (eps ").append(num(eps))
                .append(", atol ").append(num(atol)).append(", rtol ").append(num(rtol)).append(")</caption>\n")
                .append("<thead><tr><th>input</th><th>shape</th><th></th><th>max abs error</th><th>max rel error</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (InputResult r : inputs)
            sb.append("<tr><td>").append(escapeHtml(r.name())).append("</td><td>").append(Checks.str(r.shape()))
                    .append("</td><td>").append(verdictHtml(r.passed())).append("</td><td>")
                    .append(num(r.maxAbsError())).append("</td><td>").append(num(r.maxRelError())).append("</td></tr>\n");
        sb.append("</tbody>\n");
        if (worstInput >= 0)
            sb.append("<tfoot><tr><td colspan=\"5\">worst: ").append(escapeHtml(worstName)).append(Checks.str(worstIndex))
                    .append("  numerical ").append(precise(numerical)).append("  analytical ").append(precise(analytical))
                    .append("</td></tr></tfoot>\n");
        return sb.append("</table>").toString();
    }

    private static String verdictHtml(boolean ok) {
        return ok ? "<span style=\"color: green\">OK</span>" : "<b style=\"color: #c00\">NOT OK</b>";
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
