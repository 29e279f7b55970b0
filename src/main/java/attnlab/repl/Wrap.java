package attnlab.repl;

import java.util.ArrayList;
import java.util.List;

/**
 * Word wrapping for the REPL's own texts ({@code /help}, {@code /exercises}): a line longer than the terminal's
 * width breaks at the last space that fits, and its continuation lines start with their own prefix (an indent). A
 * word longer than a whole line stays whole (it overflows rather than breaking mid-word). A line that fits keeps its
 * spacing; a wrapped one has single spaces between words.
 */
final class Wrap {
    /** The width when there is no terminal (scripts, pipes, replay, the Jupyter kernel). */
    static final int DEFAULT_WIDTH = 80;

    private Wrap() {}

    /**
     * {@code text} (one line) after {@code first}, broken at spaces into lines of at most {@code width} characters;
     * lines after the first start with {@code rest}.
     */
    static List<String> lines(String first, String text, String rest, int width) {
        List<String> out = new ArrayList<>();
        if (first.length() + text.strip().length() <= width) { // fits: as written, double spaces included
            out.add((first + text.strip()).stripTrailing());
            return out;
        }
        StringBuilder line = new StringBuilder(first);
        int start = first.length(); // where the words of the current line begin
        for (String word : text.strip().split(" +")) {
            if (word.isEmpty()) continue;
            boolean empty = line.length() == start;
            if (!empty && line.length() + 1 + word.length() > width) {
                out.add(line.toString().stripTrailing());
                line = new StringBuilder(rest);
                start = rest.length();
                empty = true;
            }
            if (!empty) line.append(' ');
            line.append(word);
        }
        out.add(line.toString().stripTrailing());
        return out;
    }

    /**
     * Every line of {@code text} (split at newlines) after {@code prefix}, wrapped to {@code width}; a continuation
     * keeps the line's own indent plus two spaces.
     */
    static List<String> block(String prefix, String text, int width) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            String indent = l.substring(0, l.length() - l.stripLeading().length());
            out.addAll(lines(prefix + indent, l, prefix + indent + "  ", width));
        }
        return out;
    }
}
