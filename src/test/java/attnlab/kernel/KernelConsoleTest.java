package attnlab.kernel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code jupyter console --kernel attnlab} in a pseudo-terminal (tmux, its own server socket), typed at like a user:
 * a method definition over three lines (the console asks the kernel with {@code is_complete_request} whether to
 * continue), a call of it, then Ctrl-D (which shuts the kernel down).
 */
class KernelConsoleTest {
    private final String socket = "attnlab-jconsole-" + ProcessHandle.current().pid();

    @AfterEach
    void killOurTmuxServer() throws Exception {
        tmux("kill-server");
    }

    @Test
    void multiLineMethodInJupyterConsole(@TempDir Path prefix) throws Exception {
        Assumptions.assumeTrue(installed("tmux", "-V") && installed("jupyter-console", "--version"),
                "tmux or jupyter-console is missing: the console test is skipped (.ci/run installs them)");
        KernelSpec.install(KernelDriver.HOME, prefix, new java.io.PrintStream(new java.io.ByteArrayOutputStream(),
                true, StandardCharsets.UTF_8));
        ProcessBuilder env = new ProcessBuilder();
        KernelDriver.environment(env, prefix);
        StringBuilder cmd = new StringBuilder("cd '" + KernelDriver.HOME + "' && ");
        for (String k : List.of("JUPYTER_PATH", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_CONFIG_DIR",
                "IPYTHONDIR", "JAVA_HOME", "ATTNLAB_CLASSPATH"))
            cmd.append(k).append("='").append(env.environment().get(k)).append("' ");
        cmd.append("jupyter console --kernel attnlab --no-confirm-exit"
                + " --ZMQTerminalInteractiveShell.kernel_timeout=120; echo EXIT=$?; sleep 60");
        tmux("new-session", "-d", "-s", "jc", "-x", "120", "-y", "40", cmd.toString());
        waitFor("In [1]:", 180);
        // jupyter-console 6.4.4 on Python 3.11 fails ("cannot enter context") on keys typed within its first second,
        // with ipykernel as with this kernel: type like a person, not like a paste
        Thread.sleep(2000);
        keys("int inc(int x) {", "Enter");
        waitFor("   ...:", 60);
        Thread.sleep(1000);
        keys("return x + 1\\;", "Enter");
        waitFor("...:     return x + 1;", 60);
        Thread.sleep(1000);
        keys("}", "Enter");
        waitFor("In [2]:", 60);
        keys("inc(41)", "Enter");
        waitFor("Out[2]: 42", 60);
        waitFor("In [3]:", 60);
        keys("C-d");
        waitFor("EXIT=0", 60);
    }

    private void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "jc"));
        args.addAll(List.of(keys));
        tmux(args.toArray(new String[0]));
    }

    private void waitFor(String text, int seconds) throws Exception {
        String screen = "";
        for (int i = 0; i < seconds * 5; i++) {
            screen = tmux("capture-pane", "-p", "-t", "jc", "-S", "-100");
            if (screen.contains(text)) return;
            Thread.sleep(200);
        }
        fail("the screen never showed '" + text + "':\n" + screen);
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private static boolean installed(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
