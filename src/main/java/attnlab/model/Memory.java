package attnlab.model;

import java.util.Locale;

/** Byte counts as people read them: {@code 954.3 MB}, {@code 1.21 GB} (decimal units, one fixed format). */
final class Memory {
    private Memory() {}

    static String bytes(long b) {
        if (b < 1_000_000) return String.format(Locale.ROOT, "%.1f kB", b / 1e3);
        if (b < 1_000_000_000) return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
        return String.format(Locale.ROOT, "%.2f GB", b / 1e9);
    }
}
