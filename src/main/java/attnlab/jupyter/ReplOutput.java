package attnlab.jupyter;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where the shared REPL's own printing goes in the kernel. Commands ({@code /vars}, {@code /help NAME}) print their
 * answer: that goes to the cell's stdout. Snippets print feedback ({@code x ==> 3}, {@code |  created method f()})
 * that a notebook does not show, because the value comes as {@code execute_result}; but when a snippet fails, that
 * feedback is the REPL's compact traceback, so it is captured and becomes the {@code error} message.
 */
final class ReplOutput extends OutputStream {
    private final OutputStream stdout;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private volatile boolean capturing = true; // start-up feedback belongs to no cell

    ReplOutput(OutputStream stdout) {
        this.stdout = stdout;
    }

    /** From now on, REPL output goes to the cell's stdout. */
    void toStdout() {
        capturing = false;
    }

    /** From now on, REPL output is captured (and earlier captured text is forgotten). */
    synchronized void capture() {
        captured.reset();
        capturing = true;
    }

    /** The text captured since {@link #capture()}. */
    synchronized String captured() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        if (capturing) captured.write(b);
        else write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        if (capturing) captured.write(b, off, len);
        else {
            try {
                stdout.write(b, off, len);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
