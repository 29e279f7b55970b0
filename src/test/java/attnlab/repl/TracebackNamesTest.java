package attnlab.repl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21 item 5 and issue 22 item 8: messages and tracebacks use the user's names and places, never JShell's
 * internals ({@code REPL.$JShell$31.tn}, {@code do_it$Aux}, {@code (#6:1)}).
 */
class TracebackNamesTest {
    @Test
    void aNullVariableIsNamedAsTheUserWroteIt() {
        try (TestRepl r = new TestRepl()) {
            r.run("Tensor tn = null;");
            String out = r.run("tn.rows()");
            assertEquals("|  NullPointerException: Cannot invoke \"attnlab.tensor.Tensor.rows()\" because \"tn\" is null\n"
                    + "|    at snippet 2, line 1\n", out);
            r.run("class Foo { int v; }");
            r.run("Foo foo = null;");
            out = r.run("foo.v");
            assertTrue(out.startsWith("|  NullPointerException: Cannot read field \"v\" because \"foo\" is null\n"), out);
            assertFalse(out.contains("$JShell$") || out.contains("REPL."), out);
        }
    }

    @Test
    void framesNameTheSnippetAndLineThatListShows() {
        try (TestRepl r = new TestRepl()) {
            r.run("int f(int x) {\n    int y = x + 1;\n    return 10 / (y - y);\n}");
            String out = r.run("f(2)");
            assertEquals("|  ArithmeticException: / by zero\n|    at f (snippet 1, line 3)\n", out);
            assertTrue(r.run("/list").contains("   1 : int f(int x) {"), "snippet 1 is what /list calls 1");
        }
    }

    @Test
    void inAScriptFramesNameTheFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.jsh");
        Files.writeString(f, "// a comment\nint f(int x) {\n    return 10 / x;\n}\n\nf(0)\n");
        try (TestRepl r = new TestRepl()) {
            String out = r.run("/open " + f);
            assertTrue(out.contains("|  ArithmeticException: / by zero\n|    at f (" + f + ":3)\n"), out);
        }
    }

    @Test
    void outOfMemoryNamesNoJShellMethodAndGivesTheHeapHint() {
        try (TestRepl r = new TestRepl()) {
            String out = r.run("var big = new long[Integer.MAX_VALUE - 8]");
            assertTrue(out.startsWith("|  OutOfMemoryError: "), out);
            assertFalse(out.contains("do_it") || out.contains("#"), out);
            assertTrue(out.contains("\n" + Feedback.HEAP_HINT + "\n"), out);
            assertTrue(Feedback.HEAP_HINT.contains("ATTNLAB_JAVA_OPTS=-Xmx8g"));
        }
    }
}
