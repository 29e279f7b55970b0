package attnlab.io;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DtypeTest {
    private static double decode(Dtype d, ByteOrder order, byte... bytes) {
        double[] out = new double[1];
        d.decode(ByteBuffer.wrap(bytes).order(order), out, 0, 1);
        return out[0];
    }

    @Test
    void halfFloatsByHand() {
        assertEquals(1.0, Half.toDouble((short) 0x3c00));
        assertEquals(-2.0, Half.toDouble((short) 0xc000));
        assertEquals(65504.0, Half.toDouble((short) 0x7bff));                  // largest half
        assertEquals(0x1p-24, Half.toDouble((short) 0x0001));                  // smallest subnormal
        assertEquals(0x1p-14, Half.toDouble((short) 0x0400));                  // smallest normal
        assertEquals(Double.NEGATIVE_INFINITY, Half.toDouble((short) 0xfc00));
        assertEquals(true, Double.isNaN(Half.toDouble((short) 0x7e00)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Half.toDouble((short) 0x8000)));
    }

    @Test
    void integersBoolAndBfloat16ByHand() {
        assertEquals(-1.0, decode(Dtype.I2, ByteOrder.BIG_ENDIAN, (byte) 0xff, (byte) 0xff));
        assertEquals(65535.0, decode(Dtype.U2, ByteOrder.LITTLE_ENDIAN, (byte) 0xff, (byte) 0xff));
        assertEquals(258.0, decode(Dtype.I4, ByteOrder.BIG_ENDIAN, (byte) 0, (byte) 0, (byte) 1, (byte) 2));
        assertEquals(0x1p64, decode(Dtype.U8, ByteOrder.LITTLE_ENDIAN, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff));   // 2^64 − 1 rounds to 2^64
        assertEquals(1.0, decode(Dtype.BOOL, ByteOrder.LITTLE_ENDIAN, (byte) 7));
        assertEquals(1.0, decode(Dtype.BF16, ByteOrder.LITTLE_ENDIAN, (byte) 0x80, (byte) 0x3f));  // 0x3f80
    }

    @Test
    void unsignedSixtyFourBitRoundsToNearestEven() {
        // 2^63 + 2^10 + 1: above the halfway point between 2^63 and 2^63 + 2^11, so it rounds up
        long v = Long.MIN_VALUE + 1025;
        byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
        assertEquals(0x1p63 + 0x1p11, decode(Dtype.U8, ByteOrder.LITTLE_ENDIAN, b));
        long half = Long.MIN_VALUE + 1024;                                     // exactly halfway: to even (2^63)
        b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(half).array();
        assertEquals(0x1p63, decode(Dtype.U8, ByteOrder.LITTLE_ENDIAN, b));
    }

    @Test
    void namesForWriting() {
        assertEquals(Dtype.F4, Dtype.parse("float32"));
        assertEquals(Dtype.F8, Dtype.parse("<f8"));
        assertEquals("dtype must be \"f8\" (float64, the default) or \"f4\" (float32) for writing but was \"f2\"",
                assertThrows(IllegalArgumentException.class, () -> Dtype.parse("f2")).getMessage());
        assertEquals("|u1", Dtype.U1.descr(ByteOrder.BIG_ENDIAN));
        assertEquals(">i8", Dtype.I8.descr(ByteOrder.BIG_ENDIAN));
        assertEquals("BF16", Dtype.BF16.safetensorsName());
    }
}
