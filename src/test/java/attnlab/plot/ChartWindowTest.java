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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real windows under a real X server: the test starts {@code Xvfb :N} itself and drives a child JVM (not headless,
 * {@code DISPLAY=:N}) through {@link ChildProbe}. {@code .ci/run} installs xvfb and xdotool.
 */
class ChartWindowTest {
    private Process xvfb;
    private String display;

    @BeforeEach
    void startXvfb() throws Exception {
        Optional<Path> bin = onPath("Xvfb");
        assumeTrue(bin.isPresent(), "Xvfb is not installed (apt-get install xvfb; .ci/run does): window test skipped");
        for (int n = 91; n < 200 && display == null; n++) {
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
        assertTrue(display != null, "could not start Xvfb on any display :91..:199");
    }

    @AfterEach
    void stopXvfb() throws InterruptedException {
        if (xvfb != null) {
            xvfb.destroy();
            xvfb.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(120)
    void closingAWindowLeavesTheJvmAliveAndOtherWindowsOpen(@TempDir Path charts) throws Exception {
        try (Child c = new Child(Map.of("DISPLAY", display), charts)) {
            assertEquals("ready windows=true", c.ask(null, "ready"), "the child should see Xvfb as a usable display");
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

    // Polls `xdotool search --onlyvisible --name` until the window is (or is no longer) there; false after 10 s.
    private boolean waitForXWindow(String name, boolean present) throws IOException, InterruptedException {
        for (int k = 0; k < 100; k++) {
            ProcessBuilder pb = new ProcessBuilder("xdotool", "search", "--onlyvisible", "--name", "^" + name + "$");
            pb.environment().put("DISPLAY", display);
            Process p = pb.redirectErrorStream(true).start();
            String ids = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
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
