package attnlab.repl;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The REPL's run modes, called by {@code attnlab.Main} (which parses the arguments and picks the front-end):
 * the interactive REPL, scripts (files, {@code -e}, piped stdin) and transcript replay.
 */
public final class Modes {
    private Modes() {}

    /** The real stdout, which snippets cannot redirect: where the launcher reports. */
    public static PrintStream stdout() {
        return SnippetOutput.STDOUT;
    }

    /** The start-up training run of the class-data archive: a short REPL session. */
    public static int warmupTraining(String startup, Path home) throws IOException {
        return Warmup.train(startup, home);
    }

    /**
     * Scripts: every {@code exprs} (from {@code -e}), then every file, else {@code in} when there are neither.
     * Stops at the first error (status 1); status 1 with a one-line summary when a check failed (for grading).
     */
    public static int scripts(List<String> exprs, List<String> files, InputStream in, boolean echoComments,
                              String startup, Path home, PrintStream out) throws IOException {
        List<String> scripts = new ArrayList<>(); // all read first: a missing file stops before anything runs
        for (String f : files) {
            try {
                scripts.add(Files.readString(Path.of(f), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.println("attnlab: " + IoErrors.reading(Path.of(f), e));
                return 2;
            }
        }
        long checksBefore = attnlab.exercises.Checker.failedChecks(); // a failed check55...check511 fails the run
        try (Repl repl = new Repl(out, startup, home, null)) {
            // /exit N ends the run there with status N, as in jshell (a bare /exit: the checks decide, as at the end)
            for (String e : exprs) {
                if (repl.runScript(e, "-e") != 0) return 1;
                if (repl.exitRequested()) return exited(repl, checksBefore, out);
            }
            for (int i = 0; i < files.size(); i++) {
                if (repl.runScript(scripts.get(i), files.get(i), echoComments) != 0) return 1;
                if (repl.exitRequested()) return exited(repl, checksBefore, out);
            }
            if (exprs.isEmpty() && files.isEmpty() && repl.runScript(readAll(in), "stdin", echoComments) != 0)
                return 1;
            if (repl.exitRequested()) return exited(repl, checksBefore, out);
        }
        return checkStatus(checksBefore, out);
    }

    /** The interactive REPL on the system terminal; returns the exit status. */
    public static int interactive(String startup, Path home) throws IOException {
        java.util.logging.Logger.getLogger("org.jline").setLevel(java.util.logging.Level.SEVERE);
        Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(true).build();
        Recorder recorder = new Recorder(SnippetOutput.STDOUT);
        PrintStream out = new PrintStream(recorder, true, StandardCharsets.UTF_8);
        terminal.writer().println("attnlab " + version() + " on JDK " + Runtime.version().feature()
                + " (" + System.getProperty("java.vm.name") + ") - type /help, Ctrl-D to leave");
        terminal.flush();
        // Built in the background, after the terminal (both want the 2 cores): the prompt does not wait for it.
        CompletableFuture<Repl> ready = CompletableFuture.supplyAsync(() -> Warmup.warm(new Repl(out, startup, home,
                recorder)));
        String history = System.getenv("ATTNLAB_HISTORY");
        Path historyFile = history != null ? Path.of(history)
                : Path.of(System.getProperty("user.home"), ".attnlab_history");
        new Console(terminal, ready, recorder).loop(historyFile);
        int status = ready.join().exitStatus(); // /exit N (Ctrl-D: 0)
        ready.join().close();
        terminal.close();
        return status;
    }

    /** After {@code /exit N} in a script: N, or for {@code /exit 0} the checks' status. */
    private static int exited(Repl repl, long checksBefore, PrintStream out) {
        return repl.exitStatus() != 0 ? repl.exitStatus() : checkStatus(checksBefore, out);
    }

    /** Script mode: status 1 and a one-line summary when a check failed since {@code mark}, so a course can grade. */
    static int checkStatus(long mark, PrintStream out) {
        List<String> failed = attnlab.exercises.Checker.failuresSince(mark);
        if (failed.isEmpty()) return 0;
        out.println("attnlab: " + failed.size() + (failed.size() == 1 ? " check" : " checks") + " failed: "
                + String.join(", ", failed));
        return 1;
    }

    /** Replays every file, even after one that differs or cannot be read; status 1 if any did not pass. */
    public static int replay(List<String> files, String startup, Path home, PrintStream out) {
        return replay(files, Transcript.STEP_LIMIT, startup, home, out);
    }

    /**
     * As {@link #replay(List, String, Path, PrintStream)}, each step within {@code stepLimit} (zero: none). A step
     * past the limit is stopped and reported as {@code TIMEOUT FILE:LINE: ...}; the rest of that file is not run (its
     * steps build on each other) and the other files are. Steps recorded as stopped ({@code +STOPPED}) are not run
     * and are named in the file's line.
     */
    public static int replay(List<String> files, java.time.Duration stepLimit, String startup, Path home,
                             PrintStream out) {
        if (files.isEmpty()) {
            out.println("attnlab: --replay needs transcript files: ./attnlab --replay FILE.jsht ...");
            return 2;
        }
        int failed = 0;
        for (String f : files) {
            Path p = Path.of(f);
            List<Transcript.Step> steps;
            try {
                steps = Transcript.load(p);
            } catch (IOException e) {
                out.println("ERROR   " + IoErrors.reading(p, e));
                failed++;
                continue;
            } catch (Transcript.Malformed e) {
                out.println("ERROR   " + f + ":" + e.line() + ": " + e.reason());
                failed++;
                continue;
            }
            Transcript.Result r = Transcript.replay(p, steps, startup, home, stepLimit);
            if (r.timedOut() != null) {
                out.println("TIMEOUT " + f + ":" + r.timedOut().line() + ": the step ran longer than "
                        + stepLimit.toSeconds() + " s and was stopped; the rest of the file was not run"
                        + " (--step-limit SECONDS changes the limit)");
            } else {
                String notRun = r.notRun().isEmpty() ? "" : "; not run, stopped with Ctrl-C when recorded: line"
                        + (r.notRun().size() == 1 ? " " : "s ") + r.notRun().stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(", "));
                out.println((r.diffs().isEmpty() ? "ok      " : "DIFFERS ") + f + " (" + steps.size() + " steps" + notRun + ")");
            }
            r.diffs().forEach(out::print);
            if (!r.ok()) failed++;
        }
        return failed == 0 ? 0 : 1;
    }

    /** stdin and stdout are both a terminal (System.console() is null otherwise on 17 and 25; 22-24 need isTerminal). */
    public static boolean interactive() {
        java.io.Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a non-null console is a terminal
        }
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    public static String version() {
        String v = Modes.class.getPackage().getImplementationVersion();
        return v == null ? "(dev)" : v;
    }
}
