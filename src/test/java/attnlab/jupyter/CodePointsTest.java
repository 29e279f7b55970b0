package attnlab.jupyter;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodePointsTest {
    @Test
    void nonBmpCharactersCountOnceForTheProtocol() {
        String s = "q = \"\uD835\uDC44\uD83D\uDE00\"; x"; // 𝑄 and 😀: two UTF-16 units each
        assertEquals(s.length() - 2, s.codePointCount(0, s.length()));
        int x = s.indexOf('x');
        assertEquals(x, CodePoints.toIndex(s, x - 2));
        assertEquals(x - 2, CodePoints.toCursor(s, x));
        assertEquals(5, CodePoints.toIndex(s, 5), "before the first non-BMP character both agree");
    }

    @Test
    void identifiersMayHoldNonBmpLetters() {
        String s = "f\uD835\uDC44(3)"; // f𝑄(3)
        assertTrue(CodePoints.identifierAt(s, 1) && CodePoints.identifierBefore(s, 3), "𝑄 is a letter");
        assertFalse(CodePoints.identifierAt(s, 3) || CodePoints.identifierBefore(s, 0));
        assertEquals(0, CodePoints.identifierStart(s, 3));
        assertEquals(3, CodePoints.identifierEnd(s, 1));
    }

    @Test
    void positionsOutsideTheTextAreClamped() {
        assertEquals(3, CodePoints.toIndex("abc", 10));
        assertEquals(0, CodePoints.toIndex("abc", -1));
        assertEquals(3, CodePoints.toCursor("abc", 10));
    }
}
