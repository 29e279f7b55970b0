package attnlab.repl;

import attnlab.notebook.ScriptBlocks;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

import java.io.PrintStream;

/**
 * Feeds text to the session line by line, as jshell does: outside a snippet, a line starting with {@code /} is a
 * command; Java lines accumulate until {@code analyzeCompletion} says a snippet is complete, and one line may hold
 * several snippets. Used for typed input, pasted blocks, scripts, {@code /open} and transcript steps alike.
 */
final class Interpreter {
    private final Session session;
    private final Commands commands;
    private final PrintStream out;

    Interpreter(Session session, Commands commands, PrintStream out) {
        this.session = session;
        this.commands = commands;
        this.out = out;
    }

    /**
     * Runs {@code text}; with {@code stopAtError}, stops at the first error and prints {@code name:LINE}.
     *
     * @return the 1-based line of the first error, or 0 if everything succeeded
     */
    int run(String text, String name, boolean stopAtError) {
        return run(text, name, stopAtError, false);
    }

    /**
     * As {@link #run(String, String, boolean)}; with {@code echoComments}, the comment blocks between snippets
     * ({@link ScriptBlocks}) are printed as written when the run reaches them, so a script's output reads as a
     * worked answer. Comments inside a snippet are not printed.
     */
    int run(String text, String name, boolean stopAtError, boolean echoComments) {
        java.util.Map<Integer, ScriptBlocks.Block> prose = new java.util.HashMap<>();
        if (echoComments) for (ScriptBlocks.Block b : ScriptBlocks.split(text))
            if (b.kind() == ScriptBlocks.Kind.PROSE) prose.put(b.firstLine(), b);
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        StringBuilder buffer = new StringBuilder();
        int bufferLine = 0, firstError = 0;
        for (int i = 0; i < count && !commands.exitRequested(); i++) {
            String line = lines[i], trimmed = line.strip();
            ScriptBlocks.Block comment = buffer.length() == 0 ? prose.get(i) : null;
            if (comment != null) { // between snippets a comment does nothing in jshell: print it instead
                comment.lines().forEach(out::println);
                i = comment.lastLine();
                continue;
            }
            if (buffer.length() == 0 && isCommand(trimmed)) {
                if (!commands.run(trimmed) && firstError == 0) {
                    firstError = i + 1;
                    if (stopAtError) return stopped(name, firstError);
                }
                continue;
            }
            if (buffer.length() == 0) bufferLine = i;
            buffer.append(line).append('\n');
            while (buffer.length() > 0) {
                String pending = buffer.toString();
                if (pending.isBlank()) {
                    buffer.setLength(0);
                    break;
                }
                CompletionInfo ci = session.analyze(pending);
                Completeness c = ci.completeness();
                if (c == Completeness.EMPTY) {
                    buffer.setLength(0);
                    break;
                }
                if (!c.isComplete() && c != Completeness.UNKNOWN) break; // wait for more lines
                String source = c == Completeness.UNKNOWN ? pending : ci.source();
                String rest = c == Completeness.UNKNOWN ? "" : ci.remaining();
                int start = bufferLine + newlines(pending.substring(0, pending.length() - pending.stripLeading().length()));
                Session.Outcome o = name == null ? session.eval(source) // typed: frames name the snippet (/list)
                        : session.eval(source, at -> name + ":" + (start + at)); // a file: its own line
                if (!o.ok() && firstError == 0) {
                    firstError = start + o.errorLine() + 1;
                    if (stopAtError) return stopped(name, firstError);
                }
                bufferLine += newlines(pending.substring(0, pending.length() - rest.length()));
                buffer.setLength(0);
                if (!rest.isBlank()) buffer.append(rest);
            }
        }
        if (buffer.length() > 0 && !buffer.toString().isBlank()) { // incomplete at the end: let javac say why
            Session.Outcome o = session.eval(buffer.toString());
            if (!o.ok() && firstError == 0) {
                firstError = bufferLine + o.errorLine() + 1;
                if (stopAtError) return stopped(name, firstError);
            }
        }
        return firstError;
    }

    /** True while {@code text} is Java that needs more lines (the console then shows {@code ...>}). */
    boolean needsMore(String text) {
        String t = text.strip();
        if (t.isEmpty() || isCommand(t)) return false;
        Completeness c = session.analyze(text).completeness();
        return c == Completeness.DEFINITELY_INCOMPLETE || c == Completeness.CONSIDERED_INCOMPLETE;
    }

    static boolean isCommand(String trimmed) {
        return trimmed.startsWith("/") && !trimmed.startsWith("//") && !trimmed.startsWith("/*")
                || Magics.isMagic(trimmed);
    }

    private int stopped(String name, int line) {
        if (name != null) out.println(name + ":" + line + ": stopped at the first error");
        out.flush();
        return line;
    }

    private static int newlines(String s) {
        return (int) s.chars().filter(ch -> ch == '\n').count();
    }
}
