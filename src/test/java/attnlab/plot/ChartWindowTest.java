package attnlab.plot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real windows under a real X server: the test starts {@code Xvfb :N} itself and drives a child JVM (no headless
 * flag, {@code DISPLAY=:N}) through {@link ChildProbe} or a real REPL session through {@link ReplProbe}; the windows
 * belong to the viewer process that child starts. {@code .ci/run} installs xvfb and xdotool.
 */
class ChartWindowTest {
    private Process xvfb;
    private String display;

    @BeforeEach
    void startXvfb() throws Exception {
        Optional<Path> bin = onPath("Xvfb");
        assumeTrue(bin.isPresent(), "Xvfb is not installed (apt-get install xvfb; .ci/run does): window test skipped");
        int first = 100 + (int) (ProcessHandle.current().pid() % 400);
        for (int n = first; n < first + 100 && display == null; n++) {
            Path socket = Path.of("/tmp/.X11-unix/X" + n);
            if (Files.exists(socket) || Files.exists(Path.of("/tmp/.X" + n + "-lock"))) continue;
            Process p = new ProcessBuilder(bin.get().toString(), ":" + n, "-screen", "0", "1280x1024x24",
                    "-nolisten", "tcp").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            for (int k = 0; k < 200 && p.isAlive() && !Files.exists(socket); k++) Thread.sleep(50); // up to 10 s
            if (p.isAlive() && Files.exists(socket)) {
                xvfb = p;
                display = ":" + n;
            } else {
                p.destroyForcibly();
            }
        }
        assertTrue(display != null, "could not start Xvfb on any display :" + first + "..:" + (first + 99));
    }

    @AfterEach
    void stopXvfb() throws InterruptedException {
        if (xvfb != null && xvfb.isAlive()) {
            xvfb.destroy();
            xvfb.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void closingAWindowLeavesTheJvmAliveAndOtherWindowsOpen(@TempDir Path charts) throws Exception {
        try (Child c = new Child(Map.of("DISPLAY", display), charts)) {
            c.ask(null, "ready");
            assertEquals("windows true", c.ask("windows", "windows"), "the child should see Xvfb as a usable display");
            c.ask("open A", "opened A");
            c.ask("line B", "opened B");
            assertEquals("count 2 2", c.ask("count", "count"), "two chart windows at once");
            if (onPath("xdotool").isPresent()) {
                assertTrue(waitForXWindow("attnlab-probe A", true), "xdotool does not see window A on " + display);
                assertTrue(waitForXWindow("attnlab-probe B", true), "xdotool does not see window B on " + display);
            }

            c.ask("close A", "closed A");
            assertEquals("pong", c.ask("ping", "pong"));
            assertTrue(c.process.isAlive(), "closing a chart window must not exit the JVM");
            assertEquals("count 1 1", c.ask("count", "count"), "window B stays open after A is closed");
            if (onPath("xdotool").isPresent())
                assertTrue(waitForXWindow("attnlab-probe A", false), "window A is still mapped after closing");

            c.ask("line B", "opened B");
            assertEquals("count 1 1", c.ask("count", "count"), "showing the same chart again reuses its window");
            c.ask("open A", "opened A");
            assertEquals("count 2 2", c.ask("count", "count"), "a closed chart opens a new window when shown again");

            c.ask("close B", "closed B");
            c.ask("close A", "closed A");
            assertEquals("count 0 0", c.ask("count", "count"));
            assertEquals("pong", c.ask("ping", "pong"));
            assertTrue(c.process.isAlive(), "closing the last chart window must not exit the JVM");
            c.send("exit");
            assertTrue(c.process.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, c.process.exitValue(), c.stderr());
            assertTrue(Files.list(charts).findAny().isEmpty(), "with a display no fallback PNG is written");
        }
    }

    /**
     * Issue 12 item 2: {@code xdotool windowkill} on a chart window (what xkill does) ended the REPL with status 1;
     * after {@code xdotool windowclose} a later show() returned but no window appeared; with the display gone the
     * next show must fall back to the terminal. A real REPL session keeps its variables through all of it.
     */
    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void killedOrDestroyedWindowsLeaveTheReplAliveAndTheNextShowOpensAWindow(@TempDir Path charts) throws Exception {
        assumeTrue(onPath("xdotool").isPresent(), "xdotool is not installed (.ci/run installs it)");
        try (Child repl = new Child(Map.of("DISPLAY", display), charts, ReplProbe.class.getName())) {
            repl.ask(null, "ready");
            eval(repl, "int kept = 41");
            eval(repl, "var h = heatmap(tensor(\"1 0; 0.5 0.5\")).title(\"attnlab-kill\")");
            eval(repl, "h.show()");
            String first = xWindow("attnlab-kill");
            assertFalse(first.isEmpty(), "no chart window on " + display + "; REPL output:\n" + repl.transcript);

            xdotool("windowkill", first); // the viewer's X connection is killed: Xlib ends the viewer process
            assertTrue(waitForXWindow("attnlab-kill", false), "window still there after windowkill");
            assertTrue(repl.process.isAlive(), "windowkill on a chart window ended the REPL:\n" + repl.transcript);
            assertTrue(eval(repl, "kept + 1").contains("==> 42"), repl.transcript.toString());
            assertTrue(eval(repl, "h.title()").contains("\"attnlab-kill\""), repl.transcript.toString());
            eval(repl, "h.show()");
            assertTrue(waitForXWindow("attnlab-kill", true), "no new window after windowkill:\n" + repl.transcript);

            xdotool("windowclose", xWindow("attnlab-kill")); // destroys the X window behind AWT's back
            assertTrue(waitForXWindow("attnlab-kill", false), "window still there after windowclose");
            eval(repl, "h.title(\"attnlab-kill again\").show()");
            assertTrue(waitForXWindow("attnlab-kill again", true), "no window after windowclose:\n" + repl.transcript);
            assertFalse(repl.transcript.toString().contains("no chart window"), repl.transcript.toString());

            xvfb.destroy(); // the X server goes away: the viewer dies with it, the REPL falls back to the terminal
            assertTrue(xvfb.waitFor(10, TimeUnit.SECONDS));
            String out = eval(repl, "h.show()");
            assertTrue(out.contains("(no chart window: DISPLAY=" + display + " cannot be opened"), repl.transcript.toString());
            assertTrue(Files.size(charts.resolve("attnlab-kill-again.png")) > 0);
            assertTrue(eval(repl, "kept").contains("==> 41"), repl.transcript.toString());
            assertTrue(repl.process.isAlive());
        }
    }

    // Runs one REPL line; returns what it printed (fails the test if the REPL ended).
    private static String eval(Child repl, String line) throws IOException {
        int from = repl.transcript.length();
        repl.ask(line, "done ");
        return repl.transcript.substring(from);
    }

    private String xWindow(String name) throws IOException, InterruptedException {
        for (int k = 0; k < 100; k++) {
            String ids = run("xdotool", "search", "--onlyvisible", "--name", "^" + name + "$");
            if (ids.matches("[0-9\\s]+")) return ids.split("\\s+")[0];
            Thread.sleep(100);
        }
        return "";
    }

    private void xdotool(String command, String window) throws IOException, InterruptedException {
        run("xdotool", command, window);
    }

    private String run(String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DISPLAY", display);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return out;
    }

    // Polls `xdotool search --onlyvisible --name` until the window is (or is no longer) there; false after 10 s.
    private boolean waitForXWindow(String name, boolean present) throws IOException, InterruptedException {
        for (int k = 0; k < 100; k++) {
            String ids = run("xdotool", "search", "--onlyvisible", "--name", "^" + name + "$");
            if (ids.matches("[0-9\\s]+") == present) return true;
            Thread.sleep(100);
        }
        return false;
    }

    static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
