package attnlab.jupyter;

/**
 * A quick completeness guess without JShell, for the first seconds while the session starts: {@code jupyter console}
 * waits only one second for {@code is_complete_reply} and, if it gets none, stops asking for the rest of its life.
 * Java is taken as incomplete while a bracket, a block comment or a text block is open; strings, character literals
 * and comments are skipped.
 */
final class Brackets {
    private Brackets() {}

    /** True while {@code code} has an open {@code ( [ {}, block comment or text block. */
    static boolean open(String code) {
        int depth = 0, i = 0, n = code.length();
        while (i < n) {
            char c = code.charAt(i);
            if (code.startsWith("//", i)) {
                int nl = code.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                if (end < 0) return true;
                i = end + 2;
            } else if (code.startsWith("\"\"\"", i)) {
                int end = code.indexOf("\"\"\"", i + 3);
                if (end < 0) return true;
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < n && code.charAt(i) != c && code.charAt(i) != '\n') i += code.charAt(i) == '\\' ? 2 : 1;
                i++;
            } else {
                if (c == '(' || c == '[' || c == '{') depth++;
                else if (c == ')' || c == ']' || c == '}') depth--;
                i++;
            }
        }
        return depth > 0;
    }
}
