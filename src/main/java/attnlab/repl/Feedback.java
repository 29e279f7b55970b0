package attnlab.repl;

import attnlab.tensor.Interrupts;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;

import java.io.PrintStream;

/**
 * The REPL's messages, jshell style: lines that are not a value start with {@code |  }. Exceptions are compact:
 * type, message, and the first frame in attnlab code (else in the user's snippet), not a 40-line trace.
 */
final class Feedback {
    private Feedback() {}

    static final String STOPPED = "|  Stopped (Ctrl-C); every variable is intact.";

    /** After an error about data too big for a snippet: where big data comes from instead. */
    static final String BIG_DATA_HINT = "|    Big data belongs in a file: var text = Files.readString(Path.of(\"data.txt\"))"
            + " reads it, tensor(text) parses a text matrix.";

    /** Source lines longer than this are shown cut, with {@code ...} (a pasted 100 KB line fills no screen). */
    static final int MAX_SHOWN = 160;

    static boolean isStop(String exceptionClass) {
        return exceptionClass.equals(Interrupts.Stopped.class.getName())
                || exceptionClass.equals("java.lang.ThreadDeath");
    }

    /** A compile error: message lines, then the source line with the span underlined ({@code ^--^}). */
    static void diagnostic(PrintStream out, String message, String src, int start, int end) {
        String[] lines = message.split("\n");
        out.println("|  Error: " + lines[0].strip());
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i].strip();
            if (!l.isEmpty() && !l.startsWith("location:")) out.println("|    " + l);
        }
        int lineStart = src.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
        if (start == 0) lineStart = 0;
        int lineEnd = src.indexOf('\n', start);
        if (lineEnd < 0) lineEnd = src.length();
        String line = src.substring(lineStart, lineEnd);
        int from = start - lineStart, to = Math.min(end, lineEnd) - lineStart;
        if (line.length() > MAX_SHOWN) { // a window of the line around the span's start, cuts marked with ...
            int cut = from < MAX_SHOWN - 3 ? 0 : from - 40, keep = MAX_SHOWN - 6;
            String shown = (cut > 0 ? "..." : "") + line.substring(cut, Math.min(line.length(), cut + keep))
                    + (cut + keep < line.length() ? "..." : "");
            int shift = cut - (cut > 0 ? 3 : 0);
            from -= shift;
            to = Math.min(to - shift, shown.length());
            line = shown;
        }
        out.println("|  " + line.stripTrailing());
        StringBuilder mark = new StringBuilder("|  ");
        for (int i = 0; i < from; i++) mark.append(line.charAt(i) == '\t' ? '\t' : ' ');
        mark.append('^');
        if (to - from > 1) mark.append("-".repeat(to - from - 2)).append('^');
        out.println(mark);
        if (lines[0].contains("code too large") || lines[0].contains("too long for the constant pool"))
            out.println(BIG_DATA_HINT);
    }

    /** A string literal over the class-file limit ({@link StringLimit}): javac's words, the sizes, the way out. */
    static void stringTooLong(PrintStream out, String src, StringLimit.TooLong t) {
        out.println("|  Error: constant string too long: this literal has " + t.chars() + " characters, " + t.bytes()
                + " bytes in UTF-8");
        out.println("|    A class file holds at most " + StringLimit.MAX_CHARS + " characters and " + StringLimit.MAX_BYTES
                + " bytes (64 KB) in one string constant.");
        int lineStart = src.lastIndexOf('\n', Math.max(0, t.start() - 1)) + 1;
        if (t.start() == 0) lineStart = 0;
        String head = src.substring(lineStart, Math.min(src.length(), t.start() + 20)).replace('\n', ' ');
        out.println("|  " + (head.length() > MAX_SHOWN ? head.substring(0, MAX_SHOWN) : head) + "...");
        out.println(BIG_DATA_HINT);
    }

    /** JShell's own names in a message: the wrapper class of a snippet, {@code REPL.$JShell$31.tn}, and the like. */
    private static final java.util.regex.Pattern WRAPPER =
            java.util.regex.Pattern.compile("(?:REPL\\.)?\\$JShell\\$\\d+[A-Z]?(?:\\$|\\.)");
    /** The hint of an out-of-memory error (docs/repl.md). */
    static final String HEAP_HINT = "|    the heap is full: the REPL keeps running; for more heap start it with"
            + " ATTNLAB_JAVA_OPTS=-Xmx8g ./attnlab";

    /**
     * A message as the user should read it: a variable {@code REPL.$JShell$31.tn} is {@code tn}, a class
     * {@code REPL.$JShell$12$Foo} is {@code Foo}, and JShell's method {@code do_it$Aux} goes.
     */
    static String userNames(String message) {
        if (message == null) return null;
        return WRAPPER.matcher(message).replaceAll("").replace("do_it$Aux", "").replace("do_it$", "");
    }

    /** An exception thrown by a snippet, its snippet frames named {@code snippet 6, line 1}. */
    static void exception(PrintStream out, JShellException ex) {
        exception(out, ex, (id, line) -> "snippet " + id + ", line " + line);
    }

    /**
     * An exception thrown by a snippet; {@code places} names a snippet frame for the user (snippet id and its
     * 1-based line to, e.g., {@code "cell 3, line 1"}), never JShell's {@code (#6:1)}.
     */
    static void exception(PrintStream out, JShellException ex, java.util.function.BiFunction<String, Integer, String> places) {
        if (!(ex instanceof EvalException)) { // e.g. the engine's StoppedException
            out.println(ex.getClass().getSimpleName().startsWith("Stopped") ? STOPPED : "|  " + ex);
            return;
        }
        EvalException e = (EvalException) ex;
        String type = e.getExceptionClassName();
        if (isStop(type)) {
            out.println(STOPPED);
            return;
        }
        if (type.equals(ExitGuard.Blocked.class.getName())) {
            out.println("|  " + e.getMessage());
            return;
        }
        out.println("|  " + shortName(type) + (e.getMessage() == null ? "" : ": " + userNames(e.getMessage())));
        // A file problem (a chart that cannot be saved, say) is one line: its message names the path and the reason;
        // the toolkit frame that threw it would only add noise.
        boolean fileProblem = type.equals("java.io.UncheckedIOException");
        String frame = fileProblem ? null : firstFrame(e.getStackTrace(), places);
        if (frame != null) out.println("|    at " + frame);
        if (type.equals("java.lang.OutOfMemoryError")) out.println(HEAP_HINT);
        Throwable cause = e.getCause();
        while (cause != null && cause.getCause() != null) cause = cause.getCause();
        if (cause instanceof EvalException) {
            EvalException c = (EvalException) cause;
            boolean said = c.getMessage() != null && e.getMessage() != null && e.getMessage().contains(c.getMessage());
            if (!said) out.println("|    caused by " + shortName(c.getExceptionClassName())
                    + (c.getMessage() == null ? "" : ": " + userNames(c.getMessage())));
        }
    }

    static String shortName(String type) {
        String t = type.startsWith("java.lang.") && type.indexOf('.', 10) < 0 ? type.substring(10) : type;
        return t.replace('$', '.');
    }

    /**
     * The first toolkit frame (attnlab, but not the REPL nor the argument checker, whose caller is the useful
     * line); else the first snippet frame, as {@code f (snippet 3, line 2)} or {@code snippet 6, line 1} (see
     * {@code places}); JShell's own method names ({@code do_it$Aux}) are left out.
     */
    static String firstFrame(StackTraceElement[] trace, java.util.function.BiFunction<String, Integer, String> places) {
        for (StackTraceElement f : trace) {
            String c = f.getClassName();
            if (c.startsWith("attnlab.") && !c.startsWith("attnlab.repl.") && !c.equals("attnlab.tensor.Checks"))
                return c + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
        }
        for (StackTraceElement f : trace) {
            if (f.getFileName() == null || !f.getFileName().startsWith("#")) continue;
            String where = places.apply(f.getFileName().substring(1), f.getLineNumber());
            String method = f.getMethodName().startsWith("do_it$") ? "" : f.getMethodName();
            return method.isEmpty() ? where : method + " (" + where + ")";
        }
        return null;
    }
}
