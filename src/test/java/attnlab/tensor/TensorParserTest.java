package attnlab.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Text with no numbers in it is a mistake (a lost paste, an empty file), never a silent [0, 0] tensor. */
class TensorParserTest {

    @Test
    void emptyTextIsAnErrorNamingTheArgumentAndWhatWasExpected() {
        for (String text : new String[] {"", "   ", "\n", "[]", "[ ]", ";", "[;]", "[[]]", "[[], []]", "[[[]]]"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.parse(text),
                    () -> "\"" + text.replace("\n", "\\n") + "\" parsed");
            assertTrue(e.getMessage().startsWith("text holds no numbers"), e::getMessage);
            assertTrue(e.getMessage().contains("expected at least one number, e.g. \"1 2; 3 4\" or \"[[1, 2], [3, 4]]\""),
                    e::getMessage);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> attnlab.Lab.tensor(""));
        assertEquals("text holds no numbers (got \"\"): expected at least one number, e.g. \"1 2; 3 4\" or "
                + "\"[[1, 2], [3, 4]]\"", e.getMessage());
    }

    @Test
    void oneNumberIsStillAOneByOneTensor() {
        assertArrayEquals(new int[] {1, 1}, Tensor.parse("7").shape());
        assertArrayEquals(new int[] {1, 1}, Tensor.parse("[[7]]").shape());
        assertArrayEquals(new int[] {1, 2}, Tensor.parse("1 2;").shape()); // a trailing ';' is not an empty row
    }

    /** Issue 21 item 8: "1,,2" used to read as [1, 2]; an empty entry is an error naming its row and position. */
    @Test
    void anEmptyEntryBetweenCommasNamesItsPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.parse("1,,2"));
        assertEquals("text row 0 has an empty entry at position 1 (nothing between two commas) in \"1,,2\": write a"
                + " number there, e.g. 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.parse("1, 2, 3; 4, , 6"));
        assertTrue(e.getMessage().startsWith("text row 1 has an empty entry at position 1 "), e::getMessage);
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.parse(", 1, 2"));
        assertTrue(e.getMessage().startsWith("text row 0 has an empty entry at position 0 "), e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> Tensor.parse("[[1,,2]]"));
        assertArrayEquals(new int[] {2, 2}, Tensor.parse("1, 2,; 3, 4,").shape()); // one trailing comma per row: fine
        assertArrayEquals(new int[] {1, 3}, Tensor.parse("1 2, 3").shape());       // spaces and commas both separate
    }
}
