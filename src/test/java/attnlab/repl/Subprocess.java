package attnlab.repl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs the REPL in a separate JVM (same JDK, the test classpath), for the cases that end or starve a JVM. */
final class Subprocess {
    private Subprocess() {}

    /** The test classpath as plain entries (surefire's manifest-only jar would hide them from javac). */
    static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    record Result(int status, String output) {}

    /** {@code java jvmFlags... attnlab.Main args...} with {@code stdin}; stdout and stderr merged. */
    static Result run(List<String> jvmFlags, List<String> args, String stdin, long timeoutSeconds)
            throws IOException, InterruptedException {
        return run(jvmFlags, args, stdin, timeoutSeconds, java.util.Map.of());
    }

    static Result run(List<String> jvmFlags, List<String> args, String stdin, long timeoutSeconds,
                      java.util.Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-Dattnlab.home=" + TestRepl.HOME, "-cp", classpath(), "attnlab.Main"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(TestRepl.HOME.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the REPL did not exit within " + timeoutSeconds + " s; output:\n" + new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
