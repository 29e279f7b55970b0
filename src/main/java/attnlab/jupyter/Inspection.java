package attnlab.jupyter;

import attnlab.repl.Repl;
import com.google.gson.JsonObject;

import java.util.List;

/**
 * {@code inspect_request} (Shift-Tab): for a toolkit function, the same help text as {@code /help NAME}; for any other
 * method (on an object, {@code t.rows(}, or from the JDK) the signatures JShell knows. The name is the identifier at
 * or just before the cursor, also right after its {@code (}.
 */
final class Inspection {
    private Inspection() {}

    static JsonObject inspect(String code, int cursorPos, Repl repl, ReplOutput replOutput) {
        int cursor = CodePoints.toIndex(code, cursorPos);
        int end = cursor;
        if (CodePoints.identifierBefore(code, end)) end = CodePoints.identifierEnd(code, end); // inside a name
        else if (end > 0 && (code.charAt(end - 1) == '(' || code.charAt(end - 1) == ' '))
            while (end > 0 && (code.charAt(end - 1) == '(' || code.charAt(end - 1) == ' ')) end--; // after "name("
        else end = CodePoints.identifierEnd(code, end); // before a name
        int start = CodePoints.identifierStart(code, end);
        String name = code.substring(start, end);
        boolean member = start > 0 && code.charAt(start - 1) == '.';
        String text = null;
        if (!name.isEmpty() && !member) text = help(name, repl, replOutput);
        if (text == null && !name.isEmpty()) {
            int from = Completion.snippetStart(code.substring(0, end), repl.session());
            String context = code.substring(from, end);
            List<String> sigs = repl.session().documentation(context + "(", context.length() + 1);
            if (sigs.isEmpty()) sigs = repl.session().documentation(context, context.length());
            if (!sigs.isEmpty()) text = String.join("\n", sigs);
        }
        JsonObject reply = new JsonObject();
        reply.addProperty("status", "ok");
        reply.addProperty("found", text != null);
        JsonObject data = new JsonObject();
        if (text != null) data.addProperty("text/plain", text);
        reply.add("data", data);
        reply.add("metadata", new JsonObject());
        return reply;
    }

    /** What {@code /help NAME} prints, without the {@code |  } margin; null when it has no help. */
    private static String help(String name, Repl repl, ReplOutput replOutput) {
        replOutput.capture();
        boolean ok;
        try {
            ok = repl.run("/help " + name);
        } finally {
            replOutput.toStdout();
        }
        if (!ok) return null;
        StringBuilder sb = new StringBuilder();
        for (String line : replOutput.captured().split("\n"))
            sb.append(line.startsWith("|  ") ? line.substring(3) : line.startsWith("|") ? line.substring(1) : line)
                    .append('\n');
        String text = sb.toString().strip();
        return text.isEmpty() ? null : text;
    }
}
