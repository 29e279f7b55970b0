package attnlab.repl;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IPython's {@code %} habits at the {@code attn>} prompt (the kernel's are in KernelNotebookUserTest). */
class MagicsTest {
    @Test
    void timeAndHelpRunTheirCommandsAtThePrompt() {
        try (TestRepl r = new TestRepl()) {
            assertTrue(r.run("%timeit 1 + 1").matches("(?s).* per loop \\(median of \\d+ runs, .*"), "%timeit");
            assertTrue(r.run("%time Math.sqrt(2.0)").contains(" per loop (median of "), "%time");
            assertTrue(r.run("/time long s = 0; for (int i = 0; i < 5; i++) s += i;").contains(" per loop "),
                    "statements are timed as one block (what a %%time cell becomes)");
            assertTrue(r.run("%help causalMask").contains("causalMask(int n)"), "%help NAME");
        }
    }

    @Test
    void anyOtherPercentWordSaysWhatToUse() {
        try (TestRepl r = new TestRepl()) {
            assertEquals("|  %who: /vars lists your variables\n", r.run("%who"));
            assertEquals("|  %cd: no attnlab command does that (attnlab's commands start with /; /help lists them)\n",
                    r.run("%cd /tmp"));
            assertTrue(r.run("%%time").contains("at the prompt use /time EXPR"));
            assertFalse(r.repl.run("%who"), "a habit that runs nothing is a failed command");
            assertTrue(r.repl.run("%matplotlib inline"), "except a harmless one");
            assertEquals("42", r.run("42").replaceAll("(?s)^\\$\\d+ ==> (\\S+)\\n$", "$1"), "the session goes on");
        }
    }

    @Test
    void mavenAndJarsRunTheirCommandsWhenTheBuildHasThem() {
        assertEquals("/maven org.apache.commons:commons-lang3:3.14.0",
                Magics.command("%maven org.apache.commons:commons-lang3:3.14.0", Set.of("/maven")::contains));
        assertEquals("/classpath add lib/x.jar", Magics.command("%jars lib/x.jar", Set.of("/classpath")::contains));
        assertNull(Magics.command("%maven a:b:1", Set.of("/time")::contains));
        assertEquals("%maven: use /maven (not in this build of attnlab)", Magics.advice("%maven a:b:1"));
        assertEquals("%jars: use /classpath add (not in this build of attnlab)", Magics.advice("%jars x.jar"));
    }

    @Test
    void onlyPercentAndALetterIsAHabit() {
        assertTrue(Magics.isMagic("%timeit"));
        assertTrue(Magics.isMagic("%%time"));
        assertFalse(Magics.isMagic("% 2"), "the rest of a Java expression, not a habit");
        assertFalse(Magics.isMagic("%"));
        assertEquals("/time x + 1", Magics.cellCommand("%%time\nx + 1\n"));
        assertNull(Magics.cellCommand("int a = 1;\n%%time"));
    }
}
