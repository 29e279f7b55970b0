package attnlab.jupyter;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --install-kernel} / {@code --uninstall-kernel}: the kernel.json, and that Jupyter itself finds it. */
class KernelSpecTest {
    @Test
    void installWritesTheSpecJupyterFindsAndUninstallRemovesIt(@TempDir Path prefix) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, KernelSpec.install(KernelDriver.HOME, prefix, new PrintStream(out, true, StandardCharsets.UTF_8)));
        Path dir = prefix.resolve("share/jupyter/kernels/attnlab");
        JsonObject spec = JsonParser.parseString(Files.readString(dir.resolve("kernel.json"))).getAsJsonObject();
        assertEquals("[\"" + KernelDriver.HOME.resolve("attnlab") + "\",\"--kernel\",\"{connection_file}\"]",
                spec.get("argv").toString());
        assertEquals("attnlab (Java " + Runtime.version().feature() + ")", spec.get("display_name").getAsString());
        assertEquals("java", spec.get("language").getAsString());
        assertEquals("message", spec.get("interrupt_mode").getAsString());
        assertEquals(System.getProperty("java.home"), spec.getAsJsonObject("env").get("JAVA_HOME").getAsString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("JUPYTER_PATH=" + prefix.resolve("share/jupyter")));

        if (Files.isExecutable(Path.of("/usr/bin/jupyter"))) { // the real lookup: `jupyter kernelspec list`
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/jupyter", "kernelspec", "list", "--json")
                    .redirectErrorStream(false);
            KernelDriver.environment(pb, prefix);
            Process p = pb.start();
            String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            JsonObject specs = JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("kernelspecs");
            assertEquals(dir.toRealPath().toString(), Path.of(specs.getAsJsonObject("attnlab").get("resource_dir")
                    .getAsString()).toRealPath().toString());
        }

        assertEquals(0, KernelSpec.uninstall(prefix, new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertFalse(Files.exists(dir));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertEquals(1, KernelSpec.uninstall(prefix, new PrintStream(again, true, StandardCharsets.UTF_8)));
        assertTrue(again.toString(StandardCharsets.UTF_8).contains("no attnlab kernel installed in " + dir));
    }

    @Test
    void theLauncherInstallsIntoJupyterDataDir(@TempDir Path data) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(KernelDriver.HOME.resolve("attnlab")));
        ProcessBuilder pb = new ProcessBuilder(KernelDriver.HOME.resolve("attnlab").toString(), "--install-kernel")
                .redirectErrorStream(true);
        KernelDriver.environment(pb, data);
        pb.environment().put("JUPYTER_DATA_DIR", data.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.isRegularFile(data.resolve("kernels/attnlab/kernel.json")), out);
    }
}
