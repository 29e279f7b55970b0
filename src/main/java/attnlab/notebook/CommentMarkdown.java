package attnlab.notebook;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of a prose block as Markdown: comment markers removed ({@code //} and one space; {@code /*},
 * {@code *}{@code /} and a leading {@code *} in block comments), the rest kept as written, so a script's comments
 * may use Markdown. Lines indented by two or more spaces after the marker (formulas, the call to type) become a
 * fenced code block, because Markdown would otherwise run them into the paragraph:
 * <pre>
 *   // Forward: S = Q K^T s, P = softmax_row(S)       Forward: S = Q K^T s, P = softmax_row(S)
 *   //   dV = P^T dO,  dP = dO V^T                    ```
 *                                                     dV = P^T dO,  dP = dO V^T
 *                                                     ```
 * </pre>
 */
final class CommentMarkdown {
    private CommentMarkdown() {}

    /** The Markdown lines of one prose block (its raw lines, as {@link ScriptBlocks.Block#lines()}). */
    static List<String> of(List<String> commentLines) {
        List<String> text = new ArrayList<>();
        boolean inBlock = false;
        for (String raw : commentLines) {
            String t = raw.strip();
            if (!inBlock && t.startsWith("//")) {
                text.add(dropOneSpace(t.substring(2)));
                continue;
            }
            if (!inBlock && t.startsWith("/*")) {
                inBlock = true;
                t = t.substring(t.startsWith("/**") && !t.startsWith("/**/") ? 3 : 2);
            } else if (inBlock && t.startsWith("*") && !t.startsWith("*/")) {
                t = t.substring(1);
            }
            if (inBlock) {
                int end = t.indexOf("*/");
                if (end >= 0) {
                    t = t.substring(0, end);
                    inBlock = false;
                }
                t = t.stripTrailing();
                if (!t.isBlank() || !text.isEmpty() || inBlock) text.add(dropOneSpace(t));
            } else {
                text.add(t); // a blank line between comments: a paragraph break
            }
        }
        return fence(trimBlankEnds(text));
    }

    private static String dropOneSpace(String s) {
        return (s.startsWith(" ") ? s.substring(1) : s).stripTrailing();
    }

    /** Runs of lines indented by two or more spaces become fenced code, dedented by their common indentation. */
    private static List<String> fence(List<String> lines) {
        List<String> md = new ArrayList<>();
        for (int i = 0; i < lines.size(); ) {
            if (!preformatted(lines.get(i))) {
                md.add(lines.get(i++));
                continue;
            }
            int j = i, indent = Integer.MAX_VALUE;
            for (; j < lines.size() && preformatted(lines.get(j)); j++)
                indent = Math.min(indent, lines.get(j).length() - lines.get(j).stripLeading().length());
            md.add("```");
            for (int k = i; k < j; k++) md.add(lines.get(k).substring(indent));
            md.add("```");
            i = j;
        }
        return md;
    }

    private static boolean preformatted(String line) {
        return line.startsWith("  ") && !line.isBlank();
    }

    private static List<String> trimBlankEnds(List<String> lines) {
        int a = 0, b = lines.size();
        while (a < b && lines.get(a).isBlank()) a++;
        while (b > a && lines.get(b - 1).isBlank()) b--;
        return new ArrayList<>(lines.subList(a, b));
    }
}
