package attnlab.repl;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The REPL core without a terminal: a {@link Session}, the {@link Commands} table and the {@link Interpreter}
 * that feeds them, all printing to one stream. The console, script runs, transcript replay and the tests all
 * drive this same object.
 */
public final class Repl implements AutoCloseable {
    /** The prompts, as printed and as written to transcripts. */
    public static final String PROMPT = "attn> ", MORE = " ...> ";

    final Session session;
    final Commands commands;
    final Interpreter interpreter;
    final PrintStream out;
    final Path home;
    final Recorder recorder;
    private java.util.function.IntSupplier width = () -> Wrap.DEFAULT_WIDTH;

    /**
     * @param out      where everything is printed
     * @param startup  start-up source (may be empty)
     * @param home     the attnlab directory (for {@code scripts/})
     * @param recorder where {@code /record} writes, or null when recording is not available
     */
    public Repl(PrintStream out, String startup, Path home, Recorder recorder) {
        this.out = out;
        this.home = home;
        this.recorder = recorder;
        this.session = new Session(out, startup);
        this.commands = new Commands(this);
        this.interpreter = new Interpreter(session, commands, out);
    }

    /** Runs typed or pasted input; returns true when it had no error. */
    public boolean run(String input) {
        return interpreter.run(input, null, false) == 0;
    }

    /** Runs one command line as is, even over several lines ({@code /time} of a {@code %%time} cell's body). */
    public boolean runCommand(String line) {
        return commands.run(line);
    }

    /** Runs a script; stops at its first error and prints {@code name:LINE}. Returns that line or 0. */
    public int runScript(String text, String name) {
        return interpreter.run(text, name, true);
    }

    /** As {@link #runScript(String, String)}; with {@code echoComments}, prints the comments between snippets. */
    public int runScript(String text, String name, boolean echoComments) {
        return interpreter.run(text, name, true, echoComments);
    }

    /** Where the width for {@code /help} and {@code /exercises} comes from (the console: JLine's terminal width). */
    public void width(java.util.function.IntSupplier columns) {
        this.width = columns;
    }

    /** The width the REPL's own texts wrap to: the terminal's, or {@link Wrap#DEFAULT_WIDTH} (80) without one. */
    int width() {
        int w = width.getAsInt();
        return w > 0 ? w : Wrap.DEFAULT_WIDTH;
    }

    /** True once {@code /exit} ran. */
    public boolean exitRequested() {
        return commands.exitRequested();
    }

    /** The status {@code /exit N} asked for; 0 for a bare {@code /exit} or none. */
    public int exitStatus() {
        return commands.exitStatus();
    }

    /** Warms javac, the engine and the toolkit (one helper snippet, one completion), as the REPL does at start-up. */
    public Repl warm() {
        return Warmup.warm(this);
    }

    public Session session() {
        return session;
    }

    @Override
    public void close() {
        session.close();
    }
}
