package attnlab.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** An item marker: {@code a) }, {@code 1. }, {@code - }, {@code * }. */
    private static final Pattern ITEM = Pattern.compile("([a-z]|\\d{1,2})[).] |[-*] ");

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

    /**
     * Runs of lines indented by two or more spaces become fenced code, dedented by their common indentation, except
     * the hanging indent of an item ({@code a) text} continued by lines indented by the marker's width), which is
     * text. An item starts a new paragraph, so that items on consecutive lines do not run together.
     */
    private static List<String> fence(List<String> lines) {
        List<String> md = new ArrayList<>();
        int hanging = -1; // the continuation indent of the item being read, -1 outside an item
        for (int i = 0; i < lines.size(); ) {
            String line = lines.get(i);
            if (hanging > 0 && !line.isBlank() && indent(line) == hanging) { // an item's next line
                md.add(line.strip());
                i++;
                continue;
            }
            if (!preformatted(line)) {
                hanging = itemWidth(line);
                if (hanging > 0 && !md.isEmpty() && !md.get(md.size() - 1).isBlank()) md.add("");
                md.add(line);
                i++;
                continue;
            }
            hanging = -1;
            int j = i, indent = Integer.MAX_VALUE;
            for (; j < lines.size() && preformatted(lines.get(j)); j++) indent = Math.min(indent, indent(lines.get(j)));
            md.add("```");
            for (int k = i; k < j; k++) md.add(lines.get(k).substring(indent));
            md.add("```");
            i = j;
        }
        return md;
    }

    /** The width of the item marker that starts {@code line}, or -1. */
    private static int itemWidth(String line) {
        Matcher m = ITEM.matcher(line);
        return m.lookingAt() ? m.end() : -1;
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
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
