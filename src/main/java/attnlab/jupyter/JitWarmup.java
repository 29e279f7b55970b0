package attnlab.jupyter;

import jdk.jshell.JShell;


/**
 * Warms the JIT for javac in the background, so small cells answer fast from the first minutes of a kernel's life.
 *
 * <p>Why: every cell is compiled by javac through JShell. In a fresh JVM that compile takes 15–60 ms until the JIT
 * has compiled javac's hot paths (after roughly a hundred snippets), and about 5 ms after. A notebook user runs far
 * fewer cells than that in the first minutes, so without help the kernel stays slow just while it is being judged.
 * This thread compiles throw-away snippets in a JShell of its own (its own class loader and state: the user's session
 * is never touched, and JShell instances are independent), then closes it. The JIT's compiled code is shared by the
 * whole JVM, so the user's session gets the speed. It also runs one toolkit call and one completion, so the toolkit's
 * classes and kernels are loaded and compiled before the first cell that needs them. Linux ignores Java thread
 * priorities by default, so the thread waits by itself while the kernel is {@code busy} ({@link IdleWarmup}: a request
 * served now or less than a quarter second ago): it never starts a snippet beside a cell, and only the JIT's compiler
 * threads may compete with one (docs/jupyter.md, "Speed").
 */
final class JitWarmup {
    /**
     * How many throw-away snippets. javac's own per-snippet time stops falling after about 150, but the JIT keeps
     * compiling javac's less hot methods long after: with 150, the compiler threads still used 23–26 ms of CPU per
     * cell in the cells after a 30 s pause (more than the cell itself, on the core the client and ZeroMQ need);
     * with 600, 9 ms, and the shell thread's CPU per cell fell from 12 to 8–11 ms (docs/jupyter.md, "Speed").
     * At 10–25 ms each they fit in the first half minute a kernel sits idle.
     */
    static final int SNIPPETS = 600;

    /** One toolkit call (no random numbers: the user's random stream is never touched). */
    private static final String TOOLKIT = "attention(zeros(1, 4, 8), zeros(1, 4, 8), zeros(1, 4, 8))";

    /** How long the warm-up waits before it looks at {@code busy} again. */
    private static final long PAUSE_MILLIS = 20;

    private JitWarmup() {}

    /**
     * Starts the warm-up on a daemon thread at the lowest priority; {@code imports} are the start-up imports;
     * no snippet starts while {@code busy} is true.
     */
    static Thread start(String imports, java.util.function.BooleanSupplier busy) {
        Thread t = new Thread(() -> run(imports, busy), "attnlab-kernel-jit-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    private static void run(String imports, java.util.function.BooleanSupplier busy) {
        try (JShell js = JShell.builder().executionEngine("local")
                .out(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .err(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).build()) {
            for (String line : imports.split("\n")) {
                while (busy.getAsBoolean()) Thread.sleep(PAUSE_MILLIS);
                if (line.startsWith("import ")) js.eval(line);
            }
            // the toolkit's classes and kernels, and completion, as the REPL's own warm-up does (Repl#warm)
            while (busy.getAsBoolean()) Thread.sleep(PAUSE_MILLIS);
            js.eval("var warm = " + TOOLKIT + ";");
            while (busy.getAsBoolean()) Thread.sleep(PAUSE_MILLIS);
            js.sourceCodeAnalysis().completionSuggestions("att", 3, new int[1]);
            String[] kinds = {"1 + %d", "var w%d = Math.sqrt(%d.0);", "\"cell\".length() + %d",
                    "int f%d(int x) { return x + 1; }", "java.util.List.of(%d, 2).size()"};
            for (int i = 0; i < SNIPPETS && !Thread.currentThread().isInterrupted(); i++) {
                while (busy.getAsBoolean()) Thread.sleep(PAUSE_MILLIS);
                js.eval(String.format(java.util.Locale.ROOT, kinds[i % kinds.length], i, i));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // only a speed-up: a failure here changes nothing the user sees
        }
    }
}
