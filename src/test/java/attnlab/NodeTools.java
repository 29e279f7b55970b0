package attnlab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * node and npm for the tests that use a real JavaScript oracle or drive a real browser: packages come from the npm
 * registry into {@code target/npm/} once. A missing node or npm, or a registry that does not answer, fails the test
 * with what to install, never skips it: CI installs them ({@code .ci/run}).
 */
public final class NodeTools {
    /** Where npm packages are fetched to. */
    public static final Path ROOT = Path.of("target", "npm");

    private NodeTools() {}

    /**
     * {@code npm install} of {@code spec} (e.g. {@code playwright-core@1.57.0}) into {@code target/npm/<dir>};
     * returns the package's folder, {@code target/npm/<dir>/node_modules/<name>}.
     */
    public static synchronized Path install(String dir, String spec) throws IOException, InterruptedException {
        String name = spec.substring(0, spec.lastIndexOf('@'));
        Path prefix = ROOT.resolve(dir).toAbsolutePath();
        Path pkg = prefix.resolve("node_modules").resolve(name);
        if (Files.isRegularFile(pkg.resolve("package.json"))
                && Files.readString(pkg.resolve("package.json")).contains("\"version\": \"" + version(spec) + "\""))
            return pkg;
        Files.createDirectories(prefix);
        run(List.of("npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix", prefix.toString(), spec),
                prefix, "installing " + spec + " from the npm registry");
        return pkg;
    }

    /** {@code npm pack spec}, unpacked: returns {@code target/npm/<dir>/package}. */
    public static synchronized Path pack(String dir, String spec, String tarball) throws IOException,
            InterruptedException {
        Path d = ROOT.resolve(dir).toAbsolutePath(), pkg = d.resolve("package");
        if (Files.isRegularFile(pkg.resolve("package.json"))) return pkg;
        Files.createDirectories(d);
        run(List.of("npm", "pack", spec, "--pack-destination", d.toString()), d,
                "fetching " + spec + " from the npm registry");
        run(List.of("tar", "xzf", d.resolve(tarball).toString(), "-C", d.toString()), d, "unpacking " + spec);
        return pkg;
    }

    /** Runs {@code node script args...} in the working folder; fails with node's output when it does not exit 0. */
    public static String node(Path script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", script.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return run(cmd, Path.of(".").toAbsolutePath(), "running " + script.getFileName() + " with node");
    }

    /** Runs {@code cmd} in {@code dir}, waiting at most 5 minutes; returns its output (stdout and stderr). */
    public static String run(List<String> cmd, Path dir, String what) throws IOException, InterruptedException {
        Path log = Files.createTempFile("node", ".log");
        try {
            Process p;
            try {
                p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError(what + ": cannot start '" + cmd.get(0) + "' (" + e.getMessage()
                        + "); install node and npm (Debian: apt-get install nodejs npm, as .ci/run does)", e);
            }
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(what + ": '" + String.join(" ", cmd) + "' did not finish in 300 s");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0)
                throw new AssertionError(what + ": '" + String.join(" ", cmd) + "' exited " + p.exitValue() + ":\n"
                        + out);
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String version(String spec) {
        return spec.substring(spec.lastIndexOf('@') + 1);
    }
}
