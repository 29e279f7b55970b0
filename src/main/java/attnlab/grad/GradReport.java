package attnlab.grad;

import attnlab.tensor.Checks;
import attnlab.tensor.TensorFormat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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
 * {@code atol} alone.
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
}
