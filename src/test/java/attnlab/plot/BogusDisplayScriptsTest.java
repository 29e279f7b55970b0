package attnlab.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 1, end to end: {@code DISPLAY=:55 ./attnlab scripts/ex5_04_causal_mask.jsh} stopped with status 1
 * at its first chart ({@code AWTError: Can't connect to X11 window server}). Every exercise script runs to the end
 * in one {@code attnlab.Main} process with a DISPLAY that names no X server and no headless flag, as a user's
 * stale {@code ssh -X} session would, and writes its charts.
 */
class BogusDisplayScriptsTest {
    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyExerciseScriptRunsToTheEndWithADisplayThatNamesNoServer(@TempDir Path work) throws Exception {
        Path home = Path.of("").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Dattnlab.home=" + home, "-cp", Child.classpath(),
                "attnlab.Main"));
        try (Stream<Path> s = Files.list(home.resolve("scripts"))) {
            s.filter(p -> p.getFileName().toString().matches("ex5_\\d\\d_.*\\.jsh")).sorted()
                    .forEach(p -> cmd.add(p.toString()));
        }
        assertEquals(11 + 7, cmd.size(), "java, 5 options, the main class and 11 scripts");
        int n = 900 + (int) (ProcessHandle.current().pid() % 90);
        while (Files.exists(Path.of("/tmp/.X11-unix/X" + n))) n++;
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("DISPLAY", ":" + n);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("AWTError") || out.contains("NoClassDefFoundError"), out);
        for (String chart : new String[] {"ex5_04_masked.png", "ex5_09_curve.png", "ex5_11_alibi.png"})
            assertTrue(Files.size(work.resolve("charts").resolve(chart)) > 0, chart + " not written:\n" + out + list(work));
    }

    private static String list(Path work) throws IOException {
        try (Stream<Path> s = Files.walk(work)) {
            return s.map(Path::toString).reduce("", (a, b) -> a + "\n" + b);
        }
    }
}
