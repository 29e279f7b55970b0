package attnlab.repl;

import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Start-up speed. {@link #warm} runs while the user reads the banner: it compiles and runs one toolkit snippet
 * (without touching the random stream) and asks for one completion, so javac, the engine and the toolkit are
 * loaded before the first real input. {@link #train} is the run the launcher records into its AppCDS archive.
 */
final class Warmup {
    static final String FIRST = "attention(zeros(1, 4, 8), zeros(1, 4, 8), zeros(1, 4, 8))";

    private Warmup() {}

    static Repl warm(Repl repl) {
        repl.session.evalHelper("var $warm = " + FIRST + ";", false);
        repl.session.drop("$warm");
        repl.session.complete("att", 3, new int[1]);
        return repl;
    }

    /** What the AppCDS archive should hold: a session, a snippet, a completion, a (dumb) JLine reader. */
    static int train(String startup, Path home) throws IOException {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (Repl repl = new Repl(sink, startup, home, null)) {
            warm(repl);
            repl.run("attention(randn(1,4,8), randn(1,4,8), randn(1,4,8))");
            repl.run("/vars");
            Terminal t = TerminalBuilder.builder().dumb(true).streams(new ByteArrayInputStream(
                    "1+1\n".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream()).build();
            LineReader r = LineReaderBuilder.builder().terminal(t).build();
            try {
                r.readLine(Repl.PROMPT);
            } catch (org.jline.reader.EndOfFileException ignored) {
                // the classes are loaded either way
            }
            t.close();
        }
        return 0;
    }
}
