package attnlab.repl;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code /exercises} says about a script: the first sentence of its opening comment, never cut inside it. */
final class Exercises {
    /** A sentence ends at . ! or ? (perhaps inside a closing quote or bracket) followed by a space or the end. */
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?][\"')\\]]?(?=\\s|$)");

    private Exercises() {}

    /**
     * The opening comment's prose (its {@code //} lines up to a blank or an indented formula line), joined, up to
     * the end of its first sentence; a trailing ':' (before a formula) is dropped. Empty when the script does not
     * start with a comment.
     */
    static String description(List<String> lines) {
        StringBuilder prose = new StringBuilder();
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() && prose.length() == 0) continue;
            if (!l.startsWith("//")) break;
            String text = l.substring(2);
            if (text.isBlank() || (text.startsWith("  ") && prose.length() > 0)) break; // a formula or a new paragraph
            prose.append(prose.length() == 0 ? "" : " ").append(text.strip());
        }
        String all = prose.toString();
        Matcher m = SENTENCE_END.matcher(all);
        String first = m.find() ? all.substring(0, m.end()) : all;
        return first.endsWith(":") ? first.substring(0, first.length() - 1) : first;
    }
}
