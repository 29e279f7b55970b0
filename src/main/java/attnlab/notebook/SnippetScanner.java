package attnlab.notebook;

/**
 * Follows Java source line by line and says whether the snippet so far is still open: inside brackets, a block
 * comment or a text block, or ending in an operator that needs a right-hand side ({@code x *}, {@code f(a,},
 * {@code v ->}). A lexer, not a parser: it needs no JShell, so splitting a script is instant and the same everywhere.
 * Strings and char literals end at their line, as in Java; comments and literals never count as brackets.
 *
 * <p>It errs towards "complete" (a method header with its brace on the next line looks complete): the REPL's own
 * analysis still decides what runs, so a wrong guess only moves a cell boundary.
 */
final class SnippetScanner {
    private int depth;
    private boolean inBlockComment, inTextBlock, continues;

    /** Reads one line (without its newline). */
    void feed(String line) {
        StringBuilder code = new StringBuilder(); // the line's tokens, literals as "" and comments left out
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (inBlockComment) {
                int end = line.indexOf("*/", i);
                if (end < 0) break;
                inBlockComment = false;
                i = end + 1;
            } else if (inTextBlock) {
                if (c == '\\') i++;
                else if (line.startsWith("\"\"\"", i)) {
                    inTextBlock = false;
                    code.append("\"\"");
                    i += 2;
                }
            } else if (line.startsWith("//", i)) {
                break;
            } else if (line.startsWith("/*", i)) {
                inBlockComment = true;
                i++;
            } else if (line.startsWith("\"\"\"", i)) {
                inTextBlock = true;
                i += 2;
            } else if (c == '"' || c == '\'') {
                i = literalEnd(line, i, c);
                code.append("\"\"");
            } else {
                if (c == '(' || c == '[' || c == '{') depth++;
                else if (c == ')' || c == ']' || c == '}') depth = Math.max(0, depth - 1);
                code.append(c);
            }
        }
        String t = code.toString().strip();
        if (!t.isEmpty() || !open()) continues = !t.isEmpty() && needsRightHandSide(t);
    }

    /** True while the snippet needs more lines. */
    boolean open() {
        return depth > 0 || inBlockComment || inTextBlock || continues;
    }

    /** Index of the closing quote of the literal opened at {@code start}, or the last index of the line. */
    private static int literalEnd(String line, int start, char quote) {
        for (int i = start + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') i++;
            else if (c == quote) return i;
        }
        return line.length() - 1;
    }

    /** A binary operator, comma, dot, arrow or annotation at the end: the expression goes on. */
    private static boolean needsRightHandSide(String t) {
        if (t.endsWith("++") || t.endsWith("--")) return false;
        if (t.startsWith("@") && !t.contains(" ") && !t.contains("(")) return true; // an annotation line
        return "=+-*/%&|^<>?:,.!~".indexOf(t.charAt(t.length() - 1)) >= 0;
    }
}
