package attnlab.attention.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@code exp(x)} for the softmax of the SIMD kernel, with the same bits in every execution mode.
 *
 * <p>Why not {@code VectorOperators.EXP}: C2 compiles it to a vendor intrinsic while the interpreter and C1 run a
 * Java fallback, and the two differ in the last bit, so two identical training runs could diverge depending on when
 * the JIT kicked in. This version uses only exactly rounded operations (mul, add, FMA, conversions, shifts), so the
 * interpreter, C1 and C2 agree bit for bit, and the scalar tail uses the same formula lane by lane.
 *
 * <pre>
 *   n = round(x / ln 2),   r = x − n·ln2_hi − n·ln2_lo      (Cody–Waite, |r| ≤ ln 2 / 2)
 *   exp(x) = 2ⁿ · Σ_{k=0..13} rᵏ/k!                          (Horner; truncation error &lt; 2e-17 relative)
 * </pre>
 * Domain: x ≤ 0 as in a softmax after the row max is subtracted (x &lt; −708 gives 0, below 1e-307; −inf gives 0;
 * NaN gives NaN). Error against {@code Math.exp}: about 1 ulp.
 */
final class VectorExp {
    private VectorExp() {}

    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2_HI = 0.6931471803691238;   // ln 2 with its low 28 bits cleared: n·LN2_HI is exact
    private static final double LN2_LO = 1.9082149292705877e-10;
    private static final double CUTOFF = -708.0;
    private static final double ROUND = 6755399441055744.0;   // 1.5·2⁵²: (y + ROUND) − ROUND rounds y to an integer
    private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    // 1/k!, k = 0..13
    private static final double C0 = 1, C1 = 1, C2 = 1 / 2.0, C3 = 1 / 6.0, C4 = 1 / 24.0, C5 = 1 / 120.0,
            C6 = 1 / 720.0, C7 = 1 / 5040.0, C8 = 1 / 40320.0, C9 = 1 / 362880.0, C10 = 1 / 3628800.0,
            C11 = 1 / 39916800.0, C12 = 1 / 479001600.0, C13 = 1 / 6227020800.0;
    /** Lane-wise exp of a vector of the kernel's species {@link VectorTiles#SP} (a constant, so C2 intrinsifies). */
    static DoubleVector exp(DoubleVector x) {
        var tiny = x.compare(VectorOperators.LT, CUTOFF);
        DoubleVector xc = x.lanewise(VectorOperators.MAX, CUTOFF);
        DoubleVector t = xc.mul(LOG2E).add(ROUND);                 // n sits in the low mantissa bits of t
        DoubleVector n = t.sub(ROUND);
        DoubleVector r = n.mul(-LN2_HI).add(xc).sub(n.mul(LN2_LO));
        // Horner, the same chain of FMAs as the scalar version below; coefficients as scalar operands (C2 hoists
        // their broadcasts), not vectors read from an array: that made exp a quarter of the forward pass
        DoubleVector p = r.fma(C13, C12);
        p = p.fma(r, b(C11)); p = p.fma(r, b(C10)); p = p.fma(r, b(C9)); p = p.fma(r, b(C8));
        p = p.fma(r, b(C7));  p = p.fma(r, b(C6));  p = p.fma(r, b(C5)); p = p.fma(r, b(C4));
        p = p.fma(r, b(C3));  p = p.fma(r, b(C2));  p = p.fma(r, b(C1)); p = p.fma(r, b(C0));
        // 2ⁿ: bits(t) − bits(ROUND) = n exactly, then the exponent field is n + 1023
        LongVector e = t.reinterpretAsLongs().sub(ROUND_BITS - 1023L).lanewise(VectorOperators.LSHL, 52);
        return p.mul(e.reinterpretAsDoubles()).blend(0.0, tiny);
    }

    private static DoubleVector b(double c) {
        return DoubleVector.broadcast(VectorTiles.SP, c);
    }

    static double exp(double x) {
        if (x < CUTOFF) return 0.0;
        double xc = Math.max(x, CUTOFF);
        double n = (xc * LOG2E + ROUND) - ROUND;
        double r = (n * -LN2_HI + xc) - n * LN2_LO;
        double p = Math.fma(r, C13, C12);
        p = Math.fma(p, r, C11); p = Math.fma(p, r, C10); p = Math.fma(p, r, C9); p = Math.fma(p, r, C8);
        p = Math.fma(p, r, C7);  p = Math.fma(p, r, C6);  p = Math.fma(p, r, C5); p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);  p = Math.fma(p, r, C2);  p = Math.fma(p, r, C1); p = Math.fma(p, r, C0);
        return p * Double.longBitsToDouble(((long) n + 1023L) << 52);
    }
}
