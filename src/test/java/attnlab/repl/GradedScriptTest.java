package attnlab.repl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A course grades with {@code ./attnlab my_ex5_05.jsh}: the real launcher (test classpath through ATTNLAB_CLASSPATH,
 * so no Maven inside Maven) on student files; a failed check ends the run with status 1 and a one-line summary, a
 * passing file and an exercise script whose failure is shown on purpose end with 0.
 */
class GradedScriptTest {
    static final String ATTENTION = "double[][][] myAttention(double[][][] Q, double[][][] K, double[][][] V) {\n"
            + "    int B = Q.length, lq = Q[0].length, lk = K[0].length, d = Q[0][0].length, dv = V[0][0].length;\n"
            + "    double[][][] out = new double[B][lq][dv];\n"
            + "    for (int b = 0; b < B; b++)\n"
            + "        for (int i = 0; i < lq; i++) {\n"
            + "            double[] s = new double[lk];\n"
            + "            double max = Double.NEGATIVE_INFINITY, sum = 0;\n"
            + "            for (int j = 0; j < lk; j++) {\n"
            + "                for (int c = 0; c < d; c++) s[j] += Q[b][i][c] * K[b][j][c];\n"
            + "                s[j] *= SCALE;\n"
            + "                max = Math.max(max, s[j]);\n"
            + "            }\n"
            + "            for (int j = 0; j < lk; j++) sum += s[j] = Math.exp(s[j] - max);\n"
            + "            for (int j = 0; j < lk; j++) for (int c = 0; c < dv; c++) out[b][i][c] += s[j] / sum * V[b][j][c];\n"
            + "        }\n"
            + "    return out;\n"
            + "}\n"
            + "check55((q, k, v) -> myAttention(q, k, v))\n";

    record Run(int status, String output, String lastLine) {}

    static Run attnlab(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(TestRepl.HOME.resolve("attnlab").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().put("ATTNLAB_CLASSPATH", Subprocess.classpath());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("ATTNLAB_HISTORY", dir.resolve("history").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("./attnlab did not exit within 120 s; output:\n" + out);
        }
        String[] lines = out.strip().split("\n");
        return new Run(p.exitValue(), out, lines[lines.length - 1]);
    }

    static Path file(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void aFailingCheckEndsTheRunWithStatus1AndASummaryLine(@TempDir Path dir) throws Exception {
        Path wrong = file(dir, "my_ex5_05.jsh", ATTENTION.replace("SCALE", "1.0")); // forgets 1/sqrt(d_k)
        Run r = attnlab(dir, wrong.toString());
        assertEquals(1, r.status(), r::output);
        assertTrue(r.output().contains("  hint: it equals attention without the scale: divide Q K^T by sqrt(d_k) (here "
                + "sqrt(2) = 1.4142) before the softmax\nattnlab: 1 check failed: check55 (5 of 7 cases fail)\n"), r::output);
        assertEquals("attnlab: 1 check failed: check55 (5 of 7 cases fail)", r.lastLine(), r::output);
    }

    @Test
    void aPassingFileEndsWithStatus0AndNoSummary(@TempDir Path dir) throws Exception {
        Path right = file(dir, "my_ex5_05.jsh", ATTENTION.replace("SCALE", "(1 / Math.sqrt(d))"));
        Run r = attnlab(dir, right.toString());
        assertEquals(0, r.status(), r::output);
        assertTrue(r.output().contains("5.5 dot-product attention: all 7 cases pass"), r::output);
        assertFalse(r.output().contains("check failed"), r::output);
    }

    @Test
    void everyFailureOfSeveralFilesIsListedOnTheLastLine(@TempDir Path dir) throws Exception {
        Path skeleton = TestRepl.HOME.resolve("scripts/student/ex5_08.jsh");
        Path right = file(dir, "a.jsh", ATTENTION.replace("SCALE", "(1 / Math.sqrt(d))"));
        Run r = attnlab(dir, skeleton.toString(), right.toString(), TestRepl.HOME.resolve("scripts/student/ex5_06.jsh").toString());
        assertEquals(1, r.status(), r::output);
        assertEquals("attnlab: 2 checks failed: check58 (not implemented yet), check56 (5.6a: not implemented yet; "
                + "5.6b: not implemented yet)", r.lastLine(), r::output);
    }

    @Test
    void anExerciseScriptThatShowsAFailureOnPurposeEndsWith0(@TempDir Path dir) throws Exception {
        Run r = attnlab(dir, TestRepl.HOME.resolve("scripts/ex5_05_dot_product.jsh").toString());
        assertEquals(0, r.status(), r::output);
        assertTrue(r.output().contains("hint: it equals attention without the scale"), r::output); // the demonstration
    }
}
