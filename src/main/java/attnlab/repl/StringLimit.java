package attnlab.repl;

/**
 * The class-file limits on one string constant, as javac enforces them: fewer than 65535 chars ("constant string too
 * long", javac's Gen) and at most 65535 bytes of modified UTF-8 ("too long for the constant pool", its PoolWriter).
 * Inside jshell the second error leaves the compiler unusable for every later snippet (plain jshell included: the
 * pool writer keeps its overflow), so the REPL checks literals itself before it compiles a snippet.
 * A small lexer: comments, char literals, string literals with their escapes, and text blocks.
 */
final class StringLimit {
    static final int MAX_CHARS = 65534, MAX_BYTES = 65535;

    private StringLimit() {}

    /** A literal over a limit: where it is in the source, its length in chars and in class-file bytes. */
    record TooLong(int start, int end, long chars, long bytes) {}

    /** The first string literal of {@code source} over {@link #MAX_CHARS} or {@link #MAX_BYTES}, or null. */
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
                long bytes = 0, chars = 0;
                i += block ? 3 : 1;
                if (block) { // the value starts after the line break that follows the opening """
                    while (i < n && source.charAt(i) != '\n') i++;
                    i++;
                }
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
                        chars++;
                        continue;
                    }
                    bytes += utf8Length(d);
                    chars++;
                    i++;
                }
                i = Math.min(n, i + (block ? 3 : 1));
                if (chars > MAX_CHARS || bytes > MAX_BYTES) return new TooLong(start, i, chars, bytes);
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
