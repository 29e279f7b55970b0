package attnlab.repl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The non-interactive modes: scripts, piped stdin, -e, --replay; status 1 and FILE:LINE at the first error. */
class MainTest {
    private String out;

    private int run(String stdin, String... args) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        out = buf.toString(StandardCharsets.UTF_8);
        return status;
    }

    @Test
    void scriptsRunInOrderAndStopAtTheFirstError(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.jsh"), b = dir.resolve("b.jsh");
        Files.writeString(a, "var x = 2\n// a comment\n\nint y = x *\n    3\n");
        Files.writeString(b, "y + 1\nundefinedName\ny + 2\n");
        assertEquals(1, run("", a.toString(), b.toString()));
        assertEquals("x ==> 2\n// a comment\ny ==> 6\n$1 ==> 7\n|  Error: cannot find symbol\n|    symbol:   variable undefinedName\n"
                + "|  undefinedName\n|  ^-----------^\n" + b + ":2: stopped at the first error\n", out);
    }

    @Test
    void pipedStdinBehavesLikeAScript() throws Exception {
        assertEquals(0, run("attention(randn(1,4,8), randn(1,4,8), randn(1,4,8)).shape()\n"));
        assertEquals("$1 ==> int[3] { 1, 4, 8 }\n", out);
        assertEquals(1, run("1 + 1\nthrow new IllegalStateException(\"boom\")\n2 + 2\n"));
        assertEquals("$1 ==> 2\n|  IllegalStateException: boom\n|    at (#2:1)\nstdin:2: stopped at the first error\n", out);
    }

    @Test
    void expressionOption() throws Exception {
        assertEquals(0, run("", "-e", "Math.max(2, 3)"));
        assertEquals("$1 ==> 3\n", out);
        assertEquals(1, run("", "-e", "nope"));
        assertTrue(out.endsWith("-e:1: stopped at the first error\n"), out);
    }

    @Test
    void noStartupMeansNoToolkitImports() throws Exception {
        assertEquals(1, run("", "--no-startup", "-e", "eye(2)"));
        assertTrue(out.startsWith("|  Error: cannot find symbol"), out);
    }

    @Test
    void replayReportsDiffsAndStatus(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.jsht"), bad = dir.resolve("bad.jsht");
        Files.writeString(good, "attn> 1 + 1\n$1 ==> 2\n");
        Files.writeString(bad, "attn> 1 + 1\n$1 ==> 3\n");
        assertEquals(0, run("", "--replay", good.toString()));
        assertEquals("ok      " + good + " (1 steps)\n", out);
        assertEquals(1, run("", "--replay", good.toString(), bad.toString()));
        assertTrue(out.endsWith("DIFFERS " + bad + " (1 steps)\n--- expected (" + bad + ":1)\n+++ actual\n"
                + "@@ -1,1 +1,1 @@\n-$1 ==> 3\n+$1 ==> 2\n"), out);
    }

    @Test
    void pipedIntoARealJvmPrintsOnlyTheResults() throws Exception {
        Subprocess.Result r = Subprocess.run(java.util.List.of(), java.util.List.of(), "1 + 1\n", 60);
        assertEquals("$1 ==> 2\n", r.output()); // no JLine "dumb terminal" warning, no prompt
        assertEquals(0, r.status());
    }
}
