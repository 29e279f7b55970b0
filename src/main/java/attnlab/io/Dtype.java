package attnlab.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The element types attnlab reads (every one as float64) and writes (F8 and F4): floats of 8, 4 and 2 bytes,
 * bfloat16 (safetensors only), signed and unsigned integers of 1, 2, 4 and 8 bytes, and bool. NumPy spells them
 * {@code <f8}, {@code >i4}, {@code |u1}, {@code |b1}; safetensors {@code F64}, {@code I32}, {@code BOOL}.
 *
 * <p>Integers beyond 2<sup>53</sup> in magnitude (i8, u8) are rounded to the nearest double, as
 * {@code arr.astype(np.float64)} rounds them; u8 is read unsigned.
 */
public enum Dtype {
    F8('f', 8, "F64"), F4('f', 4, "F32"), F2('f', 2, "F16"), BF16('?', 2, "BF16"),
    I1('i', 1, "I8"), I2('i', 2, "I16"), I4('i', 4, "I32"), I8('i', 8, "I64"),
    U1('u', 1, "U8"), U2('u', 2, "U16"), U4('u', 4, "U32"), U8('u', 8, "U64"),
    BOOL('b', 1, "BOOL");

    private final char kind;
    private final int size;
    private final String safetensorsName;

    Dtype(char kind, int size, String safetensorsName) {
        this.kind = kind;
        this.size = size;
        this.safetensorsName = safetensorsName;
    }

    /** Bytes per element. */
    public int size() { return size; }

    /** The safetensors name: {@code F64}, {@code BF16}, {@code BOOL}, .... */
    public String safetensorsName() { return safetensorsName; }

    /** NumPy's descr with the given byte order: {@code <f8}; one-byte types use {@code |} ({@code |u1}, {@code |b1}). */
    public String descr(ByteOrder order) {
        if (this == BF16) throw new IllegalArgumentException("bfloat16 has no NumPy dtype: save it as F4 or F8");
        char o = size == 1 ? '|' : order == ByteOrder.LITTLE_ENDIAN ? '<' : '>';
        return "" + o + kind + size;
    }

    /** Parses a safetensors dtype name, or returns null (F8_E4M3, complex, ... are not supported). */
    static Dtype ofSafetensors(String name) {
        for (Dtype d : values()) if (d.safetensorsName.equals(name)) return d;
        return null;
    }

    /** The dtype of a kind letter and size ({@code 'f', 8}), or null. {@code 'b'} is bool, size 1. */
    static Dtype of(char kind, int size) {
        for (Dtype d : values()) if (d.kind == kind && d.size == size && d != BF16) return d;
        return null;
    }

    /** Parses {@code "f4"}, {@code "<f4"}, {@code "float32"}, {@code "F32"}: the names users write for an output type. */
    public static Dtype parse(String name) {
        if (name == null) throw new IllegalArgumentException("dtype must not be null");
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "f8": case "<f8": case "float64": case "double": case "f64": return F8;
            case "f4": case "<f4": case "float32": case "float": case "f32": return F4;
            default: throw new IllegalArgumentException("dtype must be \"f8\" (float64, the default) or \"f4\""
                    + " (float32) for writing but was \"" + name + "\"");
        }
    }

    /**
     * Decodes {@code n} elements from {@code in} (its byte order set by the caller) into {@code out[off..off+n)}.
     * F8 goes through {@code asDoubleBuffer().get} (a bulk copy); the others element by element.
     */
    /** {@link #decode}'s per-thread float scratch for F4: small enough to stay in the L1 cache. */
    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[2048]);

    void decode(ByteBuffer in, double[] out, int off, int n) {
        switch (this) {
            case F8: {
                int p = in.position();
                in.asDoubleBuffer().get(out, off, n);
                in.position(p + 8 * n);
                return;
            }
            case F4: {
                int p = in.position();
                java.nio.FloatBuffer f = in.asFloatBuffer();
                float[] tmp = FLOATS.get(); // a bulk copy, then a widening loop the JIT vectorizes
                for (int i = 0; i < n; i += tmp.length) {
                    int k = Math.min(tmp.length, n - i);
                    f.get(tmp, 0, k);
                    for (int j = 0; j < k; j++) out[off + i + j] = tmp[j];
                }
                in.position(p + 4 * n);
                return;
            }
            case F2: for (int i = 0; i < n; i++) out[off + i] = Half.toDouble(in.getShort()); return;
            case BF16: for (int i = 0; i < n; i++) out[off + i] = Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
                return;
            case I1: for (int i = 0; i < n; i++) out[off + i] = in.get(); return;
            case I2: for (int i = 0; i < n; i++) out[off + i] = in.getShort(); return;
            case I4: for (int i = 0; i < n; i++) out[off + i] = in.getInt(); return;
            case I8: for (int i = 0; i < n; i++) out[off + i] = in.getLong(); return;
            case U1: for (int i = 0; i < n; i++) out[off + i] = in.get() & 0xff; return;
            case U2: for (int i = 0; i < n; i++) out[off + i] = in.getShort() & 0xffff; return;
            case U4: for (int i = 0; i < n; i++) out[off + i] = in.getInt() & 0xffffffffL; return;
            case U8: for (int i = 0; i < n; i++) out[off + i] = unsigned(in.getLong()); return;
            case BOOL: for (int i = 0; i < n; i++) out[off + i] = in.get() != 0 ? 1 : 0; return;
            default: throw new AssertionError(this);
        }
    }

    /**
     * Encodes {@code n} doubles as this type (F8 or F4; F4 rounds to nearest, see docs/formats.md) into {@code out}.
     */
    void encode(double[] in, int off, int n, ByteBuffer out) {
        int p = out.position();
        if (this == F8) {
            out.asDoubleBuffer().put(in, off, n);
            out.position(p + 8 * n);
        } else if (this == F4) {
            java.nio.FloatBuffer f = out.asFloatBuffer();
            for (int i = 0; i < n; i++) f.put(i, (float) in[off + i]);
            out.position(p + 4 * n);
        } else {
            throw new IllegalArgumentException("attnlab writes F8 or F4, not " + this);
        }
    }

    // u8 as the nearest double, the way NumPy converts uint64 (round to nearest even)
    private static double unsigned(long v) {
        if (v >= 0) return v;
        double half = (double) ((v >>> 1) | (v & 1));   // keep the sticky bit so rounding stays correct
        return half * 2.0;
    }
}
