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

/** Test helper: runs {@link ChildProbe} in a fresh JVM with the test class path and a chosen environment. */
final class Child implements AutoCloseable {
    final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Path err;
    final StringBuilder transcript = new StringBuilder();

    Child(Map<String, String> env, Path chartsDir) throws IOException {
        err = Files.createTempFile("attnlab-child", ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Dattnlab.charts=" + chartsDir,
                "-cp", System.getProperty("java.class.path"), ChildProbe.class.getName()));
        pb.environment().remove("DISPLAY");
        pb.environment().remove("NO_COLOR");
        pb.environment().putAll(env);
        pb.redirectError(err.toFile());
        process = pb.start();
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
        }
        fail("child ended before answering '" + command + "' with '" + prefix + "...'; output:\n" + transcript
                + "\nstderr:\n" + Files.readString(err));
        return null;
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
