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
 * an open window must not keep a finished script alive. Needs a display: runs under Xvfb, or is skipped.
 */
class AwtGuardTest {
    @Test
    void closingAnExitOnCloseWindowKeepsTheReplRunning() throws Exception {
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
                    "var f = new javax.swing.JFrame(\"chart\")",
                    "f.setDefaultCloseOperation(javax.swing.JFrame.EXIT_ON_CLOSE)",
                    "f.setSize(200, 100)",
                    "f.setVisible(true)",
                    "javax.swing.SwingUtilities.invokeAndWait(() -> f.dispatchEvent("
                            + "new java.awt.event.WindowEvent(f, java.awt.event.WindowEvent.WINDOW_CLOSING)))",
                    "Thread.sleep(300)",
                    "var open = f.isDisplayable()",
                    "var g = new javax.swing.JFrame(\"left open\")",
                    "g.setVisible(true)",
                    "\"still here\"", "");
            Subprocess.Result r = Subprocess.run(List.of(), List.of(), script, 60,
                    Map.of("DISPLAY", ":" + display));
            assertTrue(r.output().contains("open ==> false\n"), r.output());
            assertTrue(r.output().endsWith("==> \"still here\"\n"), r.output());
            assertEquals(0, r.status(), r.output()); // and the open window did not keep the JVM alive
        } finally {
            xvfb.destroy();
            xvfb.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
