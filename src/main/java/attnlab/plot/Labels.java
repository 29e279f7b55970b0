package attnlab.plot;

import attnlab.tensor.TensorFormat;

/**
 * Number text for chart labels and tick marks, through {@link TensorFormat#fixed} so a picture or a terminal view
 * says the same on JDK 17 and 25, unlike {@code Double.toString}.
 */
final class Labels {
    private Labels() {}

    /** A tick value: rounded to {@code decimals}, trailing zeros dropped ({@code 0.25}, {@code 1}, {@code -0.5}). */
    static String tick(double x, int decimals) {
        String s = TensorFormat.fixed(x, decimals);
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    /** Nice tick values covering [lo, hi]: steps of 1, 2, 2.5 or 5 times a power of ten, about {@code n} of them. */
    static double[] ticks(double lo, double hi, int n) {
        if (!(hi > lo)) return new double[] {lo};
        double raw = (hi - lo) / Math.max(1, n - 1);
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = p * 10;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) if (m * p >= raw) { step = m * p; break; }
        long first = (long) Math.ceil(lo / step - 1e-9), last = (long) Math.floor(hi / step + 1e-9);
        double[] t = new double[(int) (last - first + 1)];
        for (int k = 0; k < t.length; k++) t[k] = (first + k) * step;
        return t;
    }

    /** Decimals needed to print ticks spaced by {@code step} (0 for steps of 1 or more, 2 for 0.25). */
    static int decimalsFor(double step) {
        for (int d = 0; d < 8; d++) {
            double s = step * Math.pow(10, d);
            if (Math.abs(s - Math.rint(s)) < 1e-6) return d;
        }
        return 8;
    }

    /**
     * A token as a label: control characters spelled as in Java source ({@code \n}, {@code \t}, {@code \r},
     * else a backslash-u escape), so a newline token cannot break a terminal picture's lines; spaces are kept.
     */
    static String token(String t) {
        StringBuilder b = new StringBuilder(t.length());
        t.codePoints().forEach(c -> {
            if (c == '\n') b.append("\\n");
            else if (c == '\t') b.append("\\t");
            else if (c == '\r') b.append("\\r");
            else if (Character.isISOControl(c)) b.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
            else b.appendCodePoint(c);
        });
        return b.toString();
    }

    /** A file-name slug: lower case letters, digits and dashes. */
    static String slug(String text) {
        String s = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.length() > 48 ? s.substring(0, 48) : s;
    }
}
