package attnlab.plot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The REPL's side of chart windows: starts the {@link ChartViewer} process on the first {@code show()} (not at REPL
 * start: a JVM start costs about half a second), keeps it for later shows, and starts a new one when it has died
 * (its X connection was killed). Each request waits for the viewer's answer, so {@code show()} returns once the
 * window is up, and a viewer that cannot open windows is reported rather than ignored.
 */
final class Viewer {
    /** Generous: the first answer includes a JVM start and Swing's first window on a busy machine. */
    private static final long FIRST_ANSWER_SECONDS = 60, LATER_ANSWER_SECONDS = 20;
    private static final String EOF = "\u0000eof";

    private static Process process;
    private static ObjectOutputStream requests;
    private static BlockingQueue<String> answers;
    private static Path log;
    private static boolean answeredOnce;

    private Viewer() {}

    /**
     * Shows {@code chart} in its window (id {@code id}); returns "" when shown, else why not. A viewer that died
     * since the last request (its X connection was killed) is replaced once, transparently.
     *
     * @throws InterruptedException when the REPL interrupts the wait (Ctrl-C); the window may still appear
     */
    static synchronized String show(long id, Chart<?> chart) throws InterruptedException {
        String why = "";
        for (int attempt = 0; attempt < 2; attempt++) {
            boolean fresh = ensureStarted();
            if (process == null) return why.isEmpty() ? Display.reason() : why; // windowFailed says why
            String answer = request("show", id, chart, fresh);
            if (answer.equals("shown " + id)) return "";
            if (answer.startsWith("failed " + id + " ")) {
                String reason = answer.substring(("failed " + id + " ").length());
                if (!answeredOnce) Display.windowFailed(reason);
                answeredOnce = true;
                return "the chart viewer could not open a window: " + reason;
            }
            // no answer: the viewer ended (X connection killed, display gone) or hung
            why = stop();
            if (fresh) { // a new viewer that ends before its first answer will not do better next time
                Display.windowFailed(why);
                return why;
            }
            if (!Display.windowsAvailable()) return Display.reason();
        }
        return why;
    }

    /** {chart windows, showing windows} in the viewer; {0, 0} when none runs. For tests. */
    static synchronized int[] counts() throws InterruptedException {
        if (process == null || !process.isAlive()) return new int[] {0, 0};
        String answer = request("count", 0, null, false);
        String[] w = answer.split(" ");
        if (w.length != 4 || !w[0].equals("count")) return new int[] {0, 0};
        return new int[] {Integer.parseInt(w[2]), Integer.parseInt(w[3])};
    }

    /**
     * Closes chart {@code id}'s window as the window manager's close button does (a WINDOW_CLOSING event); true
     * when it was open. For tests: xdotool can only destroy a window, not ask it to close.
     */
    static synchronized boolean close(long id) throws InterruptedException {
        if (process == null || !process.isAlive()) return false;
        return request("close", id, null, false).equals("closed " + id);
    }

    /** True while a viewer process runs (then a display was usable when it started). */
    static synchronized boolean running() { return process != null && process.isAlive(); }

    // Starts a viewer unless one is alive; true when it was started now.
    private static boolean ensureStarted() {
        if (process != null && process.isAlive()) return false;
        if (process != null) stop();
        try {
            log = Files.createTempFile("attnlab-viewer-", ".log");
            log.toFile().deleteOnExit();
            Process p = new ProcessBuilder(command()).redirectError(log.toFile()).start();
            BlockingQueue<String> q = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> readAnswers(p, q), "attnlab-viewer-answers");
            reader.setDaemon(true);
            reader.start();
            requests = new ObjectOutputStream(p.getOutputStream());
            requests.flush();
            process = p;
            answers = q;
            answeredOnce = false;
            return true;
        } catch (IOException | RuntimeException e) {
            process = null;
            Display.windowFailed("cannot start the chart viewer: " + e.getMessage());
            return false;
        }
    }

    static List<String> command() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java,
                // a viewer paints a few charts: C1 only and the serial collector start fastest
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss1m",
                // lets ChartWindow see whether a window's X window still exists (xdotool windowclose destroys it)
                "--add-opens", "java.desktop/java.awt=ALL-UNNAMED",
                "--add-opens", "java.desktop/sun.awt.X11=ALL-UNNAMED"));
        String charts = System.getProperty(Chart.FALLBACK_DIR_PROPERTY);
        if (charts != null) cmd.add("-D" + Chart.FALLBACK_DIR_PROPERTY + "=" + charts);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ChartViewer.class.getName()));
        return cmd;
    }

    private static void readAnswers(Process p, BlockingQueue<String> q) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) q.add(line);
        } catch (IOException ignored) { // the viewer ended
        }
        q.add(EOF);
    }

    // Sends one request and waits for the answer with its id; "" on a dead or silent viewer.
    private static String request(String op, long id, Chart<?> chart, boolean fresh) throws InterruptedException {
        try {
            requests.writeUTF(op);
            requests.writeLong(id);
            if (chart != null) requests.writeObject(chart);
            requests.flush();
            requests.reset(); // the next request sends the chart's current state, not a back-reference
        } catch (IOException e) {
            return "";
        }
        long deadline = System.nanoTime()
                + TimeUnit.SECONDS.toNanos(fresh || !answeredOnce ? FIRST_ANSWER_SECONDS : LATER_ANSWER_SECONDS);
        while (true) {
            String line = answers.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) return "";
            String[] w = line.split(" ", 3);
            if (w.length >= 2 && w[1].equals(Long.toString(id)) && (w[0].equals("shown") || w[0].equals("failed")
                    || w[0].equals(op) || w[0].equals("closed") || w[0].equals("open"))) {
                if (!w[0].equals("failed")) answeredOnce = true;
                return line;
            }
            // an answer to an earlier request abandoned by Ctrl-C: skip it
        }
    }

    // Ends the viewer; returns why it stopped answering (the last line it wrote to stderr, if any).
    private static String stop() {
        Process p = process;
        process = null;
        if (p == null) return "the chart viewer stopped";
        boolean ended;
        try {
            ended = p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = false;
        }
        if (!ended) p.destroyForcibly();
        String last = "";
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) if (!line.isBlank()) last = line.trim();
            Files.deleteIfExists(log);
        } catch (IOException ignored) { // no log: no detail
        }
        return ended ? "the chart viewer ended" + (last.isEmpty() ? "" : ": " + last)
                : "the chart viewer did not answer";
    }
}
