package attnlab.jupyter;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./attnlab --install-kernel [--prefix DIR]} and {@code --uninstall-kernel [--prefix DIR]}: the kernelspec
 * {@code kernels/attnlab/kernel.json} that lets every Jupyter front end start this kernel.
 * <pre>
 *   {"argv": ["/abs/path/attnlab", "--kernel", "{connection_file}"], "display_name": "attnlab (Java 17)",
 *    "language": "java", "interrupt_mode": "message", "env": {"JAVA_HOME": "/usr/lib/jvm/java-17-openjdk-amd64"}}
 * </pre>
 * The JDK that installs is the JDK that runs the kernel (its JAVA_HOME is written into {@code env}, and its version
 * into the display name); install again with another {@code JAVA_HOME} to switch.
 *
 * <p>Where: {@code PREFIX/share/jupyter/kernels} with a prefix (a venv, a CI run: found when {@code JUPYTER_PATH}
 * is {@code PREFIX/share/jupyter}), else the user's Jupyter data directory: {@code $JUPYTER_DATA_DIR/kernels} or
 * {@code ~/.local/share/jupyter/kernels} ({@code ~/Library/Jupyter/kernels} on macOS).
 */
public final class KernelSpec {
    static final String NAME = "attnlab";

    private KernelSpec() {}

    /** The kernelspec directory for {@code prefix} (null: the user's data directory). */
    static Path directory(Path prefix) {
        if (prefix != null) return prefix.resolve("share/jupyter/kernels").resolve(NAME);
        String data = System.getenv("JUPYTER_DATA_DIR");
        Path home = Path.of(System.getProperty("user.home"));
        Path base = data != null && !data.isEmpty() ? Path.of(data)
                : System.getProperty("os.name", "").startsWith("Mac") ? home.resolve("Library/Jupyter")
                : home.resolve(".local/share/jupyter");
        return base.resolve("kernels").resolve(NAME);
    }

    /** The kernel.json content for the launcher {@code home/attnlab}. */
    static JsonObject spec(Path home) {
        JsonArray argv = new JsonArray();
        argv.add(home.toAbsolutePath().normalize().resolve("attnlab").toString());
        argv.add("--kernel");
        argv.add("{connection_file}");
        JsonObject env = new JsonObject();
        env.addProperty("JAVA_HOME", System.getProperty("java.home"));
        JsonObject spec = new JsonObject();
        spec.add("argv", argv);
        spec.addProperty("display_name", "attnlab (Java " + Runtime.version().feature() + ")");
        spec.addProperty("language", "java");
        spec.addProperty("interrupt_mode", "message");
        spec.add("env", env);
        spec.add("metadata", new JsonObject());
        return spec;
    }

    /** Writes the kernelspec; returns the exit status. */
    public static int install(Path home, Path prefix, PrintStream out) throws IOException {
        Path dir = directory(prefix);
        Files.createDirectories(dir);
        JsonObject spec = spec(home);
        Files.writeString(dir.resolve("kernel.json"),
                new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n",
                StandardCharsets.UTF_8);
        out.println("attnlab: installed the Jupyter kernel \"" + spec.get("display_name").getAsString() + "\" in "
                + dir);
        if (prefix != null)
            out.println("attnlab: Jupyter finds it with JUPYTER_PATH=" + prefix.resolve("share/jupyter"));
        return 0;
    }

    /** Removes the kernelspec; returns 0, or 1 when none was installed there. */
    public static int uninstall(Path prefix, PrintStream out) throws IOException {
        Path dir = directory(prefix);
        if (!Files.isDirectory(dir)) {
            out.println("attnlab: no attnlab kernel installed in " + dir);
            return 1;
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) Files.delete(p);
        }
        Files.delete(dir);
        out.println("attnlab: removed the Jupyter kernel from " + dir);
        return 0;
    }
}
