package attnlab.train;

import attnlab.tensor.TensorFormat;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Number text for what training prints (progress bar, score table, summaries): fixed decimals through
 * {@link TensorFormat#fixed}, so the text is identical on JDK 17 and JDK 25 (unlike {@code Double.toString} /
 * {@code String.format}), plus significant digits, percentages and padding.
 */
public final class Fixed {
    private Fixed() {}

    /** {@code x} with exactly {@code decimals} digits after the point, e.g. {@code format(0.96875, 3) = "0.969"}. */
    public static String format(double x, int decimals) { return TensorFormat.fixed(x, decimals); }

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
