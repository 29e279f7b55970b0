package attnlab.repl;

/**
 * The class-file limit on one string constant: 65535 bytes of (modified) UTF-8, i.e. 64 KB of ASCII. javac reports a
 * longer literal as "constant string too long", but inside jshell the failed class leaves the compiler unusable for
 * every later snippet (plain jshell included), so the REPL checks literals itself before it compiles a snippet.
 * A small lexer: comments, char literals, string literals with their escapes, and text blocks.
 */
final class StringLimit {
    static final int MAX_BYTES = 65535;

    private StringLimit() {}

    /** A literal over the limit: where it is in the source and how many bytes its value takes. */
    record TooLong(int start, int end, long bytes) {}

    /** The first string literal of {@code source} whose value takes more than {@link #MAX_BYTES}, or null. */
    static TooLong firstTooLong(String source) {
        int n = source.length(), i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int close = source.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'') {
                i = skipQuoted(source, i + 1, '\'');
            } else if (c == '"') {
                boolean block = source.startsWith("\"\"\"", i);
                int start = i;
                long bytes = 0;
                i += block ? 3 : 1;
                while (i < n) {
                    char d = source.charAt(i);
                    if (block ? source.startsWith("\"\"\"", i) : d == '"' || d == '\n') break;
                    if (d == '\\' && i + 1 < n) { // an escape is one char of the value (octal: up to 3 digits)
                        int j = i + 1;
                        if (source.charAt(j) >= '0' && source.charAt(j) <= '7') {
                            int v = 0;
                            while (j < n && j < i + 4 && source.charAt(j) >= '0' && source.charAt(j) <= '7'
                                    && v * 8 + (source.charAt(j) - '0') <= 0377) v = v * 8 + (source.charAt(j++) - '0');
                            bytes += utf8Length((char) v);
                            i = j;
                        } else {
                            bytes += 1;
                            i += 2;
                        }
                        continue;
                    }
                    bytes += utf8Length(d);
                    i++;
                }
                i = Math.min(n, i + (block ? 3 : 1));
                if (bytes > MAX_BYTES) return new TooLong(start, i, bytes);
            } else {
                i++;
            }
        }
        return null;
    }

    private static int skipQuoted(String s, int i, char quote) {
        while (i < s.length() && s.charAt(i) != quote && s.charAt(i) != '\n') i += s.charAt(i) == '\\' ? 2 : 1;
        return Math.min(s.length(), i + 1);
    }

    /** Bytes of {@code c} in a class file's modified UTF-8 (NUL takes two; a surrogate half takes three). */
    static int utf8Length(char c) {
        return c != 0 && c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
}
