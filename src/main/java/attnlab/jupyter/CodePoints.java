package attnlab.jupyter;

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

    // Identifiers, by code point: a name may hold a non-BMP letter (Tensor 𝑄), whose two UTF-16 halves are not
    // identifier characters one by one.

    /** True when the code point starting at UTF-16 index {@code i} is part of a Java identifier. */
    static boolean identifierAt(String s, int i) {
        return i >= 0 && i < s.length() && Character.isJavaIdentifierPart(s.codePointAt(i));
    }

    /** True when the code point ending just before UTF-16 index {@code i} is part of a Java identifier. */
    static boolean identifierBefore(String s, int i) {
        return i > 0 && i <= s.length() && Character.isJavaIdentifierPart(s.codePointBefore(i));
    }

    /** The UTF-16 index where the identifier that ends at {@code i} starts ({@code i} when none does). */
    static int identifierStart(String s, int i) {
        while (identifierBefore(s, i)) i -= Character.charCount(s.codePointBefore(i));
        return i;
    }

    /** The UTF-16 index where the identifier that goes on at {@code i} ends ({@code i} when none does). */
    static int identifierEnd(String s, int i) {
        while (identifierAt(s, i)) i += Character.charCount(s.codePointAt(i));
        return i;
    }
}
