package attnlab.repl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The literal scanner against javac's limit: 65535 bytes of modified UTF-8 per string constant. */
class StringLimitTest {
    private static String literal(String value) {
        return "var s = \"" + value + "\";";
    }

    @Test
    void javacsLimitPassesOneCharMoreDoesNot() {
        assertNull(StringLimit.firstTooLong(literal("a".repeat(65534))));
        StringLimit.TooLong t = StringLimit.firstTooLong(literal("a".repeat(65535))); // javac: length < 65535
        assertEquals(65535, t.chars());
        assertEquals(65535, t.bytes());
        assertEquals(8, t.start()); // at the opening quote
        assertEquals(8 + 65535 + 2, t.end());
    }

    @Test
    void bytesAreCountedAsTheClassFileStoresThem() {
        assertNull(StringLimit.firstTooLong(literal("é".repeat(32767))));       // 2 bytes each: 65534
        assertEquals(65536, StringLimit.firstTooLong(literal("é".repeat(32768))).bytes());
        assertEquals(3 * 21846, StringLimit.firstTooLong(literal("€".repeat(21846))).bytes());
        assertNull(StringLimit.firstTooLong(literal("\\n".repeat(40000))));    // an escape is one char: 40000
        assertEquals(2 * 40000, StringLimit.firstTooLong(literal("\\0".repeat(40000))).bytes()); // NUL takes two
        assertNull(StringLimit.firstTooLong(literal("\\101".repeat(40000))));   // octal "A": one byte each
        assertEquals(2 * 40000, StringLimit.firstTooLong(literal("\\377".repeat(40000))).bytes()); // ÿ: two
    }

    @Test
    void commentsCharLiteralsAndTextBlocksAreLexed() {
        String big = "a".repeat(70000);
        assertNull(StringLimit.firstTooLong("// \"" + big + "\"\nint x = 1;"));
        assertNull(StringLimit.firstTooLong("/* \"" + big + " */ char q = '\"'; var t = \"ok\";"));
        assertEquals(70000, StringLimit.firstTooLong("char q = '\"'; var t = \"" + big + "\";").bytes());
        assertEquals(70000 + 1, StringLimit.firstTooLong("var t = \"\"\"\n" + big + "\n\"\"\";").chars());
        assertEquals(70000, StringLimit.firstTooLong("var a = \"x\", b = \"" + big + "\";").bytes());
    }
}
