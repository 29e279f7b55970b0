package attnlab.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisplayTest {
    @Test
    void probeExplainsWhyThereIsNoDisplay() {
        assertEquals("java.awt.headless=true", Display.probe("true", ":0", "Linux"));
        assertEquals("no DISPLAY is set", Display.probe(null, null, "Linux"));
        assertEquals("no DISPLAY is set", Display.probe("false", " ", "Linux"));
        assertEquals("DISPLAY=:987 cannot be opened (no X server answers)", Display.probe(null, ":987", "Linux"));
        assertEquals("DISPLAY=nonsense cannot be opened (no X server answers)",
                Display.probe(null, "nonsense", "Linux"));
        assertEquals("", Display.probe(null, null, "Mac OS X"));
        assertEquals("", Display.probe(null, null, "Windows 11"));
    }

    @Test
    void surefireRunsHeadless() {
        assertTrue(!Display.windowsAvailable());
        assertEquals("java.awt.headless=true", Display.reason());
    }

    /** A DISPLAY that names no X server: AWT would throw AWTError and then break; show() must fall back instead. */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void showWithABogusDisplayFallsBackToTheTerminalAndAPng(@TempDir Path charts) throws Exception {
        checkFallback(Map.of("DISPLAY", ":987"), charts, "DISPLAY=:987 cannot be opened");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void showWithNoDisplayFallsBackToTheTerminalAndAPng(@TempDir Path charts) throws Exception {
        checkFallback(Map.of(), charts, "no DISPLAY is set");
    }

    /**
     * Issue 12 item 1: with a bogus DISPLAY, {@code save()} as the very first chart call (nothing probed the display
     * before) threw {@code AWTError: Can't connect to X11 window server}, and every later chart call failed with
     * {@code NoClassDefFoundError}. Every order of save() and show() must work.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void withABogusDisplaySaveWorksBeforeAndAfterShow(@TempDir Path charts) throws Exception {
        try (Child c = new Child(Map.of("DISPLAY", ":987"), charts)) {
            c.ask(null, "ready");
            assertEquals("saved " + charts.resolve("first.png"), c.ask("save first", "saved"));
            c.ask("open first", "opened first");
            c.ask("line B", "opened B");
            assertEquals("saved " + charts.resolve("second.png"), c.ask("save second", "saved"));
            assertEquals("windows false", c.ask("windows", "windows"));
            String out = c.transcript.toString();
            assertTrue(out.contains("(no chart window: DISPLAY=:987 cannot be opened"), out);
            assertFalse(out.contains("PNG not saved"), out);
            for (String f : new String[] {"first.png", "second.png", "attnlab-probe-first.png", "attnlab-probe-b.png"})
                assertTrue(Files.size(charts.resolve(f)) > 0, f);
            c.send("exit");
            assertTrue(c.process.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, c.process.exitValue(), c.stderr());
        }
    }

    private static void checkFallback(Map<String, String> env, Path charts, String reason) throws Exception {
        try (Child c = new Child(env, charts)) {
            c.ask(null, "ready");
            c.ask("open A", "opened A");
            c.ask("line B", "opened B");
            assertEquals("windows false", c.ask("windows", "windows"));
            String out = c.transcript.toString();
            assertTrue(out.contains("attnlab-probe A\n"), out);
            assertTrue(out.contains("\u001b[48;2;"), "24-bit ANSI blocks: " + out);
            assertTrue(out.contains("(no chart window: " + reason), out);
            assertTrue(Files.size(charts.resolve("attnlab-probe-a.png")) > 0);
            assertTrue(Files.size(charts.resolve("attnlab-probe-b.png")) > 0);
            c.send("exit");
            assertTrue(c.process.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, c.process.exitValue(), c.stderr());
        }
    }
}
