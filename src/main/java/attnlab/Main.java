package attnlab;

import attnlab.repl.IoErrors;
import attnlab.repl.Modes;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./attnlab}: the entry point, above the front-ends (REPL, Jupyter kernel, notebook conversion); wiring
 * only. Picks the mode from the arguments and stdin:
 * <pre>
 *   ./attnlab                       the interactive REPL (stdin is a terminal)
 *   ./attnlab FILE.jsh [MORE.jsh]   run scripts, no prompts; stop at the first error (FILE:LINE, status 1);
 *                                   status 1 and "attnlab: 1 check failed: check55 (5 of 7 cases fail)" at the end
 *                                   when a check55 ... check511 failed (for grading)
 *   cat FILE | ./attnlab            the same for stdin
 *   ./attnlab -e 'EXPR'             the same for one expression
 *   ./attnlab --replay FILE...      replay transcripts, print a diff per mismatch, status 1 if any differs;
 *                                   --step-limit S stops a step after S seconds (default 120) and reports it
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
            status = run(args, System.in, Modes.stdout());
        } catch (Exception | Error e) { // System.err belongs to snippets by now: report on the real stdout
            Modes.stdout().println("attnlab: " + e);
            status = 2;
        }
        System.exit(status);
    }

    /** Runs one mode; returns the exit status. {@code in} is read only in the piped-stdin mode. */
    public static int run(String[] args, InputStream in, PrintStream out) throws Exception {
        if (args.length > 0 && args[0].equals("--to-notebook"))
            return attnlab.notebook.ToNotebook.run(Arrays.asList(args).subList(1, args.length), out);
        Path home = Path.of(System.getProperty("attnlab.home", "."));
        Path startupFile = home.resolve("startup.jsh");
        boolean noStartup = false, replay = false, train = false, echoComments = true;
        java.time.Duration stepLimit = attnlab.repl.Transcript.STEP_LIMIT; // --replay: the time one step may take
        Path kernel = null, prefix = null; // Jupyter: --kernel FILE, --install-kernel / --uninstall-kernel [--prefix DIR]
        String kernelSpec = null;
        List<String> files = new ArrayList<>(), exprs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--startup": startupFile = Path.of(args[++i]); break;
                case "--no-startup": noStartup = true; break;
                case "--replay": replay = true; break;
                case "--step-limit":
                    try {
                        stepLimit = java.time.Duration.ofSeconds(Long.parseLong(args[++i]));
                        if (stepLimit.isNegative()) throw new NumberFormatException();
                    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                        out.println("attnlab: --step-limit needs whole seconds >= 0 (0: no limit), e.g. --step-limit 60");
                        return 2;
                    }
                    break;
                case "--cds-training": train = true; break;
                case "--no-comments": echoComments = false; break;
                case "-e": exprs.add(args[++i]); break;
                case "--kernel": kernel = Path.of(args[++i]); break;
                case "--install-kernel": case "--uninstall-kernel": kernelSpec = args[i]; break;
                case "--prefix": prefix = Path.of(args[++i]); break;
                case "-h": case "--help":
                    out.println("usage: ./attnlab [--startup FILE | --no-startup] [FILE.jsh ... | -e EXPR | --replay [--step-limit S] FILE ...]");
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
                ? attnlab.jupyter.KernelSpec.install(home, prefix, out) : attnlab.jupyter.KernelSpec.uninstall(prefix, out);
        if (kernel != null) return attnlab.jupyter.Kernel.run(kernel, startup, home);
        if (replay) return Modes.replay(files, stepLimit, startup, home, out);
        if (train) return Math.max(Modes.warmupTraining(startup, home), attnlab.jupyter.KernelTraining.run(startup, home));
        if (!exprs.isEmpty() || !files.isEmpty() || in != System.in || !Modes.interactive())
            return Modes.scripts(exprs, files, in, echoComments, startup, home, out);
        return Modes.interactive(startup, home);
    }
}
