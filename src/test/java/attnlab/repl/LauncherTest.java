package attnlab.repl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./attnlab} itself: its JVM flags give way to the user's. The launcher runs the test classpath
 * (ATTNLAB_CLASSPATH, so no build and no class-data archive) on the JDK running the tests.
 */
class LauncherTest {
    private static final String GC = "java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()"
            + ".map(b -> b.getName()).sorted().collect(java.util.stream.Collectors.joining(\", \"))";

    /** Issue 21 item 12: docs/formats.md advises -XX:+UseG1GC, which used to clash with the launcher's SerialGC. */
    @Test
    void aCollectorChosenInAttnlabJavaOptsReplacesTheLaunchersSerialGc(@TempDir Path dir) throws Exception {
        assertEquals("$1 ==> \"Copy, MarkSweepCompact\"\n", run(dir, "", "-e", GC), "the default: SerialGC");
        String g1 = run(dir, "-XX:+UseG1GC", "-e", GC);
        assertTrue(g1.startsWith("$1 ==> \"G1 ") && !g1.contains("Copy"), g1);
        assertEquals(g1, run(dir, "-Xmx256m -XX:+UseG1GC -Xss8m", "-e", GC));
        assertEquals("$1 ==> \"PS MarkSweep, PS Scavenge\"\n", run(dir, "-XX:+UseParallelGC", "-e", GC));
    }

    private static String run(Path dir, String javaOpts, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(TestRepl.HOME.resolve("attnlab").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().put("ATTNLAB_CLASSPATH", Subprocess.classpath());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("ATTNLAB_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "./attnlab did not exit: " + out);
        assertEquals(0, p.exitValue(), "ATTNLAB_JAVA_OPTS=" + javaOpts + ": " + out);
        return out;
    }
}
