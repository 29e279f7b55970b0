package attnlab.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * NumPy-like printing with a shape header:
 * <pre>
 * Tensor [2, 3]
 * [[ 0.5000 -1.2500    -inf]
 *  [ 2.0000  0.0000  3.1416]]
 * </pre>
 * Why not {@code Double.toString} or {@code String.format}: both changed digits between JDK 17 and 19+
 * (JDK-4511638), and transcripts must print the same text on JDK 17 and 25. Every number goes through
 * {@link BigDecimal}, whose decimal expansion of a double is exact, then is rounded half-even.
 *
 * <p>One style per tensor, chosen from the values shown: integers print as {@code 3.}; magnitudes in
 * [1e-3, 1e5) print fixed with 4 decimals; anything else prints as {@code 1.2346e+05}. Non-finite values print as
 * {@code nan}, {@code inf}, {@code -inf}. Dimensions longer than {@link #EDGE}*2 are summarised with {@code ...}.
 */
public final class TensorFormat {
    /** How many leading and trailing items are kept when a dimension is summarised. */
    public static final int EDGE = 3;
    /** Dimensions longer than this are summarised. */
    public static final int THRESHOLD = 10;

    private static final MathContext SIG5 = new MathContext(5, RoundingMode.HALF_EVEN);

    private TensorFormat() {}

    /** The full text: header line, newline, values. */
    public static String format(Tensor t) {
        return "Tensor " + Checks.str(t.shape()) + "\n" + values(t);
    }

    /** The bracketed values without the header. */
    public static String values(Tensor t) {
        int[] shape = t.shape();
        int[] lead = java.util.Arrays.copyOf(shape, shape.length - 2);
        List<Integer> rowIdx = shown(t.rows()), colIdx = shown(t.cols());
        List<Integer> sliceIdx = shownSlices(lead);
        Style style = Style.of(t, sliceIdx, rowIdx, colIdx);
        StringBuilder sb = new StringBuilder();
        appendLevel(sb, t, lead, 0, 0, style, rowIdx, colIdx);
        return sb.toString();
    }

    /** One number in the style the tensor would pick for it alone. */
    public static String number(double x) {
        Style s = Style.of(new double[] {x});
        return s.fmt(x);
    }

    /**
     * {@code x} with exactly {@code decimals} digits after the point, rounded half-even from the exact decimal
     * expansion ({@code fixed(0.96875, 3) = "0.969"}); {@code nan}, {@code inf}, {@code -inf}; a negative value that
     * rounds to zero prints without a sign. For tables, progress lines and chart labels.
     */
    public static String fixed(double x, int decimals) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (decimals < 0) throw new IllegalArgumentException("decimals must be >= 0 but was " + decimals);
        BigDecimal d = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN);
        return (d.signum() == 0 ? d.abs() : d).toPlainString();
    }

    /**
     * The one number style a printed tensor picks for these values (integers, 4 decimals or scientific), as a
     * function, so another renderer ({@link TensorHtml}) prints each cell exactly as the text view does.
     */
    static java.util.function.DoubleFunction<String> style(double[] shown) {
        return Style.of(shown)::fmt;
    }

    // Recursive over the leading dims; base case prints one matrix. `flat` is the slice index offset.
    private static void appendLevel(StringBuilder sb, Tensor t, int[] lead, int level, int flat, Style style,
                                    List<Integer> rowIdx, List<Integer> colIdx) {
        int depth = lead.length - level; // brackets still to open below this one, minus the matrix's two
        if (level == lead.length) {
            appendMatrix(sb, t, flat, level, style, rowIdx, colIdx);
            return;
        }
        int stride = 1;
        for (int d = level + 1; d < lead.length; d++) stride *= lead[d];
        sb.append('[');
        List<Integer> idx = shown(lead[level]);
        for (int n = 0; n < idx.size(); n++) {
            if (n > 0) {
                sb.append("\n".repeat(depth + 1)).append(" ".repeat(level + 1));
            }
            int i = idx.get(n);
            if (i < 0) sb.append("...");
            else appendLevel(sb, t, lead, level + 1, flat + i * stride, style, rowIdx, colIdx);
        }
        sb.append(']');
    }

    private static void appendMatrix(StringBuilder sb, Tensor t, int slice, int indent, Style style,
                                     List<Integer> rowIdx, List<Integer> colIdx) {
        sb.append('[');
        if (rowIdx.isEmpty()) {
            sb.append(']');
            return;
        }
        for (int n = 0; n < rowIdx.size(); n++) {
            if (n > 0) sb.append('\n').append(" ".repeat(indent + 1));
            int i = rowIdx.get(n);
            if (i < 0) {
                sb.append(" ...");
                continue;
            }
            sb.append('[');
            for (int m = 0; m < colIdx.size(); m++) {
                if (m > 0) sb.append(' ');
                int j = colIdx.get(m);
                String cell = j < 0 ? "..." : style.fmt(t.slice(slice).get(i, j));
                sb.append(" ".repeat(Math.max(0, style.width - cell.length()))).append(cell);
            }
            sb.append(']');
        }
        sb.append(']');
    }

    /** Indices to show along a dim of length n; -1 marks the "..." gap. */
    static List<Integer> shown(int n) {
        List<Integer> idx = new ArrayList<>();
        if (n <= THRESHOLD) {
            for (int i = 0; i < n; i++) idx.add(i);
        } else {
            for (int i = 0; i < EDGE; i++) idx.add(i);
            idx.add(-1);
            for (int i = n - EDGE; i < n; i++) idx.add(i);
        }
        return idx;
    }

    private static List<Integer> shownSlices(int[] lead) {
        List<Integer> flat = new ArrayList<>();
        collect(lead, 0, 0, flat);
        return flat;
    }

    private static void collect(int[] lead, int level, int offset, List<Integer> out) {
        if (level == lead.length) {
            out.add(offset);
            return;
        }
        int stride = 1;
        for (int d = level + 1; d < lead.length; d++) stride *= lead[d];
        for (int i : shown(lead[level])) if (i >= 0) collect(lead, level + 1, offset + i * stride, out);
    }

    /** The number style shared by every cell of one printed tensor. */
    private static final class Style {
        enum Kind { INTEGER, FIXED, SCIENTIFIC }

        final Kind kind;
        int width;

        private Style(Kind kind) { this.kind = kind; }

        static Style of(Tensor t, List<Integer> slices, List<Integer> rows, List<Integer> cols) {
            List<Double> vals = new ArrayList<>();
            for (int b : slices)
                for (int i : rows)
                    for (int j : cols)
                        if (i >= 0 && j >= 0) vals.add(t.slice(b).get(i, j));
            double[] v = new double[vals.size()];
            for (int k = 0; k < v.length; k++) v[k] = vals.get(k);
            return of(v);
        }

        static Style of(double[] v) {
            boolean allInt = true;
            double maxAbs = 0;
            for (double x : v) {
                if (!Double.isFinite(x)) continue;
                maxAbs = Math.max(maxAbs, Math.abs(x));
                if (x != Math.rint(x)) allInt = false;
            }
            Kind k;
            if (allInt && maxAbs < 1e8) k = Kind.INTEGER;
            else if (maxAbs >= 1e-3 && maxAbs < 1e5) k = Kind.FIXED;
            else k = Kind.SCIENTIFIC;
            Style s = new Style(k);
            for (double x : v) s.width = Math.max(s.width, s.fmt(x).length());
            return s;
        }

        String fmt(double x) {
            if (Double.isNaN(x)) return "nan";
            if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
            BigDecimal bd = new BigDecimal(x);
            switch (kind) {
                case INTEGER:
                    return bd.toBigInteger() + ".";
                case FIXED:
                    return bd.setScale(4, RoundingMode.HALF_EVEN).toPlainString();
                default:
                    if (x == 0) return "0.0000e+00";
                    BigDecimal r = bd.round(SIG5);
                    int exp = r.precision() - r.scale() - 1;
                    String mant = r.movePointLeft(exp).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
                    return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
            }
        }
    }
}
