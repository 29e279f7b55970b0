package attnlab.repl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranscriptTest {
    static final String TEXT = "A free header line.\n\n"
            + "attn> int f(int x) {\n ...>   return x;\n ...> }\n|  created method f(int)\n"
            + "attn> 1.5 + 1  // replay: +TOL=1e-3\n$1 ==> 2.5   \n\n\n"
            + "attn> /time f(1)  // replay: +ELLIPSIS\n... per loop (...)\n"
            + "attn>\n";

    @Test
    void parsesPromptsContinuationsOutputAndDirectives() {
        List<Transcript.Step> steps = Transcript.parse(TEXT);
        assertEquals(4, steps.size());
        assertEquals(3, steps.get(0).line());
        assertEquals("int f(int x) {\n  return x;\n}", steps.get(0).input());
        assertEquals("|  created method f(int)", steps.get(0).expected());
        assertEquals("1.5 + 1", steps.get(1).input()); // the directive comment is not run
        assertEquals("$1 ==> 2.5", steps.get(1).expected());
        assertEquals(1e-3, steps.get(1).tol());
        assertTrue(steps.get(2).ellipsis());
        assertEquals("/time f(1)", steps.get(2).input());
        assertEquals("", steps.get(3).input());
    }

    @Test
    void ellipsisMatchesAnythingIncludingNewlines() {
        Transcript.Step s = Transcript.parse(TEXT).get(2);
        assertTrue(Transcript.matches(s, "12.5 ns per loop (median of 7 runs,\n 5 loops each)\n"));
        assertFalse(Transcript.matches(s, "12.5 ns per run (median)"));
    }

    @Test
    void toleranceComparesNumbersOnly() {
        Transcript.Step s = Transcript.parse(TEXT).get(1);
        assertTrue(Transcript.matches(s, "$1 ==> 2.5009\n"));
        assertFalse(Transcript.matches(s, "$1 ==> 2.51\n"));
        assertFalse(Transcript.matches(s, "$2 ==> 2.5\n".replace("==>", "=>")));
    }

    @Test
    void exactByDefaultIgnoringTrailingSpaceAndBlankLines() {
        Transcript.Step s = Transcript.parse("attn> 1\n$1 ==> 1\n").get(0);
        assertTrue(Transcript.matches(s, "$1 ==> 1  \n\n"));
        assertFalse(Transcript.matches(s, "$1 ==> 1.0\n"));
    }

    @Test
    void aStepRecordedAsStoppedIsMarkedAndMatchesWithoutRunning() {
        Transcript.Step s = Transcript.parse("attn> while (true) {}  // replay: +STOPPED\n"
                + "|  Stopped (Ctrl-C); every variable is intact.\n").get(0);
        assertTrue(s.stopped());
        assertEquals("while (true) {}", s.input());
        assertTrue(Transcript.matches(s, ""));
        assertFalse(Transcript.parse("attn> 1\n$1 ==> 1\n").get(0).stopped());
    }

    @Test
    void unknownDirectiveIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transcript.parse("attn> 1 // replay: +FUZZY\n"));
        assertEquals("line 1: unknown replay directive +FUZZY (known: +ELLIPSIS +TOL=x +SKIP +ID=n +TEMP=n +STOPPED)", e.getMessage());
    }

    @Test
    void malformedDirectivesNameTheLineAndTheReason() {
        Transcript.Malformed tol = assertThrows(Transcript.Malformed.class,
                () -> Transcript.parse("head\nattn> 1\n$1 ==> 1\nattn> 2 // replay: +TOL=abc\n"));
        assertEquals(4, tol.line());
        assertEquals("+TOL needs a number >= 0, e.g. +TOL=1e-9, not 'abc'", tol.reason());
        Transcript.Malformed id = assertThrows(Transcript.Malformed.class,
                () -> Transcript.parse("attn> 1 // replay: +ID=0\n"));
        assertEquals("+ID needs a whole number >= 1, e.g. +ID=3, not '0'", id.reason());
        assertThrows(Transcript.Malformed.class, () -> Transcript.parse("attn> 1 // replay: +TOL=-1\n"));
    }

    @Test
    void idDirectiveNumbersTheStepsSnippets() {
        List<Transcript.Step> steps = Transcript.parse("attn> int a = 1  // replay: +SKIP +ID=4\n"
                + "attn> a + 1  // replay: +ID=9 +TEMP=6\n$6 ==> 2\nattn> /list\n");
        assertEquals(4, steps.get(0).id());
        assertTrue(steps.get(0).skip());
        assertEquals("a + 1", steps.get(1).input());
        assertEquals(6, steps.get(1).temp());
        try (Transcript.Replayer r = new Transcript.Replayer(TestRepl.startup(), TestRepl.HOME)) {
            r.run(steps.get(0));
            assertEquals("$6 ==> 2\n", r.run(steps.get(1)));
            assertEquals("   4 : int a = 1;\n   9 : a + 1\n", r.run(steps.get(2)));
        }
    }

    @Test
    void diffIsUnified() {
        assertEquals("--- expected (f:3)\n+++ actual\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n",
                Diff.unified("f:3", "a\nb", "a\nc"));
    }
}
