package attnlab.plot;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 item 7: charts shown without a display used to pile up as untracked {@code charts/heatmap-N.png} in the
 * user's clone. They go to {@code charts/shown/}, which {@code .gitignore} covers, while the pictures the README and
 * docs use stay tracked. Asked of git itself ({@code git check-ignore}, {@code git ls-files}) in this checkout.
 */
class ChartFallbackFolderTest {
    @Test
    void showWithoutADisplaySavesWhereGitStatusStaysClean() throws Exception {
        Assumptions.assumeTrue(git("rev-parse", "--is-inside-work-tree") == 0, "not a git checkout");
        String old = System.clearProperty(Chart.FALLBACK_DIR_PROPERTY);
        try {
            assertEquals(Path.of("charts/shown"), Chart.fallbackFolder());
            for (String name : List.of("heatmap-1.png", "plot-7.png", "causal-weights.png", "heatmap-1.png.tmp"))
                assertEquals(0, git("check-ignore", "-q", Chart.fallbackFolder().resolve(name).toString()),
                        Chart.fallbackFolder().resolve(name) + " would show in git status");
        } finally {
            if (old != null) System.setProperty(Chart.FALLBACK_DIR_PROPERTY, old);
        }
        for (String tracked : List.of("charts/attention-tokens.png", "docs/img/jupyter-inline-heatmap.png")) {
            assertEquals(0, git("ls-files", "--error-unmatch", tracked), tracked + " must stay tracked");
            assertEquals(1, git("check-ignore", "-q", tracked), tracked + " must not be ignored");
        }
    }

    /** The folder really is where show() writes: the message names a file inside it. */
    @Test
    void theMessageNamesAFileInThatFolder(@org.junit.jupiter.api.io.TempDir Path dir) {
        System.setProperty(Chart.FALLBACK_DIR_PROPERTY, dir.resolve("shown").toString());
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            Heatmap.of(Tensor.of(new double[][] {{1, 0}, {0, 1}})).show();
        } finally {
            System.setOut(saved);
            System.clearProperty(Chart.FALLBACK_DIR_PROPERTY);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("saved " + dir.resolve("shown/heatmap-1.png") + ")"), out);
        assertTrue(Files.isRegularFile(dir.resolve("shown/heatmap-1.png")), out);
    }

    private static int git(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("git is not installed");
            return -1;
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "git " + String.join(" ", args) + " hung");
        return p.exitValue();
    }
}
