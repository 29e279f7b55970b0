package attnlab.repl;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where {@code System.out} and {@code System.err} of snippets go. The in-process engine ignores JShell's
 * {@code out()}: snippets print to the process's {@code System.out}. So both are replaced, once, by streams that
 * forward to the evaluating session's output (the terminal, a test's buffer, a transcript step's buffer) and, when
 * no evaluation runs, to the streams they replaced.
 */
final class SnippetOutput extends OutputStream {
    private static volatile PrintStream session;
    private static boolean installed;

    /** The process's real standard output, in UTF-8 (the REPL's own output, identical on every JDK). */
    static final PrintStream STDOUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    private final PrintStream idle;

    private SnippetOutput(PrintStream idle) {
        this.idle = idle;
    }

    static synchronized void install() {
        if (installed) return;
        installed = true;
        System.setOut(new PrintStream(new SnippetOutput(System.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new SnippetOutput(System.err), true, StandardCharsets.UTF_8));
    }

    /** Sends snippet output to {@code to} (null: back to the original streams); returns the previous target. */
    static PrintStream redirect(PrintStream to) {
        PrintStream before = session;
        session = to;
        return before;
    }

    private PrintStream target() {
        PrintStream s = session;
        return s != null ? s : idle;
    }

    @Override
    public void write(int b) {
        target().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        target().write(b, off, len);
    }

    @Override
    public void flush() {
        target().flush();
    }
}
