package attnlab.jupyter;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BracketsTest {
    @Test
    void openWhileABracketIsOpen() {
        assertTrue(Brackets.open("int inc(int x) {"));
        assertTrue(Brackets.open("int inc(int x) {\n    return x + 1;"));
        assertFalse(Brackets.open("int inc(int x) {\n    return x + 1;\n}"));
        assertTrue(Brackets.open("var a = new int[] {1,"));
        assertFalse(Brackets.open("1 + 1"));
    }

    @Test
    void stringsCommentsAndCharsDoNotCount() {
        assertFalse(Brackets.open("String s = \"{ ( [\";"));
        assertFalse(Brackets.open("char c = '{';"));
        assertFalse(Brackets.open("String s = \"\\\"{\";"), "an escaped quote");
        assertFalse(Brackets.open("int x = 1; // {"));
        assertFalse(Brackets.open("/* { */ int x = 1;"));
    }

    @Test
    void openCommentsAndTextBlocks() {
        assertTrue(Brackets.open("/* still typing"));
        assertTrue(Brackets.open("String s = \"\"\"\n  a text block"));
        assertFalse(Brackets.open("String s = \"\"\"\n  {\n  \"\"\";"));
    }
}
