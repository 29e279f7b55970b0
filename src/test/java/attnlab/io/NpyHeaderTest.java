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
}
