package attnlab.repl;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing a chart window must not end the REPL, even an {@code EXIT_ON_CLOSE} frame (XChart's SwingWrapper), and
 * an open window must not keep a finished script alive. Since issue 12 item 2 the REPL's JVM runs AWT headless
 * always (chart windows belong to the chart viewer process, see attnlab.plot.Headless), so a snippet's own frame is
 * refused with a HeadlessException even with a display, and the session goes on. Runs under Xvfb, or is skipped.
 */
class AwtGuardTest {
    @Test
    void aSnippetsOwnWindowIsRefusedHeadlessAndTheReplGoesOn() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/Xvfb")),
                "Xvfb is not installed: the window-closing test is skipped (.ci/run installs it)");
        int display = 90 + (int) (ProcessHandle.current().pid() % 100);
        Process xvfb = new ProcessBuilder("/usr/bin/Xvfb", ":" + display, "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Path socket = Path.of("/tmp/.X11-unix/X" + display);
            for (int i = 0; i < 100 && !Files.exists(socket); i++) Thread.sleep(100);
            Assumptions.assumeTrue(Files.exists(socket), "Xvfb did not start on :" + display);
            String script = String.join("\n",
                    "var f = new javax.swing.JFrame(\"chart\")", "");
            Subprocess.Result r = Subprocess.run(List.of(), List.of(), script, 60,
                    Map.of("DISPLAY", ":" + display));
            assertTrue(r.output().contains("java.awt.HeadlessException"), r.output());
            assertEquals(1, r.status(), r.output()); // a script stops at its first error; the JVM was not killed
            Subprocess.Result after = Subprocess.run(List.of(), List.of(),
                    "try { new javax.swing.JFrame(\"chart\"); } catch (java.awt.HeadlessException e) { }\n"
                            + "\"still here\"\n", 60, Map.of("DISPLAY", ":" + display));
            assertTrue(after.output().endsWith("==> \"still here\"\n"), after.output());
            assertEquals(0, after.status(), after.output());
        } finally {
            xvfb.destroy();
            xvfb.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
