package attnlab.notebook;

import attnlab.notebook.ScriptBlocks.Block;
import attnlab.notebook.ScriptBlocks.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScriptBlocksTest {
    /** Blocks as "KIND first-last" for compact assertions. */
    private static String shape(String script) {
        return ScriptBlocks.split(script).stream()
                .map(b -> b.kind() + " " + (b.firstLine() + 1) + "-" + (b.lastLine() + 1))
                .collect(Collectors.joining(", "));
    }

    @Test
    void commentsBetweenSnippetsAreProseAndTheCodeBetweenThemIsCode() {
        String s = "// title\n// more\nvar a = 1\nvar b = 2\n// step 2\na + b\n";
        assertEquals("PROSE 1-2, CODE 3-4, PROSE 5-5, CODE 6-6", shape(s));
        List<Block> blocks = ScriptBlocks.split(s);
        assertEquals(List.of("// title", "// more"), blocks.get(0).lines());
        assertEquals("var a = 1\nvar b = 2", blocks.get(1).text());
    }

    @Test
    void aCommentAfterCodeOnItsLineIsCode() {
        assertEquals("CODE 1-2", shape("var Q = tensor(\"1 0\")   // 3 queries\nQ\n"));
    }

    @Test
    void commentsInsideASnippetAreCode() {
        String method = "// the skeleton\n"
                + "double f(double x) {\n"
                + "    // TODO: your code here\n"
                + "\n"
                + "    /* a block\n"
                + "       comment */\n"
                + "    return x;\n"
                + "}\n"
                + "// check it\n"
                + "f(2)\n";
        assertEquals("PROSE 1-1, CODE 2-8, PROSE 9-9, CODE 10-10", shape(method));
        String call = "check(x ->\n    // comment in the middle of a call\n    x + 1,\n  3)\n// after\n";
        assertEquals("CODE 1-4, PROSE 5-5", shape(call));
    }

    @Test
    void aTrailingOperatorKeepsTheSnippetOpenOverCommentsAndBlankLines() {
        assertEquals("CODE 1-4, PROSE 5-5", shape("int y = x *\n// not prose\n\n    3\n// prose\n"));
        assertEquals("CODE 1-1, PROSE 2-2", shape("i++\n// prose\n"));
        assertEquals("CODE 1-3", shape("@FunctionalInterface\n// still the declaration\ninterface F { int f(); }\n"));
    }

    @Test
    void bracketsInStringsCharsAndCommentsDoNotCount() {
        assertEquals("CODE 1-1, PROSE 2-2", shape("var s = \"(((\" + ')' + \"\\\"{\"  /* ( */ // [\n// prose\n"));
        String textBlock = "var t = \"\"\"\n    // not a comment (\n    \"\"\"\n// prose\n";
        assertEquals("CODE 1-3, PROSE 4-4", shape(textBlock));
    }

    @Test
    void blockCommentsStandingAloneAreProseJavadocIsCode() {
        assertEquals("PROSE 1-3, CODE 4-4", shape("/* Exercise\n * two lines\n */\n1 + 1\n"));
        assertEquals("PROSE 1-1, CODE 2-2", shape("/* one line */\n1 + 1\n"));
        assertEquals("CODE 1-1", shape("/* a note */ 1 + 1\n"));
        assertEquals("CODE 1-2", shape("/** Doubles x. */\nint twice(int x) { return 2 * x; }\n"));
        assertEquals("CODE 1-1, PROSE 2-3", shape("1\n/* never closed\n 2\n"));
    }

    @Test
    void blankLinesSplitCodeButNotProse() {
        String s = "\n// one\n\n// two\n\nvar a = 1\n\nvar b = 2\n\n";
        assertEquals("PROSE 2-4, CODE 6-6, CODE 8-8", shape(s));
        assertEquals(List.of("// one", "", "// two"), ScriptBlocks.split(s).get(0).lines());
    }

    @Test
    void replCommandsAreCodeLines() {
        assertEquals("CODE 1-2, PROSE 3-3", shape("/open scripts/student/ex5_05.jsh\n/vars\n// the checker\n"));
    }

    @Test
    void linesAreSplitAsTheReplSplitsThem() {
        assertEquals(List.of("a", "", "b"), ScriptBlocks.lines("a\r\n\r\nb\r\n"));
        assertEquals(List.of("a", ""), ScriptBlocks.lines("a\n\n"));
        assertEquals(List.of(""), ScriptBlocks.lines("")); // one empty line, as the REPL reads it
        assertEquals("CODE 1-1, PROSE 2-2", shape("x  \r\n//c  \r\n"));
        assertEquals(List.of("//c"), ScriptBlocks.split("x\r\n//c  \r\n").get(1).lines());
    }

    @Test
    void anEmptyOrBlankScriptHasNoBlocks() {
        assertEquals(List.of(), ScriptBlocks.split(""));
        assertEquals(List.of(), ScriptBlocks.split("\n  \n\t\n"));
        assertEquals(Kind.PROSE, ScriptBlocks.split("// only\n").get(0).kind());
    }
}
