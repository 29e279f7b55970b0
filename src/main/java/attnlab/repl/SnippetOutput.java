package attnlab.repl;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where {@code System.out} and {@code System.err} of snippets go. The in-process engine ignores JShell's
 * {@code out()}: snippets print to the process's {@code System.out}. So both are replaced, once, by a stream that
 * forwards to the current target: the terminal, a test's buffer, a transcript step's buffer.
 */
final class SnippetOutput extends OutputStream {
    private static final SnippetOutput ROUTER = new SnippetOutput();
    private static volatile PrintStream target;
    private static boolean installed;

    /** The process's real standard output, in UTF-8 (the REPL's own output, identical on every JDK). */
    static final PrintStream STDOUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    private SnippetOutput() {}

    static synchronized void install() {
        if (installed) return;
        installed = true;
        target = System.out;
        PrintStream routed = new PrintStream(ROUTER, true, StandardCharsets.UTF_8);
        System.setOut(routed);
        System.setErr(routed);
    }

    /** Sends snippet output to {@code to}; returns the previous target. */
    static PrintStream redirect(PrintStream to) {
        PrintStream before = target;
        target = to;
        return before;
    }

    @Override
    public void write(int b) {
        target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        target.write(b, off, len);
    }

    @Override
    public void flush() {
        target.flush();
    }
}
