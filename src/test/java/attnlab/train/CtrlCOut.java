package attnlab.train;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Progress output that plays the REPL's Ctrl-C: it interrupts a thread (the training one) when a line ends, the first
 * line only or every line, and keeps the text for the test to read.
 */
final class CtrlCOut {
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final PrintStream out;

    /** Interrupts {@code thread} at the end of the first line, or of every line if {@code everyLine}. */
    CtrlCOut(Thread thread, boolean everyLine) {
        out = new PrintStream(new OutputStream() {
            boolean sent;

            @Override
            public void write(int c) {
                text.write(c);
                if (c == '\n' && (everyLine || !sent)) {
                    sent = true;
                    thread.interrupt();
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** The stream to give the trainer's {@code out(...)}. */
    PrintStream out() {
        return out;
    }

    /** What was printed so far. */
    String text() {
        return text.toString(StandardCharsets.UTF_8);
    }
}
