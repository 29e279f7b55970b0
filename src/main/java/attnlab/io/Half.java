package attnlab.io;

/**
 * IEEE 754 binary16 to double, exactly (every half is a double). {@code Float.float16ToFloat} is JDK 20+; this runs
 * on 17.
 */
final class Half {
    private Half() {}

    static double toDouble(short bits) {
        int h = bits & 0xffff;
        boolean negative = (h >>> 15) != 0;
        int exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
        double magnitude;
        if (exp == 0x1f) magnitude = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        else if (exp == 0) magnitude = mant * 0x1p-24;                      // subnormal: mant · 2^-14 · 2^-10
        else magnitude = (1024 + mant) * Math.scalb(1.0, exp - 25);         // (1 + mant/2^10) · 2^(exp − 15)
        return negative ? -magnitude : magnitude;                           // keeps -0.0
    }
}
