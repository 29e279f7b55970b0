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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ./attnlab}: wiring only. Picks the mode from the arguments and stdin:
 * <pre>
 *   ./attnlab                       the interactive REPL (stdin is a terminal)
 *   ./attnlab FILE.jsh [MORE.jsh]   run scripts, no prompts; stop at the first error (FILE:LINE, status 1);
 *                                   status 1 and "attnlab: 1 check failed: check55 (5 of 7 cases fail)" at the end
 *                                   when a check55 ... check511 failed (for grading)
 *   cat FILE | ./attnlab            the same for stdin
 *   ./attnlab -e 'EXPR'             the same for one expression
 *   ./attnlab --replay FILE...      replay transcripts, print a diff per mismatch, status 1 if any differs
 *   ./attnlab --to-notebook FILE.jsh... [OUT.ipynb | DIR]   write the script as a Jupyter notebook
 *   scripts (files and stdin) print their comment lines between snippets; --no-comments turns that off
 *   options: --startup FILE, --no-startup
 * </pre>
 * Every mode ends with {@code System.exit}, so AWT's non-daemon threads (an open chart) never keep it alive.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int status;
        try {
            status = run(args, System.in, SnippetOutput.STDOUT);
        } catch (Exception | Error e) { // System.err belongs to snippets by now: report on the real stdout
            SnippetOutput.STDOUT.println("attnlab: " + e);
            status = 2;
        }
        System.exit(status);
    }

    /** Runs one mode; returns the exit status. {@code in} is read only in the piped-stdin mode. */
    static int run(String[] args, InputStream in, PrintStream out) throws Exception {
        if (args.length > 0 && args[0].equals("--to-notebook"))
            return attnlab.notebook.ToNotebook.run(Arrays.asList(args).subList(1, args.length), out);
        Path home = Path.of(System.getProperty("attnlab.home", "."));
        Path startupFile = home.resolve("startup.jsh");
        boolean noStartup = false, replay = false, train = false, echoComments = true;
        Path kernel = null, prefix = null; // Jupyter: --kernel FILE, --install-kernel / --uninstall-kernel [--prefix DIR]
        String kernelSpec = null;
        List<String> files = new ArrayList<>(), exprs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--startup": startupFile = Path.of(args[++i]); break;
                case "--no-startup": noStartup = true; break;
                case "--replay": replay = true; break;
                case "--cds-training": train = true; break;
                case "--no-comments": echoComments = false; break;
                case "-e": exprs.add(args[++i]); break;
                case "--kernel": kernel = Path.of(args[++i]); break;
                case "--install-kernel": case "--uninstall-kernel": kernelSpec = args[i]; break;
                case "--prefix": prefix = Path.of(args[++i]); break;
                case "-h": case "--help":
                    out.println("usage: ./attnlab [--startup FILE | --no-startup] [FILE.jsh ... | -e EXPR | --replay FILE ...]");
                    out.println("       ./attnlab --to-notebook FILE.jsh... [OUT.ipynb | DIR]    (scripts echo their comments;"
                            + " --no-comments: not)");
                    out.println("       ./attnlab --kernel CONNECTION_FILE | --install-kernel [--prefix DIR]"
                            + " | --uninstall-kernel [--prefix DIR]");
                    return 0;
                default:
                    if (args[i].startsWith("-")) {
                        out.println("attnlab: unknown option " + args[i] + " (try --help)");
                        return 2;
                    }
                    files.add(args[i]);
            }
        }
        if (!noStartup && !Files.isRegularFile(startupFile) && Arrays.asList(args).contains("--startup")) {
            out.println("attnlab: no start-up file " + startupFile);
            return 2;
        }
        String startup;
        try {
            startup = noStartup || !Files.isRegularFile(startupFile) ? ""
                    : Files.readString(startupFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.println("attnlab: start-up file " + IoErrors.reading(startupFile, e));
            return 2;
        }

        if (kernelSpec != null) return kernelSpec.equals("--install-kernel")
                ? attnlab.kernel.KernelSpec.install(home, prefix, out) : attnlab.kernel.KernelSpec.uninstall(prefix, out);
        if (kernel != null) return attnlab.kernel.Kernel.run(kernel, startup, home);
        if (replay) return replay(files, startup, home, out);
        if (train) return Math.max(Warmup.train(startup, home), attnlab.kernel.KernelTraining.run(startup, home));
        if (!exprs.isEmpty() || !files.isEmpty() || in != System.in || !interactive()) {
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
                for (String e : exprs) if (repl.runScript(e, "-e") != 0) return 1;
                for (int i = 0; i < files.size(); i++)
                    if (repl.runScript(scripts.get(i), files.get(i), echoComments) != 0) return 1;
                if (exprs.isEmpty() && files.isEmpty() && repl.runScript(readAll(in), "stdin", echoComments) != 0)
                    return 1;
            }
            return checkStatus(checksBefore, out);
        }
        return interactive(startup, home);
    }

    private static int interactive(String startup, Path home) throws IOException {
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
        ready.join().close();
        terminal.close();
        return 0;
    }

    /** Script mode: status 1 and a one-line summary when a check failed since {@code mark}, so a course can grade. */
    private static int checkStatus(long mark, PrintStream out) {
        List<String> failed = attnlab.exercises.Checker.failuresSince(mark);
        if (failed.isEmpty()) return 0;
        out.println("attnlab: " + failed.size() + (failed.size() == 1 ? " check" : " checks") + " failed: "
                + String.join(", ", failed));
        return 1;
    }

    /** Replays every file, even after one that differs or cannot be read; status 1 if any did not pass. */
    private static int replay(List<String> files, String startup, Path home, PrintStream out) {
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
            List<String> diffs = Transcript.replay(p, steps, startup, home);
            out.println((diffs.isEmpty() ? "ok      " : "DIFFERS ") + f + " (" + steps.size() + " steps)");
            diffs.forEach(out::print);
            if (!diffs.isEmpty()) failed++;
        }
        return failed == 0 ? 0 : 1;
    }

    /** stdin and stdout are both a terminal (System.console() is null otherwise on 17 and 25; 22-24 need isTerminal). */
    static boolean interactive() {
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

    private static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "(dev)" : v;
    }
}
