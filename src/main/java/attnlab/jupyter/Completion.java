package attnlab.jupyter;

import attnlab.repl.Repl;
import attnlab.repl.Session;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jdk.jshell.SourceCodeAnalysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code complete_request}: JShell's own completion for the snippet under the cursor (a cell may hold several), or
 * the REPL's command names on a {@code /} line. The argument of {@code /time} is Java and of {@code /help} a name, so
 * both complete as Java; other arguments (a file) get no matches rather than every name in scope. The protocol counts
 * cursor positions in code points, JShell in UTF-16 units: positions are converted both ways ({@link CodePoints}).
 */
final class Completion {
    /** The REPL's commands, for completion on a {@code /} line. */
    static final List<String> COMMANDS = List.of("/help", "/vars", "/methods", "/types", "/imports", "/list", "/open",
            "/save", "/reset", "/time", "/exercises");

    private Completion() {}

    static JsonObject complete(String code, int cursorPos, Repl repl) {
        int cursor = CodePoints.toIndex(code, cursorPos);
        String prefix = code.substring(0, cursor);
        int lineStart = prefix.lastIndexOf('\n') + 1;
        Set<String> matches = new LinkedHashSet<>();
        int start = cursor;
        String line = prefix.substring(lineStart);
        if (Cell.isCommand(line.stripLeading()) && !line.strip().contains(" ") && currentIsCommand(prefix, repl)) {
            start = lineStart + (line.length() - line.stripLeading().length());
            String typed = prefix.substring(start);
            for (String c : COMMANDS) if (c.startsWith(typed)) matches.add(c);
        } else if (Cell.isCommand(line.stripLeading()) && currentIsCommand(prefix, repl)) {
            String trimmed = line.stripLeading();
            int space = trimmed.indexOf(' ');
            String name = trimmed.substring(0, space);
            int argStart = lineStart + (line.length() - trimmed.length()) + space + 1;
            boolean help = name.length() >= 2 && "/help".startsWith(name);
            if (help && prefix.substring(argStart).startsWith("/")) { // help on a command
                start = argStart;
                for (String c : COMMANDS) if (c.startsWith(prefix.substring(argStart))) matches.add(c);
            } else if (help || name.length() >= 2 && "/time".startsWith(name)) {
                String context = prefix.substring(argStart);
                int[] anchor = {context.length()};
                for (SourceCodeAnalysis.Suggestion s : repl.session().complete(context, context.length(), anchor))
                    matches.add(help ? s.continuation().replaceFirst("\\($", "") : s.continuation()); // a name
                start = argStart + anchor[0];
            }
        } else {
            int from = snippetStart(prefix, repl.session());
            String context = prefix.substring(from);
            int[] anchor = {context.length()};
            List<SourceCodeAnalysis.Suggestion> all = repl.session().complete(context, context.length(), anchor);
            List<SourceCodeAnalysis.Suggestion> sorted = new ArrayList<>(all);
            sorted.sort((a, b) -> Boolean.compare(b.matchesType(), a.matchesType())); // stable: type matches first
            for (SourceCodeAnalysis.Suggestion s : sorted) matches.add(s.continuation());
            start = from + anchor[0];
        }
        JsonObject reply = new JsonObject();
        JsonArray m = new JsonArray();
        matches.forEach(m::add);
        reply.add("matches", m);
        reply.addProperty("cursor_start", CodePoints.toCursor(code, start));
        reply.addProperty("cursor_end", CodePoints.toCursor(code, cursor));
        reply.add("metadata", new JsonObject());
        reply.addProperty("status", "ok");
        return reply;
    }

    /** True when the cursor's line is a command line (not a line inside a multi-line snippet). */
    private static boolean currentIsCommand(String prefix, Repl repl) {
        List<Cell.Part> parts = Cell.split(prefix, repl.session());
        return !parts.isEmpty() && parts.get(parts.size() - 1).kind() == Cell.Kind.COMMAND;
    }

    /** Where the snippet that holds the end of {@code prefix} starts. */
    static int snippetStart(String prefix, Session session) {
        List<Cell.Part> parts = Cell.split(prefix, session);
        if (parts.isEmpty()) return prefix.length();
        Cell.Part last = parts.get(parts.size() - 1);
        if (last.kind() == Cell.Kind.COMMAND) return prefix.length();
        // text after the last complete snippet (e.g. "x;  Math.ma" -> "  Math.ma" is the INCOMPLETE part already)
        return last.start();
    }
}
