package attnlab.repl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 13: {@code ./attnlab FILE.jsh} (and a script piped to stdin) prints the comments between snippets
 * as written, where they stand, so the output reads as a worked answer; {@code --no-comments} turns that off. In the
 * REPL, {@code /open} prints them the same way (issue 21 item 2); comments typed at the prompt print nothing.
 */
class ScriptCommentsTest {
    private static final String SCRIPT = "// Title: two lines\n"
            + "//   of prose\n"
            + "var a = 2   // a trailing comment is code: not printed\n"
            + "\n"
            + "/* a block comment\n"
            + "   standing alone */\n"
            + "int twice(int x) {\n"
            + "    // inside a method: not printed\n"
            + "    return 2 * x;\n"
            + "}\n"
            + "// the answer:\n"
            + "twice(a)\n";

    private String out;

    private int main(String stdin, String... args) throws Exception {
        InProcessMain r = InProcessMain.run(stdin, args);
        out = r.out();
        return r.status();
    }

    @Test
    void aScriptFilePrintsItsCommentsBetweenTheResults(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("answer.jsh");
        Files.writeString(f, SCRIPT);
        assertEquals(0, main("", f.toString()));
        assertEquals("// Title: two lines\n//   of prose\na ==> 2\n/* a block comment\n   standing alone */\n"
                + "|  created method twice(int)\n// the answer:\n$1 ==> 4\n", out);
        assertEquals(0, main("", "--no-comments", f.toString()));
        assertEquals("a ==> 2\n|  created method twice(int)\n$1 ==> 4\n", out);
    }

    @Test
    void stdinToo() throws Exception {
        assertEquals(0, main(SCRIPT));
        assertEquals("// Title: two lines\n//   of prose\na ==> 2\n/* a block comment\n   standing alone */\n"
                + "|  created method twice(int)\n// the answer:\n$1 ==> 4\n", out);
    }

    @Test
    void errorLinesStillCountTheCommentLines(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.jsh");
        Files.writeString(f, "// one\n/* two\n three */\n\nnope\n// never reached\n");
        assertEquals(1, main("", f.toString()));
        assertEquals("// one\n/* two\n three */\n|  Error: cannot find symbol\n|    symbol:   variable nope\n"
                + "|  nope\n|  ^--^\n" + f + ":5: stopped at the first error\n", out);
    }

    @Test
    void openPrintsTheCommentsAsScriptModeDoesButTypedCommentsStaySilent(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("answer.jsh");
        Files.writeString(f, SCRIPT);
        assertEquals(0, main("", f.toString()));
        String scriptMode = out;
        try (TestRepl r = new TestRepl()) {
            assertEquals(scriptMode, r.run("/open " + f));
            assertEquals("", r.run("// typed\n"));
        }
    }

    /** 5.10 plants a wrong backward on purpose: /open shows the comment that says so before the NOT OK appears. */
    @Test
    void openOfAWorkedExerciseExplainsItsPlantedFailure() throws Exception {
        try (TestRepl r = new TestRepl()) {
            String out = r.run("/open scripts/ex5_10_backward.jsh");
            int notOk = out.indexOf("NOT OK");
            assertTrue(notOk > 0, out);
            assertTrue(out.substring(0, notOk).contains("Without it the check fails:"),
                    "no comment explains the planted failure:\n" + out);
        }
    }
}
