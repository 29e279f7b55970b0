package attnlab.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void positionsOutsideTheTextAreClamped() {
        assertEquals(3, CodePoints.toIndex("abc", 10));
        assertEquals(0, CodePoints.toIndex("abc", -1));
        assertEquals(3, CodePoints.toCursor("abc", 10));
    }
}
