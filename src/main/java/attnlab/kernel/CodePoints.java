package attnlab.kernel;

/**
 * Cursor positions: the protocol (5.2+) counts Unicode code points, Java strings count UTF-16 units, and the two
 * differ after any character outside the Basic Multilingual Plane (an emoji, a mathematical letter such as 𝑄).
 */
final class CodePoints {
    private CodePoints() {}

    /** The UTF-16 index of code point {@code cursor} in {@code s}, clamped to the string. */
    static int toIndex(String s, int cursor) {
        int n = s.codePointCount(0, s.length());
        return s.offsetByCodePoints(0, Math.max(0, Math.min(cursor, n)));
    }

    /** The code-point position of UTF-16 index {@code index} in {@code s}. */
    static int toCursor(String s, int index) {
        return s.codePointCount(0, Math.max(0, Math.min(index, s.length())));
    }
}
