package attnlab.repl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The non-interactive modes: scripts, piped stdin, -e, --replay; status 1 and FILE:LINE at the first error. */
class MainTest {
    private String out;

    private int run(String stdin, String... args) throws Exception {
        InProcessMain r = InProcessMain.run(stdin, args);
        out = r.out();
        return r.status();
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
        assertEquals("$1 ==> 2\n|  IllegalStateException: boom\n|    at stdin:2\nstdin:2: stopped at the first error\n", out);
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
    void replayStopsAStepPastTheTimeLimitAndNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path runaway = dir.resolve("runaway.jsht"), good = dir.resolve("good.jsht");
        Files.writeString(runaway, "attn> int n = 0\nn ==> 0\nattn> while (true) { n++; }\nattn> n\n$1 ==> 0\n");
        Files.writeString(good, "attn> 1 + 1\n$1 ==> 2\n");
        assertEquals(1, run("", "--replay", "--step-limit", "1", runaway.toString(), good.toString()));
        assertEquals("TIMEOUT " + runaway + ":3: the step ran longer than 1 s and was stopped; the rest of the file was"
                + " not run (--step-limit SECONDS changes the limit)\nok      " + good + " (1 steps)\n", out);
        assertEquals(2, run("", "--replay", "--step-limit", "soon", good.toString()));
        assertEquals("attnlab: --step-limit needs whole seconds >= 0 (0: no limit), e.g. --step-limit 60\n", out);
    }

    @Test
    void replayDoesNotRunAStepRecordedAsStoppedAndSaysSo(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("stopped.jsht");
        Files.writeString(t, "attn> int n = 1\nn ==> 1\nattn> while (true) {}  // replay: +STOPPED\n"
                + "|  Stopped (Ctrl-C); every variable is intact.\nattn> n + 1\n$1 ==> 2\n");
        assertEquals(0, run("", "--replay", "--step-limit", "30", t.toString()));
        assertEquals("ok      " + t + " (3 steps; not run, stopped with Ctrl-C when recorded: line 3)\n", out);
    }

    @Test
    void exitWithAStatusEndsAScriptWithThatStatus(@TempDir Path dir) throws Exception {
        assertEquals(3, run("", "-e", "/exit 3"));
        Path a = dir.resolve("a.jsh"), b = dir.resolve("b.jsh");
        Files.writeString(a, "System.out.println(\"before\")\n/exit 4\nSystem.out.println(\"after\")\n");
        Files.writeString(b, "System.out.println(\"next file\")\n");
        assertEquals(4, run("", a.toString(), b.toString()));
        assertEquals("before\n", out, "nothing runs after /exit, not even the next file");
        assertEquals(0, run("/exit\n1 + 1\n"));
        assertEquals("", out);
        assertEquals(1, run("", "-e", "/exit soon"));
        assertEquals("|  /exit takes an exit status from 0 to 255 (/exit 3), not 'soon'\n-e:1: stopped at the first error\n", out);
    }

    @Test
    void aScriptFileThatCannotBeReadIsNamedWithTheReason(@TempDir Path dir) throws Exception {
        assertEquals(2, run("", "/nonexistent.jsh"));
        assertEquals("attnlab: /nonexistent.jsh: no such file\n", out);
        Path ok = dir.resolve("ok.jsh"), binary = dir.resolve("bin.jsh");
        Files.writeString(ok, "System.out.println(\"ran\")\n");
        Files.write(binary, new byte[] {(byte) 0xc3, (byte) 0x28});
        assertEquals(2, run("", ok.toString(), binary.toString()));
        assertEquals("attnlab: " + binary + ": not UTF-8 text (a binary file?)\n", out, "nothing runs first");
    }

    @Test
    void replayNamesFileLineAndReasonOfABadTranscriptAndGoesOn(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.jsht"), empty = dir.resolve("empty.jsht"), good = dir.resolve("good.jsht");
        Files.writeString(bad, "A header.\nattn> 1 + 1\n$1 ==> 2\nattn> 2 + 2  // replay: +TOL=abc\n$2 ==> 4\n");
        Files.writeString(empty, "Only a comment, no prompt.\n");
        Files.writeString(good, "attn> 1 + 1\n$1 ==> 2\n");
        assertEquals(1, run("", "--replay", bad.toString(), empty.toString(), dir.resolve("gone.jsht").toString(),
                good.toString()));
        assertEquals("ERROR   " + bad + ":4: +TOL needs a number >= 0, e.g. +TOL=1e-9, not 'abc'\n"
                + "ERROR   " + empty + ":1: no prompt (a line starting with 'attn> '): nothing to replay\n"
                + "ERROR   " + dir.resolve("gone.jsht") + ": no such file\n"
                + "ok      " + good + " (1 steps)\n", out);
        assertEquals(2, run("", "--replay"));
    }

    @Test
    void pipedIntoARealJvmPrintsOnlyTheResults() throws Exception {
        Subprocess.Result r = Subprocess.run(java.util.List.of(), java.util.List.of(), "1 + 1\n", 60);
        assertEquals("$1 ==> 2\n", r.output()); // no JLine "dumb terminal" warning, no prompt
        assertEquals(0, r.status());
    }
}
