package attnlab.notebook;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .jsh} script cut into prose and code, the one reading of a script that both the notebook converter and
 * the script runner's comment echo use:
 * <ul>
 *   <li><b>prose</b>: comment lines between snippets ({@code //} lines and {@code /* ... *}{@code /} comments that
 *       stand alone), with the blank lines between them;</li>
 *   <li><b>code</b>: everything else, cut at blank lines between snippets. A comment inside a snippet (a method
 *       body, after an open bracket) or after code on its line is code; so is a javadoc comment ({@code /**}),
 *       which belongs to the declaration below it.</li>
 * </ul>
 * Lines are split as the REPL splits a script (on {@code \n}, {@code \r\n} first turned into {@code \n}), so a
 * block's line numbers are the REPL's line numbers minus one.
 */
public final class ScriptBlocks {
    private ScriptBlocks() {}

    public enum Kind { PROSE, CODE }

    /**
     * Lines {@code firstLine..lastLine} (0-based, inclusive) of the script, as written.
     *
     * @param lines the raw lines, trailing whitespace removed; a prose block starts and ends with a comment line
     */
    public record Block(Kind kind, int firstLine, int lastLine, List<String> lines) {
        public Block {
            lines = List.copyOf(lines);
        }

        /** The lines joined with newlines (no newline at the end). */
        public String text() {
            return String.join("\n", lines);
        }
    }

    /** The script's lines as the REPL reads them (a final newline does not start another line). */
    public static List<String> lines(String script) {
        String text = script.replace("\r\n", "\n");
        String[] lines = text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        return List.of(lines).subList(0, count);
    }

    /** The prose and code blocks of {@code script}, in order; blank lines between blocks belong to none. */
    public static List<Block> split(String script) {
        List<String> lines = lines(script);
        List<Block> blocks = new ArrayList<>();
        SnippetScanner scanner = new SnippetScanner();
        Kind kind = null; // of the block being built, null between blocks
        int first = 0, last = 0;
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (kind == Kind.CODE && scanner.open()) { // inside a snippet: everything is code
                scanner.feed(lines.get(i));
                last = i;
                continue;
            }
            if (t.isEmpty()) {
                if (kind == Kind.CODE) {
                    blocks.add(block(kind, first, last, lines));
                    kind = null;
                }
                continue; // prose goes on over blank lines if another comment follows
            }
            int commentEnd = standaloneCommentEnd(lines, i);
            Kind now = commentEnd >= 0 ? Kind.PROSE : Kind.CODE;
            if (kind != now) {
                if (kind != null) blocks.add(block(kind, first, last, lines));
                kind = now;
                first = i;
            }
            if (now == Kind.PROSE) {
                i = commentEnd;
            } else if (!isCommand(t)) {
                scanner = new SnippetScanner();
                scanner.feed(lines.get(i));
            }
            last = i;
        }
        if (kind != null) blocks.add(block(kind, first, last, lines));
        return blocks;
    }

    /** A REPL command line such as {@code /open FILE}: complete by itself. */
    static boolean isCommand(String trimmed) {
        return trimmed.startsWith("/") && !trimmed.startsWith("//") && !trimmed.startsWith("/*");
    }

    /**
     * If line {@code i} (not blank, between snippets) starts a comment with no code after it, the index of the
     * comment's last line; else -1.
     */
    private static int standaloneCommentEnd(List<String> lines, int i) {
        String t = lines.get(i).strip();
        if (t.startsWith("//")) return i;
        if (!t.startsWith("/*") || t.startsWith("/**") && !t.startsWith("/**/")) return -1;
        int from = 2;
        for (int k = i; k < lines.size(); k++) {
            String l = k == i ? t : lines.get(k);
            int end = l.indexOf("*/", from);
            if (end >= 0) return l.substring(end + 2).isBlank() ? k : -1;
            from = 0;
        }
        return lines.size() - 1; // unclosed: the rest of the script is one comment, as javac sees it
    }

    private static Block block(Kind kind, int first, int last, List<String> lines) {
        List<String> raw = new ArrayList<>();
        for (int k = first; k <= last; k++) raw.add(lines.get(k).stripTrailing());
        return new Block(kind, first, last, raw);
    }
}
