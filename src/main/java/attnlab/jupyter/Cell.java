package attnlab.jupyter;

import attnlab.repl.Session;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

import java.util.ArrayList;
import java.util.List;

/**
 * A code cell cut into what runs one after the other, as the REPL reads typed input: outside a snippet, a line
 * starting with {@code /} is a command; Java lines accumulate until JShell's {@code analyzeCompletion} says a snippet
 * is complete, and one line may hold several snippets. Offsets are UTF-16 indexes into the cell, so completion and
 * inspection can find the snippet under the cursor.
 */
final class Cell {
    enum Kind { COMMAND, SNIPPET, INCOMPLETE }

    /** One command line, one complete snippet, or the incomplete Java at the end of the cell. */
    record Part(Kind kind, String text, int start, int end) {}

    private Cell() {}

    static List<Part> split(String code, Session session) {
        List<Part> parts = new ArrayList<>();
        int bufStart = -1, lineStart = 0;
        while (lineStart <= code.length()) {
            int nl = code.indexOf('\n', lineStart);
            int lineEnd = nl < 0 ? code.length() : nl, next = nl < 0 ? code.length() + 1 : nl + 1;
            String line = code.substring(lineStart, lineEnd);
            String command = line.strip(); // a /command or a %magic (attnlab.repl.Magics: %maven, %jars, %time ...)
            if (bufStart < 0 && isCommand(command)) {
                parts.add(new Part(Kind.COMMAND, command, lineStart, lineEnd));
                lineStart = next;
                continue;
            }
            if (bufStart < 0) bufStart = lineStart;
            int bufEnd = Math.min(next, code.length());
            while (bufStart >= 0) {
                String pending = code.substring(bufStart, bufEnd);
                if (pending.isBlank()) {
                    bufStart = -1;
                    break;
                }
                CompletionInfo ci = session.analyze(pending);
                Completeness c = ci.completeness();
                if (c == Completeness.EMPTY) {
                    bufStart = -1;
                    break;
                }
                if (!c.isComplete() && c != Completeness.UNKNOWN) break; // wait for more lines
                boolean unknown = c == Completeness.UNKNOWN;
                String rest = unknown ? "" : ci.remaining();
                int consumed = bufStart + pending.length() - rest.length();
                parts.add(new Part(Kind.SNIPPET, unknown ? pending : ci.source(), bufStart, consumed));
                bufStart = rest.isBlank() ? -1 : consumed;
            }
            lineStart = next;
        }
        if (bufStart >= 0 && !code.substring(bufStart).isBlank())
            parts.add(new Part(Kind.INCOMPLETE, code.substring(bufStart), bufStart, code.length()));
        return parts;
    }

    /** A REPL command line ({@code /vars}) or a {@code %} habit ({@code %timeit}), not a comment ({@code //}). */
    static boolean isCommand(String trimmed) {
        return trimmed.startsWith("/") && !trimmed.startsWith("//") && !trimmed.startsWith("/*")
                || attnlab.repl.Magics.isMagic(trimmed);
    }
}
