package attnlab.attention;

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
    private static final double[] C = new double[14];          // 1/k!, k = 0..13

    static {
        double f = 1;
        for (int k = 0; k < C.length; k++) {
            if (k > 0) f *= k;
            C[k] = 1.0 / f;
        }
    }

    static DoubleVector exp(DoubleVector x) {
        var species = x.species();
        var tiny = x.compare(VectorOperators.LT, CUTOFF);
        DoubleVector xc = x.lanewise(VectorOperators.MAX, CUTOFF);
        DoubleVector n = xc.mul(LOG2E).add(ROUND).sub(ROUND);
        DoubleVector r = n.mul(-LN2_HI).add(xc).sub(n.mul(LN2_LO));
        DoubleVector p = DoubleVector.broadcast(species, C[C.length - 1]);
        for (int k = C.length - 2; k >= 0; k--) p = p.fma(r, DoubleVector.broadcast(species, C[k]));
        LongVector bits = ((LongVector) n.convert(VectorOperators.D2L, 0)).add(1023L)
                .lanewise(VectorOperators.LSHL, 52);
        DoubleVector scale = bits.reinterpretAsDoubles();
        return p.mul(scale).blend(0.0, tiny);
    }

    static double exp(double x) {
        if (x < CUTOFF) return 0.0;
        double xc = Math.max(x, CUTOFF);
        double n = (xc * LOG2E + ROUND) - ROUND;
        double r = (n * -LN2_HI + xc) - n * LN2_LO;
        double p = C[C.length - 1];
        for (int k = C.length - 2; k >= 0; k--) p = Math.fma(p, r, C[k]);
        return p * Double.longBitsToDouble(((long) n + 1023L) << 52);
    }
}
