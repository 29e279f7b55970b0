package attnlab.plot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test helper: runs {@link ChildProbe} (or another main class reading commands on stdin) in a fresh JVM with the
 * test class path, a chosen environment and no {@code java.awt.headless} flag.
 */
final class Child implements AutoCloseable {
    final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Path err;
    final StringBuilder transcript = new StringBuilder();

    Child(Map<String, String> env, Path chartsDir) throws IOException {
        this(env, chartsDir, ChildProbe.class.getName());
    }

    Child(Map<String, String> env, Path chartsDir, String mainClass) throws IOException {
        err = Files.createTempFile("attnlab-child", ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Dattnlab.charts=" + chartsDir,
                "-cp", classpath(), mainClass));
        pb.environment().remove("DISPLAY");
        pb.environment().remove("NO_COLOR");
        pb.environment().putAll(env);
        pb.redirectError(err.toFile());
        process = pb.start();
        Process p = process; // a test that times out while blocked reading leaves it running: end it with the JVM
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Sends a command and returns the first output line starting with {@code prefix} (earlier lines are kept). */
    String ask(String command, String prefix) throws IOException {
        if (command != null) {
            in.write(command + "\n");
            in.flush();
        }
        for (String line; (line = out.readLine()) != null; ) {
            transcript.append(line).append('\n');
            if (line.startsWith(prefix)) return line;
            if (line.startsWith("error ")) fail("'" + command + "' failed in the child: " + line + "\noutput:\n" + transcript);
        }
        fail("child ended before answering '" + command + "' with '" + prefix + "...'; output:\n" + transcript
                + "\nstderr:\n" + Files.readString(err));
        return null;
    }

    /** The test class path as plain entries (surefire's manifest-only jar would hide them from jshell's javac). */
    static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Sends a command without waiting for an answer. */
    void send(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
    }

    String stderr() throws IOException { return Files.readString(err); }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(err);
    }
}
