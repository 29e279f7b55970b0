package attnlab.jupyter;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real Jupyter client for the kernel tests: {@code /usr/bin/python3 driver.py} (jupyter_client's KernelManager
 * and BlockingKernelClient) against the kernelspec that {@code --install-kernel --prefix} writes into a temp dir.
 * The kernel is {@code ./attnlab --kernel} on the JDK running the tests (JAVA_HOME) with the test classpath
 * (ATTNLAB_CLASSPATH), so no Maven runs inside Maven.
 */
final class KernelDriver implements AutoCloseable {
    static final Path HOME = Path.of(".").toAbsolutePath().normalize();
    static final String PYTHON = "/usr/bin/python3";

    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path prefix;
    private final Path log;

    /**
     * A driver with its kernel started, in a new temp dir named after {@code tempName} that {@link #close} deletes;
     * the calling test is skipped (not failed) where /usr/bin/python3 has no jupyter_client.
     */
    static KernelDriver started(String tempName) throws IOException, InterruptedException {
        Assumptions.assumeTrue(clientInstalled(),
                "/usr/bin/python3 has no jupyter_client: the kernel tests are skipped (.ci/run installs it)");
        Path prefix = Files.createTempDirectory(tempName);
        KernelDriver driver = null;
        try {
            driver = new KernelDriver(prefix);
            driver.call(180, "start");
            return driver;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            if (driver != null) driver.close();
            else KernelMessages.deleteTree(prefix);
            throw e;
        }
    }

    /** Installs the kernelspec under {@code prefix} and starts the driver (not yet the kernel). */
    private KernelDriver(Path prefix) throws IOException {
        this.prefix = prefix;
        KernelSpec.install(HOME, prefix, new PrintStream(new java.io.ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        log = prefix.resolve("driver.log");
        ProcessBuilder pb = new ProcessBuilder(PYTHON, script().toString()).directory(HOME.toFile())
                .redirectError(log.toFile());
        environment(pb, prefix);
        process = pb.start();
        in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (IOException ignored) {
                // the driver ended
            }
        }, "kernel-driver-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** What a Jupyter process needs to find and run the kernel: JUPYTER_PATH, the JDK and the classpath. */
    static void environment(ProcessBuilder pb, Path prefix) {
        pb.environment().put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        pb.environment().put("JUPYTER_DATA_DIR", prefix.resolve("data").toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", prefix.resolve("runtime").toString());
        pb.environment().put("JUPYTER_CONFIG_DIR", prefix.resolve("config").toString());
        pb.environment().put("IPYTHONDIR", prefix.resolve("ipython").toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("ATTNLAB_CLASSPATH",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    }

    static boolean clientInstalled() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import jupyter_client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Path script() {
        try {
            return Path.of(KernelDriver.class.getResource("driver.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends one request ({@code op} and fields) and returns the driver's answer. */
    JsonObject call(long timeoutSeconds, String op, Object... fields) throws IOException, InterruptedException {
        JsonObject req = new JsonObject();
        req.addProperty("op", op);
        for (int i = 0; i < fields.length; i += 2) {
            Object v = fields[i + 1];
            if (v instanceof Number) req.addProperty((String) fields[i], (Number) v);
            else if (v instanceof Boolean) req.addProperty((String) fields[i], (Boolean) v);
            else req.addProperty((String) fields[i], String.valueOf(v));
        }
        in.write(req + "\n");
        in.flush();
        String line = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (line == null) fail("no answer to " + req + " within " + timeoutSeconds + " s; log:\n" + log());
        JsonObject answer = JsonParser.parseString(line).getAsJsonObject();
        if (answer.has("exception")) fail(op + " failed in the client: " + answer.get("exception").getAsString()
                + "\nlog:\n" + log());
        return answer;
    }

    /** The temp dir the kernelspec, the driver's log and the Jupyter dirs are in (deleted by {@link #close}). */
    Path prefix() {
        return prefix;
    }

    /** The driver's and the kernel's stderr so far (for failure messages). */
    String log() {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Ends the driver (which shuts its kernel down) and deletes the temp dir. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            in.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        } finally {
            KernelMessages.deleteTree(prefix);
        }
    }
}
