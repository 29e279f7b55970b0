package attnlab.io;

import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyHeaderTest {
    @Test
    void parsesWhatNumPyWrites() {
        NpyHeader h = NpyHeader.parse("f", "{'descr': '>i2', 'fortran_order': True, 'shape': (3, 4), }          \n");
        assertEquals(Dtype.I2, h.dtype());
        assertEquals(ByteOrder.BIG_ENDIAN, h.order());
        assertTrue(h.fortran());
        assertArrayEquals(new long[] {3, 4}, h.shape());
        assertArrayEquals(new long[] {}, NpyHeader.parse("f", "{'descr': '<f8', 'fortran_order': False, 'shape': ()}")
                .shape());
        assertArrayEquals(new long[] {5}, NpyHeader.parse("f", "{\"shape\": (5L,), \"descr\": \"f4\","
                + " \"fortran_order\": False}").shape());                                   // Python 2 style
    }

    @Test
    void writesNumPysLiteral() {
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (7,), }",
                new NpyHeader(Dtype.F8, ByteOrder.LITTLE_ENDIAN, false, new long[] {7}).literal());
    }

    @Test
    void repeatedKeysAndTrailingTextAreRefused() {
        BadFileException e = assertThrows(BadFileException.class, () -> NpyHeader.parse("q.npy",
                "{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': ()}"));
        assertEquals("q.npy: the header does not parse (key 'descr' repeats): {'descr': '<f8', 'descr': '<f4',"
                + " 'fortran_order': False, 'shape': ()}", e.getMessage());
        assertTrue(assertThrows(BadFileException.class, () -> NpyHeader.parse("q.npy",
                "{'descr': '<f8', 'fortran_order': False, 'shape': ()} x")).getMessage().contains("unexpected 'x'"));
    }

    /** Issue 21 item 10: 20000 nested brackets used to overflow the stack, with no file name. */
    @Test
    void deepNestingIsABadFileNamingTheFileNotAStackOverflow() {
        for (int depth : new int[] {33, 10_000, 20_000}) {
            String header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + "(".repeat(depth) + ")".repeat(depth) + "}";
            BadFileException e = assertThrows(BadFileException.class, () -> NpyHeader.parse("deep.npy", header));
            assertTrue(e.getMessage().startsWith("deep.npy: the header does not parse (brackets nested deeper than 32"
                    + " levels at "), e.getMessage());
            assertTrue(e.getMessage().length() < 250, e.getMessage());
        }
        String structured = "{'descr': [('a', [('b', '<f8')])], 'fortran_order': False, 'shape': (2,)}"; // nests 4
        assertTrue(assertThrows(BadFileException.class, () -> NpyHeader.parse("s.npy", structured)).getMessage()
                .contains("structured dtype"));
    }

    /** Issue 21 item 11: a bad shape is shown as the header wrote it, cut like the other messages. */
    @Test
    void aBadShapeIsShownAsWrittenAndCut() {
        BadFileException e = assertThrows(BadFileException.class, () -> NpyHeader.parse("s.npy",
                "{'descr': '<f8', 'fortran_order': False, 'shape': ((2,),)}"));
        assertEquals("s.npy: 'shape' must be a tuple of ints but is ((2,),)", e.getMessage());
        String nested = "(".repeat(30) + "1, 2, 3" + ")".repeat(30);
        e = assertThrows(BadFileException.class, () -> NpyHeader.parse("n.npy",
                "{'descr': '<f8', 'fortran_order': False, 'shape': (" + nested + ", " + nested + ")}"));
        assertTrue(e.getMessage().length() <= "n.npy: 'shape' must be a tuple of ints but is ".length() + 120, e.getMessage());
        assertTrue(e.getMessage().endsWith("..."), e.getMessage());
        assertTrue(!e.getMessage().contains("@"), e.getMessage());
        e = assertThrows(BadFileException.class, () -> NpyHeader.parse("f.npy",
                "{'descr': '<f8', 'fortran_order': (1,), 'shape': (2,)}"));
        assertEquals("f.npy: 'fortran_order' must be True or False but is (1,)", e.getMessage());
    }
}
