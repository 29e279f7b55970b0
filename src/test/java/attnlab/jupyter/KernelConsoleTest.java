package attnlab.jupyter;

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
        // jupyter-console 6.4.4 on Python 3.11 fails ("cannot enter context", "generator already executing") when a
        // key arrives while it handles Enter (it waits for is_complete_reply inside the key handler), with ipykernel
        // as with this kernel: type like a person, each line first, then Enter on its own once the line is shown
        // Debian's jupyter-console 6.4.4 (Python 3.11) breaks ("generator already executing") on any cell that takes
        // over a second, ipykernel's too: the key handler waits for the reply while prompt_toolkit's key time-out
        // fires. The first cell waits for the session to start, so a second client runs it first.
        warmUpThroughAnotherClient(prefix);
        Thread.sleep(1000);
        line("1 + 1", "In [1]: 1 + 1");
        waitFor("Out[1]: 2", 120);
        waitFor("In [2]:", 60);
        Thread.sleep(1000);
        line("int inc(int x) {", "In [2]: int inc(int x) {");
        line("return x + 1\\;", "...:     return x + 1;");
        line("}", "...:     }");
        waitFor("In [3]:", 60);
        line("inc(41)", "In [3]: inc(41)");
        waitFor("Out[3]: 42", 60);
        waitFor("In [4]:", 60);
        Thread.sleep(1000);
        keys("C-d");
        waitFor("EXIT=0", 60);
    }

    /** Connects to the console's kernel (its connection file) with jupyter_client and runs one cell. */
    private static void warmUpThroughAnotherClient(Path prefix) throws Exception {
        String py = "import glob, sys\n"
                + "from jupyter_client import BlockingKernelClient\n"
                + "kc = BlockingKernelClient(connection_file=glob.glob(sys.argv[1] + '/kernel-*.json')[0])\n"
                + "kc.load_connection_file(); kc.start_channels(); kc.wait_for_ready(timeout=120)\n"
                + "r = kc.execute_interactive('int warm = 1;', store_history=False, timeout=120,\n"
                + "                           output_hook=lambda m: None)\n"
                + "sys.exit(0 if r['content']['status'] == 'ok' else 1)\n";
        ProcessBuilder pb = new ProcessBuilder(KernelDriver.PYTHON, "-c", py, prefix.resolve("runtime").toString())
                .redirectErrorStream(true);
        KernelDriver.environment(pb, prefix);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) fail("warm-up client failed:\n" + out);
    }

    /**
     * Types {@code text}, waits until the screen shows {@code echo}, presses Enter, and waits until the console shows
     * its next prompt line (it has asked the kernel is_complete and moved on) before anything else is typed.
     */
    private void line(String text, String echo) throws Exception {
        keys(text);
        waitFor(echo, 60);
        Thread.sleep(1000);
        int before = prompts();
        keys("Enter");
        for (int i = 0; i < 300 && prompts() <= before; i++) Thread.sleep(200);
        Thread.sleep(1000);
    }

    /** How many prompt lines ({@code In [n]:} or {@code ...:}) the screen shows. */
    private int prompts() throws Exception {
        return (int) tmux("capture-pane", "-p", "-t", "jc", "-S", "-100").lines()
                .filter(l -> l.startsWith("In [") || l.startsWith("   ...:")).count();
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
