package attnlab.display;

import attnlab.tensor.Tensor;
import attnlab.tensor.TensorFormat;
import org.ejml.data.DMatrixRMaj;
import org.ejml.simple.SimpleMatrix;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How a value is shown as text: after {@code ==>} in the REPL, as a notebook value's {@code text/plain}, and by
 * {@code display(x)} on a terminal; the same text on JDK 17 and 25. Here, below the front ends and the facade, so all
 * of them can use it.
 *
 * <p>{@code Double.toString} prints {@code 2e23} as {@code 1.9999999999999998E23} on 17 and {@code 2.0E23} on 19+
 * (JDK-4511638), so doubles and floats are printed here: the shortest decimal that reads back to the same value,
 * found with {@link BigDecimal} (exact), laid out as Java does ({@code 0.1}, {@code 100.0}, {@code 2.0E23}).
 * Tensors and EJML matrices use the toolkit's {@link TensorFormat}; arrays use jshell's {@code double[2] { .. }}.
 */
public final class ValueFormat {
    private ValueFormat() {}

    /** {@code v} as the REPL shows it: strings and chars quoted and escaped, numbers as below, arrays spelled out. */
    public static String format(Object v) {
        if (v == null) return "null";
        if (v instanceof String) return quote((String) v, '"');
        if (v instanceof Character) return quote(v.toString(), '\'');
        if (v instanceof Double) return number((Double) v);
        if (v instanceof Float) return number((Float) v);
        if (v instanceof Tensor) return v.toString();
        if (v instanceof DMatrixRMaj) return matrix("DMatrixRMaj", (DMatrixRMaj) v);
        if (v instanceof SimpleMatrix && ((SimpleMatrix) v).getMatrix() instanceof DMatrixRMaj)
            return matrix("SimpleMatrix", ((SimpleMatrix) v).getMatrix());
        if (v.getClass().isArray()) return array(v);
        return String.valueOf(v);
    }

    private static String matrix(String kind, DMatrixRMaj m) {
        return kind + " [" + m.numRows + ", " + m.numCols + "]\n" + TensorFormat.values(Tensor.of(m));
    }

    private static String array(Object a) {
        int n = Array.getLength(a);
        String type = a.getClass().getComponentType().getSimpleName();
        int dims = type.indexOf('[');
        String name = dims < 0 ? type + "[" + n + "]" : type.substring(0, dims) + "[" + n + "]" + type.substring(dims);
        StringBuilder sb = new StringBuilder(name).append(" {");
        for (int i = 0; i < n; i++) sb.append(i == 0 ? " " : ", ").append(format(Array.get(a, i)));
        return sb.append(n == 0 ? "}" : " }").toString();
    }

    /** The shortest decimal that parses back to {@code x}, in Java's layout. */
    public static String number(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x) || x == 0) return Double.toString(x); // stable on every JDK
        BigDecimal exact = new BigDecimal(x), r = exact;
        for (int p = 1; p <= 17; p++) {
            r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == x) break;
        }
        return layout(r, Math.abs(x));
    }

    /** Same for a float: the shortest decimal that parses back to the same float. */
    public static String number(float x) {
        if (Float.isNaN(x) || Float.isInfinite(x) || x == 0) return Float.toString(x);
        BigDecimal exact = new BigDecimal(x), r = exact;
        for (int p = 1; p <= 9; p++) {
            r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.floatValue() == x) break;
        }
        return layout(r, Math.abs(x));
    }

    // Java's rule: plain for 1e-3 <= |x| < 1e7 (at least one fraction digit), else d.dddE±n.
    private static String layout(BigDecimal r, double abs) {
        r = r.stripTrailingZeros();
        if (abs >= 1e-3 && abs < 1e7) {
            String s = r.toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        String digits = r.unscaledValue().abs().toString();
        int exp = r.precision() - r.scale() - 1;
        return (r.signum() < 0 ? "-" : "") + digits.charAt(0) + "."
                + (digits.length() > 1 ? digits.substring(1) : "0") + "E" + exp;
    }

    private static String quote(String s, char q) {
        StringBuilder sb = new StringBuilder().append(q);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                case '\r': sb.append("\\r"); break;
                case '\\': sb.append("\\\\"); break;
                default:
                    if (c == q) sb.append('\\');
                    sb.append(c);
            }
        }
        return sb.append(q).toString();
    }
}
