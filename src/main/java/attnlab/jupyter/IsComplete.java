package attnlab.jupyter;

import attnlab.repl.Session;
import com.google.gson.JsonObject;
import jdk.jshell.SourceCodeAnalysis.Completeness;

import java.util.List;

/**
 * {@code is_complete_request}, answered as the REPL's multi-line input decides whether to show {@code ...>}: the
 * code is {@code incomplete} while its last snippet needs more lines ({@code int f() {}), {@code invalid} when JShell
 * cannot tell what it is, else {@code complete}. {@code jupyter console} uses this to continue a method definition.
 *
 * <p>Fast first: while a bracket is open the answer is {@code incomplete} without asking JShell ({@link Brackets}).
 * {@code jupyter console} 6.4 waits for this reply inside its Enter key handler, and a reply slower than its key
 * time-out (half a second, easily reached on a loaded machine) breaks its event loop ("generator already
 * executing").
 */
final class IsComplete {
    private IsComplete() {}

    /** @param session the session, or null while it starts (then {@link Brackets} guesses) */
    static JsonObject check(String code, Session session) {
        String status = "complete";
        boolean commands = code.lines().anyMatch(l -> Cell.isCommand(l.strip()));
        if (!commands && Brackets.open(code)) {
            status = "incomplete"; // the common case, answered without JShell: the console waits inside a key handler
        } else if (session != null) {
            List<Cell.Part> parts = Cell.split(code, session);
            status = status(parts, session);
        }
        JsonObject reply = new JsonObject();
        reply.addProperty("status", status);
        if (status.equals("incomplete")) reply.addProperty("indent", indent(code));
        return reply;
    }

    private static String status(List<Cell.Part> parts, Session session) {
        String status = "complete";
        if (!parts.isEmpty() && parts.get(parts.size() - 1).kind() == Cell.Kind.INCOMPLETE) {
            Completeness c = session.analyze(parts.get(parts.size() - 1).text()).completeness();
            status = c == Completeness.UNKNOWN ? "invalid" : "incomplete";
        }
        return status;
    }

    /** The next line's indent: the last line's, four spaces deeper after an opening brace. */
    static String indent(String code) {
        String last = code.substring(code.lastIndexOf('\n', Math.max(0, code.length() - 2)) + 1).stripTrailing();
        String lead = last.substring(0, last.length() - last.stripLeading().length());
        return last.endsWith("{") || last.endsWith("(") ? lead + "    " : lead;
    }
}
