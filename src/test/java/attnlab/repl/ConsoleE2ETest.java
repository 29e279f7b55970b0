package attnlab.repl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real thing: {@code ./attnlab} in a pseudo-terminal (tmux, its own server socket), typed at like a user:
 * Tab completion, Shift-Tab help, a multi-line method, Ctrl-C on a runaway loop, Ctrl-C at the prompt, Ctrl-D. The launcher gets
 * the test classpath through ATTNLAB_CLASSPATH, so no Maven runs inside Maven.
 */
class ConsoleE2ETest {
    private final String socket = "attnlab-e2e-" + ProcessHandle.current().pid();

    @AfterEach
    void killOurTmuxServer() throws Exception {
        tmux("kill-server");
    }

    @Test
    void typeCompleteInterruptAndLeave(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(tmuxInstalled(), "tmux is not installed: the pseudo-terminal test is skipped"
                + " (.ci/run installs it)");
        Path history = dir.resolve("history");
        String cmd = "cd '" + TestRepl.HOME + "' && ATTNLAB_CLASSPATH='" + Subprocess.classpath() + "' JAVA_HOME='"
                + System.getProperty("java.home") + "' ATTNLAB_HISTORY='" + history + "' ./attnlab; echo EXIT=$?; sleep 60";
        tmux("new-session", "-d", "-s", "e2e", "-x", "120", "-y", "50", cmd);
        waitFor("attn>"); // capture-pane drops trailing spaces
        keys("var Q = ey", "Tab");
        waitFor("attn> var Q = eye(");
        keys("2)", "Enter");
        waitFor("Q ==> Tensor [2, 2]");
        waitForPrompt();
        keys("causalMask(", "BTab");
        waitFor("0 where key j may be seen by query i"); // Shift-Tab: our help text
        keys("C-u");
        keys("int inc(int x) {", "Enter");
        waitFor(" ...>");
        keys("return x + 1\\;", "Enter", "}", "Enter");
        waitFor("|  created method inc(int)");
        waitForPrompt();
        keys("while (true) {}", "Enter");
        Thread.sleep(1500);
        keys("C-c");
        waitFor(Feedback.STOPPED);
        waitForPrompt();
        keys("some half-typed line");
        waitFor("attn> some half-typed line");
        keys("C-c");
        waitForPrompt();
        keys("inc(Q.rows())", "Enter");
        waitFor("$1 ==> 3");
        waitForPrompt();
        keys("C-d");
        waitFor("EXIT=0");
        List<String> lines = Files.readAllLines(history, StandardCharsets.UTF_8);
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(":var Q = eye(2)")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("half-typed")), lines.toString());
    }

    @Test
    void tabRightAfterAnOpenParenShowsTheSignatures(@TempDir Path dir) throws Exception {
        start(dir);
        keys("causalMask(", "Tab");
        waitFor("Tensor causalMask(int lq, int lk, attnlab.attention.Alignment alignment)");
        String screen = tmux("capture-pane", "-p", "-t", "e2e", "-S", "-100");
        assertTrue(screen.contains("Signatures:\nTensor causalMask(int n)\n"), screen);
        assertTrue(!screen.contains("possibilities"), screen);
        keys("C-u", "Math.max(1, ", "Tab");
        waitFor("int Math.max(int a, int b)");
        keys("2)", "Enter");
        waitFor("$1 ==> 2");
        waitForPrompt();
        keys("C-d");
        waitFor("EXIT=0");
    }

    @Test
    void aRecordingStartedMidSessionReplaysGreen(@TempDir Path dir) throws Exception {
        Path transcript = dir.resolve("mid.jsht");
        start(dir);
        for (String line : new String[] {"var Q = eye(2)", "1 + 1", "nope", "int f(int x) { return x + Q.rows(); }"}) {
            keys(line, "Enter");
            waitForPrompt();
        }
        keys("while (true) {}", "Enter"); // stopped: must not be in the transcript, or its replay would never end
        Thread.sleep(1000);
        keys("C-c");
        waitFor(Feedback.STOPPED);
        waitForPrompt();
        keys("/record " + transcript, "Enter");
        waitFor("it starts with the 3 snippets this session ran");
        waitForPrompt();
        keys("f(1) + $1", "Enter");
        waitFor("$2 ==> 5");
        waitForPrompt();
        keys("/time f(2)", "Enter");
        waitFor(" per loop (median of ");
        waitForPrompt();
        keys("$2 * 2", "Enter");
        waitFor("$3 ==> 10");
        waitForPrompt();
        keys("/record stop", "Enter");
        waitFor("|  transcript saved to " + transcript);
        waitForPrompt();
        keys("C-d");
        waitFor("EXIT=0");
        String text = Files.readString(transcript, StandardCharsets.UTF_8);
        assertTrue(text.contains("attn> int f(int x) { return x + Q.rows(); }  // replay: +SKIP +ID=4\n"), text);
        assertTrue(text.contains("attn> /time f(2)  // replay: +ELLIPSIS\n"), text);
        assertTrue(!text.contains("while") && !text.contains("nope") && !text.contains("attn> /record"), text);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int status = attnlab.Main.run(new String[] {"--replay", transcript.toString()}, java.io.InputStream.nullInputStream(),
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals("ok      " + transcript + " (6 steps)\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(0, status);
    }

    @Test
    void aStepStoppedWhileRecordingIsMarkedAndReplayDoesNotRunIt(@TempDir Path dir) throws Exception {
        Path transcript = dir.resolve("stopped.jsht");
        start(dir);
        keys("/record " + transcript, "Enter");
        waitFor("|  recording to " + transcript);
        waitForPrompt();
        keys("int n = 1", "Enter");
        waitFor("n ==> 1");
        waitForPrompt();
        keys("int spin() { while (true) {} }", "Enter");
        waitFor("|  created method spin()");
        waitForPrompt();
        // spin() takes $1 before it is stopped: the step after it must say so, or its $2 would replay as $1
        int stops = 0;
        for (String runaway : new String[] {"spin()", "Thread.sleep(8000)"}) {
            keys(runaway, "Enter");
            stops++;
            for (int i = 0; i < 30 && count(Feedback.STOPPED) < stops; i++) { // a busy machine: until it is stopped
                Thread.sleep(1000);
                keys("C-c");
            }
            waitForPrompt();
        }
        keys("n + 1", "Enter");
        waitFor("$2 ==> 2");
        waitForPrompt();
        keys("/record stop", "Enter");
        waitFor("|  transcript saved to " + transcript);
        waitForPrompt();
        keys("C-d");
        waitFor("EXIT=0");
        String text = Files.readString(transcript, StandardCharsets.UTF_8);
        assertTrue(text.contains("attn> spin()  // replay: +STOPPED\n" + Feedback.STOPPED + "\n"), text);
        assertTrue(text.contains("attn> Thread.sleep(8000)  // replay: +ID=4 +TEMP=2 +STOPPED\n" + Feedback.STOPPED + "\n"),
                text);
        assertTrue(text.contains("attn> n + 1  // replay: +ID=5 +TEMP=2\n$2 ==> 2\n"), text);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int status = attnlab.Main.run(new String[] {"--replay", transcript.toString()}, java.io.InputStream.nullInputStream(),
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals("ok      " + transcript + " (5 steps; not run, stopped with Ctrl-C when recorded: lines 5, 7)\n",
                out.toString(StandardCharsets.UTF_8));
        assertEquals(0, status);
    }

    /** In an 80-column terminal /help and /exercises break lines at spaces themselves (the terminal would cut words). */
    @Test
    void helpAndExercisesWrapToTheTerminalWidth(@TempDir Path dir) throws Exception {
        start(dir, 80);
        for (String command : new String[] {"/help", "/exercises", "/help causalMask"}) {
            tmux("clear-history", "-t", "e2e");
            keys("C-l");
            keys(command, "Enter");
            Thread.sleep(500);
            waitForPrompt();
            String screen = tmux("capture-pane", "-p", "-J", "-t", "e2e", "-S", "-200"); // -J: rejoins what the terminal wrapped
            for (String line : screen.split("\n"))
                assertTrue(line.length() <= 80, command + ": a line the terminal had to wrap:\n" + line + "\n" + screen);
        }
        keys("C-d");
        waitFor("EXIT=0");
    }

    @Test
    void exitWithAStatusLeavesWithIt(@TempDir Path dir) throws Exception {
        start(dir);
        keys("/exit 3", "Enter");
        waitFor("EXIT=3");
    }

    /** How often {@code text} is on the screen (and its scrollback). */
    private int count(String text) throws Exception {
        String screen = tmux("capture-pane", "-p", "-t", "e2e", "-S", "-200");
        int n = 0;
        for (int at = screen.indexOf(text); at >= 0; at = screen.indexOf(text, at + 1)) n++;
        return n;
    }

    /** {@code ./attnlab} in a fresh tmux session, up to its first prompt. */
    private void start(Path dir) throws Exception {
        start(dir, 160);
    }

    private void start(Path dir, int columns) throws Exception {
        Assumptions.assumeTrue(tmuxInstalled(), "tmux is not installed: the pseudo-terminal test is skipped");
        String cmd = "cd '" + TestRepl.HOME + "' && ATTNLAB_CLASSPATH='" + Subprocess.classpath() + "' JAVA_HOME='"
                + System.getProperty("java.home") + "' ATTNLAB_HISTORY='" + dir.resolve("history")
                + "' ./attnlab; echo EXIT=$?; sleep 60";
        // the previous test's server may still be going away on the same socket: start again until the session is up
        for (int attempt = 0; attempt < 5; attempt++) {
            tmux("new-session", "-d", "-s", "e2e", "-x", String.valueOf(columns), "-y", "50", cmd);
            Thread.sleep(300);
            if (tmux("has-session", "-t", "e2e").isBlank()) break;
        }
        waitForPrompt();
    }

    private void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "e2e"));
        args.addAll(List.of(keys));
        tmux(args.toArray(new String[0]));
    }

    private void waitFor(String text) throws Exception {
        String screen = "";
        for (int i = 0; i < 300; i++) { // up to 60 s: a loaded CI machine is slow, a healthy run takes a second
            screen = tmux("capture-pane", "-p", "-t", "e2e", "-S", "-100");
            if (screen.contains(text)) return;
            Thread.sleep(200);
        }
        fail("the screen never showed '" + text + "':\n" + screen);
    }

    /** Typing before the prompt is back races the terminal (as with any REPL): wait for an empty prompt line. */
    private void waitForPrompt() throws Exception {
        String screen = "";
        for (int i = 0; i < 300; i++) {
            screen = tmux("capture-pane", "-p", "-t", "e2e").stripTrailing();
            if (screen.endsWith("\nattn>")) {
                Thread.sleep(200); // JLine has printed the prompt; let it reach raw mode
                return;
            }
            Thread.sleep(200);
        }
        fail("no fresh prompt:\n" + screen);
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static boolean tmuxInstalled() {
        try {
            return new ProcessBuilder("tmux", "-V").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
