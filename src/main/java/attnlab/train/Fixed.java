package attnlab.train;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Fixed-decimal text for the numbers training prints (progress bar, score table, summaries): exact {@link BigDecimal}
 * expansion of the double, rounded half-even to a fixed number of decimals, so the text is identical on JDK 17 and
 * JDK 25 (unlike {@code Double.toString} / {@code String.format}). Non-finite values print as {@code nan},
 * {@code inf}, {@code -inf}; a negative value that rounds to zero prints without a sign.
 */
public final class Fixed {
    private Fixed() {}

    /** {@code x} with exactly {@code decimals} digits after the point, e.g. {@code format(0.96875, 3) = "0.969"}. */
    public static String format(double x, int decimals) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (decimals < 0) throw new IllegalArgumentException("decimals must be >= 0 but was " + decimals);
        BigDecimal d = new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN);
        if (d.signum() == 0) d = d.abs();
        return d.toPlainString();
    }

    /** {@code format(x, decimals)} right-aligned in {@code width} characters. */
    public static String format(double x, int decimals, int width) {
        return pad(format(x, decimals), width);
    }

    /** {@code x} to {@code digits} significant digits, trailing zeros dropped: {@code 0.01}, {@code 0.003}. */
    public static String significant(double x, int digits) {
        if (!Double.isFinite(x)) return format(x, 0);
        if (x == 0) return "0";
        return new BigDecimal(x).round(new java.math.MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros()
                .toPlainString();
    }

    /** A fraction as a percentage, e.g. {@code percent(0.9926, 1) = "99.3%"}. */
    public static String percent(double fraction, int decimals) {
        return format(100 * fraction, decimals) + "%";
    }

    /** {@code s} right-aligned in {@code width} characters, or left-aligned in {@code −width} (never truncated). */
    public static String pad(String s, int width) {
        int w = Math.abs(width);
        if (s.length() >= w) return s;
        return width > 0 ? " ".repeat(w - s.length()) + s : s + " ".repeat(w - s.length());
    }
}
