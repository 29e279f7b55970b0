package attnlab.repl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandsTest {
    static TestRepl r;

    @BeforeAll
    static void open() {
        r = new TestRepl();
    }

    @AfterAll
    static void close() {
        r.close();
    }

    @Test
    void uniquePrefixRunsTheCommand() {
        r.run("var pv = 5");
        assertTrue(r.run("/va").contains("|    int pv = 5\n"));
    }

    @Test
    void ambiguousPrefixListsTheCandidates() {
        assertEquals("|  Ambiguous command /re: /reset, /record.\n", r.run("/re"));
    }

    @Test
    void unknownCommandSuggestsTheNearest() {
        assertEquals("|  No such command: /lst. Did you mean /list? Type /help for the list.\n", r.run("/lst"));
        assertEquals("|  No such command: /zzzzzz. Type /help for the list.\n", r.run("/zzzzzz"));
    }

    @Test
    void helpListsEveryCommandAndTheFunctions() {
        String help = r.run("/help");
        for (String c : r.repl.commands.names()) assertTrue(help.contains("|  " + c), c + " missing from:\n" + help);
        assertTrue(help.contains("Toolkit functions with help (/help NAME): ablateHead, ablation,"), help);
        assertTrue(help.contains(" addPositionalEncoding, "), help);
    }

    /** Every summary in the /help list starts in the same column; a usage too long for it has a line of its own. */
    @Test
    void helpAlignsEverySummary() {
        List<String> lines = r.run("/help").lines().collect(java.util.stream.Collectors.toList());
        int column = 3 + Commands.USAGE_WIDTH;
        for (String c : r.repl.commands.names()) {
            String usage = "|  " + (c + " " + Help.args(c)).strip();
            int i = 0;
            while (i < lines.size() && !(lines.get(i).equals(usage) || lines.get(i).startsWith(usage + " "))) i++;
            assertTrue(i < lines.size(), usage + " missing from:\n" + String.join("\n", lines));
            String line = lines.get(i).length() > usage.length() ? lines.get(i) : lines.get(i + 1);
            int start = lines.get(i).length() > usage.length() ? usage.length() : 1;
            while (line.charAt(start) == ' ') start++;
            assertEquals(column, start, c + "'s summary starts at column " + start + ":\n" + lines.get(i) + "\n"
                    + lines.get(i + 1));
        }
    }

    /** Without a terminal the REPL's texts wrap at 80 columns, at spaces: no line longer, no word broken. */
    @Test
    void helpAndExercisesWrapAtWordBoundariesToTheWidth() {
        for (String command : new String[] {"/help", "/help causalMask", "/help attention", "/exercises", "/help /record"}) {
            String out = r.run(command);
            for (String line : out.split("\n"))
                assertTrue(line.length() <= 80, command + ": a line of " + line.length() + " > 80 characters:\n" + line);
            r.repl.width(() -> 1000);
            String wide = r.run(command);
            r.repl.width(() -> 80);
            assertEquals(words(wide), words(out), command + ": wrapping must only move words to the next line");
        }
        r.repl.width(() -> 40); // JLine's width, as the console passes it
        for (String line : r.run("/help causalMask").split("\n"))
            assertTrue(line.length() <= 40 || !line.strip().contains(" "), line);
        r.repl.width(() -> 0); // a terminal that does not know its width: the default
        assertEquals(r.run("/exercises").lines().mapToInt(String::length).max().orElse(0) <= 80, true);
        r.repl.width(() -> 80);
    }

    /** The words of a REPL text, continuation markers ('|') aside. */
    private static List<String> words(String text) {
        return java.util.Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty() && !w.equals("|"))
                .collect(java.util.stream.Collectors.toList());
    }

    @Test
    void helpNameShowsToolkitHelpText() {
        assertTrue(r.run("/help attention").startsWith("|  attention(Tensor Q, Tensor K, Tensor V [, double scale])"));
        assertEquals("|  /time EXPR\n|  run EXPR repeatedly; print the median time per run and the spread\n",
                r.run("/help /ti"));
    }

    @Test
    void helpFallsBackToSignatures() {
        String out = r.run("/help Math.abs");
        assertTrue(out.contains("abs(double"), out);
        assertTrue(r.run("/help noSuchThing").startsWith("|  No help for noSuchThing."));
    }

    @Test
    void saveThenOpenReplaysTheSnippets(@TempDir Path dir) throws Exception {
        try (TestRepl fresh = new TestRepl()) {
            fresh.run("var a = 2\nint twice(int x) { return 2 * x; }");
            Path file = dir.resolve("s.jsh");
            assertEquals("|  saved 2 snippets to " + file + "\n", fresh.run("/save " + file));
            assertEquals("var a = 2;\nint twice(int x) { return 2 * x; }\n", Files.readString(file));
            assertEquals("|  reset: every snippet forgotten, start-up run again, random seed 0\n", fresh.run("/reset"));
            assertEquals("", fresh.run("/vars"));
            assertEquals("a ==> 2\n|  created method twice(int)\n", fresh.run("/open " + file));
            assertEquals("$1 ==> 4\n", fresh.run("twice(a)"));
        }
    }

    @Test
    void openStopsAtTheFirstErrorWithFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.jsh");
        Files.writeString(file, "int ok1 = 1;\n\nint bad = \"x\";\nint never = 3;\n");
        String out = r.run("/open " + file);
        assertTrue(out.endsWith(file + ":3: stopped at the first error\n"), out);
        assertFalse(r.run("/vars").contains("never"));
    }

    @Test
    void importsListTheStartup() {
        assertTrue(r.run("/imports").contains("|    import static attnlab.Lab.*\n"));
    }

    @Test
    void timePrintsMedianAndSpread() {
        String out = r.run("/time Math.sqrt(2.0)");
        assertTrue(out.matches("[0-9.]+ (ns|µs) per loop \\(median of 7 runs, \\d+ loops each; spread .*\\)\n"), out);
        assertFalse(r.run("/vars").contains("$time"));
        assertTrue(r.run("/time nope()").startsWith("|  Error: cannot find symbol"));
    }

    @Test
    void recordWritesATranscriptThatReplays(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Recorder recorder = new Recorder(screen);
        Path t = dir.resolve("rec.jsht");
        try (TestRepl rec = new TestRepl(recorder)) {
            rec.repl.run("/record " + t);
            for (String in : new String[] {"var q = eye(2)", "q.rows() + 1"}) {
                recorder.input(in);
                rec.repl.run(in);
            }
            rec.repl.run("/record stop");
        }
        String text = Files.readString(t, StandardCharsets.UTF_8);
        assertEquals("attn> var q = eye(2)\nq ==> Tensor [2, 2]\n[[1. 0.]\n [0. 1.]]\nattn> q.rows() + 1\n$1 ==> 3\n", text);
        assertTrue(Transcript.replay(t, TestRepl.startup(), TestRepl.HOME).isEmpty());
    }

    @Test
    void recordStartedMidSessionWritesItsSetupAndReplaysGreen(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Recorder recorder = new Recorder(screen);
        Path t = dir.resolve("mid.jsht");
        try (TestRepl rec = new TestRepl(recorder)) {
            for (String in : new String[] {"var Q = eye(2)", "1 + 1", "nope", "int f(int x) { return x + Q.rows(); }",
                    "throw new IllegalStateException(\"thrown again on replay\")", "Q.get(9, 9)", "var Q = eye(3)",
                    "attention(randn(1, 2, 4), randn(1, 3, 5), randn(1, 3, 4))"}) // draws, then throws
                rec.repl.run(in); // before the recording: not typed into it
            rec.repl.run("/record " + t);
            assertTrue(screen.toString(StandardCharsets.UTF_8).endsWith("|  recording to " + t + " (/record stop ends it);"
                    + " it starts with the 7 snippets this session ran, to replay first\n"), screen.toString());
            for (String in : new String[] {"f(1) + $1", "/time f(1)", "$4 * 2", "randn(1, 1, 2)"}) {
                recorder.input(in);
                rec.repl.run(in);
            }
            rec.repl.run("/record stop");
        }
        String text = Files.readString(t, StandardCharsets.UTF_8);
        assertEquals("Recorded with /record in the middle of a session. The steps marked +SKIP re-create what the session\n"
                + "held by then: replay runs them, with their ids, and compares nothing.\n"
                + "attn> var Q = eye(2);  // replay: +SKIP +ID=1\n"
                + "attn> 1 + 1  // replay: +SKIP +ID=2 +TEMP=1\n"
                + "attn> int f(int x) { return x + Q.rows(); }  // replay: +SKIP +ID=4\n"
                + "attn> throw new IllegalStateException(\"thrown again on replay\");  // replay: +SKIP +ID=5\n"
                + "attn> Q.get(9, 9)  // replay: +SKIP +ID=6 +TEMP=2\n"
                + "attn> var Q = eye(3);  // replay: +SKIP +ID=7\n"
                + "attn> attention(randn(1, 2, 4), randn(1, 3, 5), randn(1, 3, 4))  // replay: +SKIP +ID=8 +TEMP=3\n"
                + "attn> f(1) + $1  // replay: +ID=9 +TEMP=4\n$4 ==> 6\n"
                + "attn> /time f(1)  // replay: +ELLIPSIS\n... per loop (median of ... runs, ... each; spread ... .. ...)\n"
                + "attn> $4 * 2\n$5 ==> 12\n"
                + "attn> randn(1, 1, 2)\n$6 ==> Tensor [1, 1, 2]\n[[[...]]]\n".replace("[[[...]]]", text.substring(
                        text.lastIndexOf("[[["), text.length() - 1)), text);
        assertTrue(text.endsWith("]]]\n"), "the random draw after the failed call is recorded: " + text);
        assertEquals(List.of(), Transcript.replay(t, TestRepl.startup(), TestRepl.HOME));
    }

    @Test
    void fileErrorsSayWhichFileAndWhy(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve("binary.jsh");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertEquals("|  /open failed: " + dir.resolve("missing.jsh") + ": no such file\n",
                r.run("/open " + dir.resolve("missing.jsh")));
        assertEquals("|  /open failed: " + binary + ": not UTF-8 text (a binary file?)\n", r.run("/open " + binary));
        assertEquals("|  /open failed: " + dir + ": is a directory\n", r.run("/open " + dir));
        assertEquals("|  /save failed: " + dir + ": is a directory\n", r.run("/save " + dir));
        assertEquals("|  /save failed: " + dir.resolve("no/x.jsh") + ": no such directory " + dir.resolve("no") + "\n",
                r.run("/save " + dir.resolve("no/x.jsh")));
        if (Files.isDirectory(Path.of("/proc")))
            assertEquals("|  /save failed: /proc/x.jsh: cannot create a file in /proc (the directory takes no new files)\n",
                    r.run("/save /proc/x.jsh"));
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (TestRepl rec = new TestRepl(new Recorder(screen))) {
            rec.repl.run("/record " + dir.resolve("no/x.jsht"));
            assertEquals("|  /record failed: " + dir.resolve("no/x.jsht") + ": no such directory " + dir.resolve("no")
                    + "\n", screen.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void exercisesListsScriptsThenStudentSkeletonsByTheirFirstSentence(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve("scripts/student"));
        Files.writeString(home.resolve("scripts/b-masks.jsh"), "// 5.6 causal masks. Run: ./attnlab b-masks.jsh\n"
                + "var m = causalMask(3)\n");
        Files.writeString(home.resolve("scripts/a-attention.jsh"), "\n// 5.5 attention by hand, first with EJML\n"
                + "// matrices, then with tensors. More text.\n");
        Files.writeString(home.resolve("scripts/notes.txt"), "not a script");
        Files.writeString(home.resolve("scripts/student/ex5_05.jsh"), "// Exercise 5.5, your version: attention.\n");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Repl repl = new Repl(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8), "", home, null)) {
            repl.width(() -> 120); // a wide terminal: one line per script (wrapping: helpAndExercisesWrap...)
            repl.run("/exercises");
            assertEquals("|  Worked exercises: /open one to run it\n"
                    + "|    /open a-attention.jsh     5.5 attention by hand, first with EJML matrices, then with tensors.\n"
                    + "|    /open b-masks.jsh         5.6 causal masks.\n"
                    + "|  Your versions: fill one in, then /open it to check it\n"
                    + "|    /open student/ex5_05.jsh  Exercise 5.5, your version: attention.\n",
                    buf.toString(StandardCharsets.UTF_8));
            buf.reset();
            repl.run("/open student/ex5_05.jsh");
            assertEquals("// Exercise 5.5, your version: attention.\n", buf.toString(StandardCharsets.UTF_8),
                    "the skeleton opens by the listed name (and prints its comment, as script mode does)");
            buf.reset();
            repl.run("/open b-masks.jsh");
            assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("// 5.6 causal masks. Run: ./attnlab b-masks.jsh\n"
                    + "|  Error: cannot find symbol"),
                    "no start-up here, so causalMask is unknown: " + buf);
        }
    }

    @Test
    void exitSetsTheFlag() {
        try (TestRepl t = new TestRepl()) {
            assertFalse(t.repl.exitRequested());
            t.run("/exit");
            assertTrue(t.repl.exitRequested());
        }
    }

    @Test
    void editDistance() {
        assertEquals(0, Commands.distance("/list", "/list"));
        assertEquals(1, Commands.distance("/list", "/lst"));
        assertEquals(2, Commands.distance("/list", "/lsit"));
    }
}
