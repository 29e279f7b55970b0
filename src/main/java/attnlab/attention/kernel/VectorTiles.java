package attnlab.attention.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked SIMD micro-kernels behind {@link VectorAttentionKernel}: each keeps 4 rows × W columns
 * (W = two vectors, 16 doubles with AVX-512, 8 with AVX2) of accumulators in registers and streams one operand,
 * so every loaded vector feeds 4 FMAs. A {@code …1} version takes single rows (tails), and {@code …Tail} the columns
 * left over when a width is not a multiple of W. Arrays are flat with explicit offsets; the streamed operand comes
 * packed into contiguous W-wide panels ({@link #packKeyPanels}, {@link #packColumnPanels}), because rows of a
 * row-major matrix 4 KiB apart compete for one L1 set (packing made the kernel 1.7x faster).
 */
final class VectorTiles {
    private VectorTiles() {}

    /** The vector shape: the CPU's preferred width, or 256 bits with {@code -Dattnlab.simd.bits=256}. */
    static final VectorSpecies<Double> SP = Integer.getInteger("attnlab.simd.bits", 0) == 256
            ? DoubleVector.SPECIES_256 : DoubleVector.SPECIES_PREFERRED;
    /** Lanes per vector, columns per tile (two vectors), rows per tile; the forward uses 8-row tiles when 16
     *  accumulators fit in the registers (AVX-512: 32 vector registers). */
    static final int L = SP.length(), W = 2 * L, R = 4, R_FORWARD = L >= 8 ? 8 : 4;

    /**
     * Packs rows {@code j < n} of {@code x [.., cols]} transposed, W rows to a panel:
     * {@code xt[(j − j%W)·cols + c·W + j%W] = x[j·cols + c]}; rows {@code n..roundUp(n)-1} become zeros.
     */
    static void packKeyPanels(double[] x, int cols, int n, double[] xt) {
        packKeyPanels(x, cols, 0, n, xt);
    }

    /** {@link #packKeyPanels(double[], int, int, double[])} of rows {@code from..n-1} only (from a multiple of W). */
    static void packKeyPanels(double[] x, int cols, int from, int n, double[] xt) {
        for (int j = from, np = roundUp(n); j < np; j++) {
            int base = (j - j % W) * cols + j % W;
            if (j < n) for (int c = 0; c < cols; c++) xt[base + c * W] = x[j * cols + c];
            else for (int c = 0; c < cols; c++) xt[base + c * W] = 0.0;
        }
    }

    /**
     * Packs the full W-wide column panels of rows {@code j < n} of {@code x [.., cols]}:
     * {@code xp[(c − c%W)·ld + j·W + c%W] = x[j·cols + c]}, so a panel is one contiguous run ({@code ld ≥ n}).
     */
    static void packColumnPanels(double[] x, int cols, int n, int ld, double[] xp) {
        packColumnPanels(x, cols, 0, n, ld, xp);
    }

    /** {@link #packColumnPanels(double[], int, int, int, double[])} of rows {@code from..n-1} only. */
    static void packColumnPanels(double[] x, int cols, int from, int n, int ld, double[] xp) {
        int full = cols - cols % W;
        for (int j = from; j < n; j++)
            for (int c = 0; c < full; c += W) System.arraycopy(x, j * cols + c, xp, c * ld + j * W, W);
    }

    /** {@code n} rounded up to a multiple of W. */
    static int roundUp(int n) {
        return (n + W - 1) / W * W;
    }

    /**
     * {@code s[r·lkp + j] = q_(i+r) · k_j} for 4 rows and {@code j} in {@code [ja, jb)} (multiples of W), with K packed
     * by {@link #packKeyPanels}, so each W-key panel is read as one contiguous run.
     */
    static void scores4(double[] q, int i, int dk, double[] kt, int lkp, int ja, int jb, double[] s, int so) {
        int q0 = i * dk, q1 = q0 + dk, q2 = q1 + dk, q3 = q2 + dk;
        for (int j = ja; j < jb; j += W) {
            DoubleVector a00 = DoubleVector.zero(SP), a01 = a00, a10 = a00, a11 = a00,
                    a20 = a00, a21 = a00, a30 = a00, a31 = a00;
            for (int c = 0, kc = j * dk; c < dk; c++, kc += W) {
                DoubleVector k0 = DoubleVector.fromArray(SP, kt, kc), k1 = DoubleVector.fromArray(SP, kt, kc + L);
                DoubleVector b = DoubleVector.broadcast(SP, q[q0 + c]);
                a00 = k0.fma(b, a00);
                a01 = k1.fma(b, a01);
                b = DoubleVector.broadcast(SP, q[q1 + c]);
                a10 = k0.fma(b, a10);
                a11 = k1.fma(b, a11);
                b = DoubleVector.broadcast(SP, q[q2 + c]);
                a20 = k0.fma(b, a20);
                a21 = k1.fma(b, a21);
                b = DoubleVector.broadcast(SP, q[q3 + c]);
                a30 = k0.fma(b, a30);
                a31 = k1.fma(b, a31);
            }
            a00.intoArray(s, so + j);
            a01.intoArray(s, so + j + L);
            a10.intoArray(s, so + lkp + j);
            a11.intoArray(s, so + lkp + j + L);
            a20.intoArray(s, so + 2 * lkp + j);
            a21.intoArray(s, so + 2 * lkp + j + L);
            a30.intoArray(s, so + 3 * lkp + j);
            a31.intoArray(s, so + 3 * lkp + j + L);
        }
    }

    /** 8-row version of {@link #scores4} (AVX-512 has the 32 registers its 16 accumulators need). */
    static void scores8(double[] q, int i, int dk, double[] kt, int lkp, int ja, int jb, double[] s, int so) {
        int q0 = i * dk;
        for (int j = ja; j < jb; j += W) {
            DoubleVector a00 = DoubleVector.zero(SP), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00, a60 = a00, a61 = a00, a70 = a00, a71 = a00;
            for (int c = 0, kc = j * dk; c < dk; c++, kc += W) {
                DoubleVector k0 = DoubleVector.fromArray(SP, kt, kc), k1 = DoubleVector.fromArray(SP, kt, kc + L);
                DoubleVector b0 = DoubleVector.broadcast(SP, q[q0 + 0 * dk + c]);
                a00 = k0.fma(b0, a00);
                a01 = k1.fma(b0, a01);
                DoubleVector b1 = DoubleVector.broadcast(SP, q[q0 + 1 * dk + c]);
                a10 = k0.fma(b1, a10);
                a11 = k1.fma(b1, a11);
                DoubleVector b2 = DoubleVector.broadcast(SP, q[q0 + 2 * dk + c]);
                a20 = k0.fma(b2, a20);
                a21 = k1.fma(b2, a21);
                DoubleVector b3 = DoubleVector.broadcast(SP, q[q0 + 3 * dk + c]);
                a30 = k0.fma(b3, a30);
                a31 = k1.fma(b3, a31);
                DoubleVector b4 = DoubleVector.broadcast(SP, q[q0 + 4 * dk + c]);
                a40 = k0.fma(b4, a40);
                a41 = k1.fma(b4, a41);
                DoubleVector b5 = DoubleVector.broadcast(SP, q[q0 + 5 * dk + c]);
                a50 = k0.fma(b5, a50);
                a51 = k1.fma(b5, a51);
                DoubleVector b6 = DoubleVector.broadcast(SP, q[q0 + 6 * dk + c]);
                a60 = k0.fma(b6, a60);
                a61 = k1.fma(b6, a61);
                DoubleVector b7 = DoubleVector.broadcast(SP, q[q0 + 7 * dk + c]);
                a70 = k0.fma(b7, a70);
                a71 = k1.fma(b7, a71);
            }
            a00.intoArray(s, so + 0 * lkp + j);
            a01.intoArray(s, so + 0 * lkp + j + L);
            a10.intoArray(s, so + 1 * lkp + j);
            a11.intoArray(s, so + 1 * lkp + j + L);
            a20.intoArray(s, so + 2 * lkp + j);
            a21.intoArray(s, so + 2 * lkp + j + L);
            a30.intoArray(s, so + 3 * lkp + j);
            a31.intoArray(s, so + 3 * lkp + j + L);
            a40.intoArray(s, so + 4 * lkp + j);
            a41.intoArray(s, so + 4 * lkp + j + L);
            a50.intoArray(s, so + 5 * lkp + j);
            a51.intoArray(s, so + 5 * lkp + j + L);
            a60.intoArray(s, so + 6 * lkp + j);
            a61.intoArray(s, so + 6 * lkp + j + L);
            a70.intoArray(s, so + 7 * lkp + j);
            a71.intoArray(s, so + 7 * lkp + j + L);
        }
    }

    /** One-row version of {@link #scores4}, writing at {@code s[so + j]}. */
    static void scores1(double[] q, int i, int dk, double[] kt, int lkp, int ja, int jb, double[] s, int so) {
        int q0 = i * dk;
        for (int j = ja; j < jb; j += W) {
            DoubleVector a0 = DoubleVector.zero(SP), a1 = a0;
            for (int c = 0, kc = j * dk; c < dk; c++, kc += W) {
                DoubleVector b = DoubleVector.broadcast(SP, q[q0 + c]);
                a0 = DoubleVector.fromArray(SP, kt, kc).fma(b, a0);
                a1 = DoubleVector.fromArray(SP, kt, kc + L).fma(b, a1);
            }
            a0.intoArray(s, so + j);
            a1.intoArray(s, so + j + L);
        }
    }

    /**
     * {@code o[oo + r·dv + c] = inv_r · Σ_j s[r·lkp + j] · v[j·dv + c]} for 4 rows: full W-wide column panels from
     * {@code vp} (packed by {@link #packColumnPanels} with row count {@code ld}), the remaining columns from v.
     */
    static void pv4(double[] s, int so, int lkp, double[] vp, int ld, double[] v, int dv, int j0, int j1, double[] inv,
                    double[] o, int oo) {
        int c = 0;
        for (; c + W <= dv; c += W) {
            DoubleVector a00 = DoubleVector.zero(SP), a01 = a00, a10 = a00, a11 = a00,
                    a20 = a00, a21 = a00, a30 = a00, a31 = a00;
            for (int j = j0, vj = c * ld + j0 * W; j < j1; j++, vj += W) {
                DoubleVector v0 = DoubleVector.fromArray(SP, vp, vj), v1 = DoubleVector.fromArray(SP, vp, vj + L);
                DoubleVector b = DoubleVector.broadcast(SP, s[so + j]);
                a00 = v0.fma(b, a00);
                a01 = v1.fma(b, a01);
                b = DoubleVector.broadcast(SP, s[so + lkp + j]);
                a10 = v0.fma(b, a10);
                a11 = v1.fma(b, a11);
                b = DoubleVector.broadcast(SP, s[so + 2 * lkp + j]);
                a20 = v0.fma(b, a20);
                a21 = v1.fma(b, a21);
                b = DoubleVector.broadcast(SP, s[so + 3 * lkp + j]);
                a30 = v0.fma(b, a30);
                a31 = v1.fma(b, a31);
            }
            a00.mul(inv[0]).intoArray(o, oo + c);
            a01.mul(inv[0]).intoArray(o, oo + c + L);
            a10.mul(inv[1]).intoArray(o, oo + dv + c);
            a11.mul(inv[1]).intoArray(o, oo + dv + c + L);
            a20.mul(inv[2]).intoArray(o, oo + 2 * dv + c);
            a21.mul(inv[2]).intoArray(o, oo + 2 * dv + c + L);
            a30.mul(inv[3]).intoArray(o, oo + 3 * dv + c);
            a31.mul(inv[3]).intoArray(o, oo + 3 * dv + c + L);
        }
        if (c < dv) for (int r = 0; r < R; r++) pvTail(s, so + r * lkp, v, dv, c, j0, j1, inv[r], o, oo + r * dv, dv);
    }

    /** 8-row version of {@link #pv4}. */
    static void pv8(double[] s, int so, int lkp, double[] vp, int ld, double[] v, int dv, int j0, int j1, double[] inv,
                    double[] o, int oo) {
        int c = 0;
        for (; c + W <= dv; c += W) {
            DoubleVector a00 = DoubleVector.zero(SP), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00, a60 = a00, a61 = a00, a70 = a00, a71 = a00;
            for (int j = j0, vj = c * ld + j0 * W; j < j1; j++, vj += W) {
                DoubleVector v0 = DoubleVector.fromArray(SP, vp, vj), v1 = DoubleVector.fromArray(SP, vp, vj + L);
                DoubleVector b0 = DoubleVector.broadcast(SP, s[so + 0 * lkp + j]);
                a00 = v0.fma(b0, a00);
                a01 = v1.fma(b0, a01);
                DoubleVector b1 = DoubleVector.broadcast(SP, s[so + 1 * lkp + j]);
                a10 = v0.fma(b1, a10);
                a11 = v1.fma(b1, a11);
                DoubleVector b2 = DoubleVector.broadcast(SP, s[so + 2 * lkp + j]);
                a20 = v0.fma(b2, a20);
                a21 = v1.fma(b2, a21);
                DoubleVector b3 = DoubleVector.broadcast(SP, s[so + 3 * lkp + j]);
                a30 = v0.fma(b3, a30);
                a31 = v1.fma(b3, a31);
                DoubleVector b4 = DoubleVector.broadcast(SP, s[so + 4 * lkp + j]);
                a40 = v0.fma(b4, a40);
                a41 = v1.fma(b4, a41);
                DoubleVector b5 = DoubleVector.broadcast(SP, s[so + 5 * lkp + j]);
                a50 = v0.fma(b5, a50);
                a51 = v1.fma(b5, a51);
                DoubleVector b6 = DoubleVector.broadcast(SP, s[so + 6 * lkp + j]);
                a60 = v0.fma(b6, a60);
                a61 = v1.fma(b6, a61);
                DoubleVector b7 = DoubleVector.broadcast(SP, s[so + 7 * lkp + j]);
                a70 = v0.fma(b7, a70);
                a71 = v1.fma(b7, a71);
            }
            a00.mul(inv[0]).intoArray(o, oo + 0 * dv + c);
            a01.mul(inv[0]).intoArray(o, oo + 0 * dv + c + L);
            a10.mul(inv[1]).intoArray(o, oo + 1 * dv + c);
            a11.mul(inv[1]).intoArray(o, oo + 1 * dv + c + L);
            a20.mul(inv[2]).intoArray(o, oo + 2 * dv + c);
            a21.mul(inv[2]).intoArray(o, oo + 2 * dv + c + L);
            a30.mul(inv[3]).intoArray(o, oo + 3 * dv + c);
            a31.mul(inv[3]).intoArray(o, oo + 3 * dv + c + L);
            a40.mul(inv[4]).intoArray(o, oo + 4 * dv + c);
            a41.mul(inv[4]).intoArray(o, oo + 4 * dv + c + L);
            a50.mul(inv[5]).intoArray(o, oo + 5 * dv + c);
            a51.mul(inv[5]).intoArray(o, oo + 5 * dv + c + L);
            a60.mul(inv[6]).intoArray(o, oo + 6 * dv + c);
            a61.mul(inv[6]).intoArray(o, oo + 6 * dv + c + L);
            a70.mul(inv[7]).intoArray(o, oo + 7 * dv + c);
            a71.mul(inv[7]).intoArray(o, oo + 7 * dv + c + L);
        }
        if (c < dv) for (int r = 0; r < 8; r++) pvTail(s, so + r * lkp, v, dv, c, j0, j1, inv[r], o, oo + r * dv, dv);
    }

    /** One-row version of {@link #pv4}. */
    static void pv1(double[] s, int so, double[] vp, int ld, double[] v, int dv, int j0, int j1, double inv,
                    double[] o, int oo) {
        int c = 0;
        for (; c + W <= dv; c += W) {
            DoubleVector a0 = DoubleVector.zero(SP), a1 = a0;
            for (int j = j0, vj = c * ld + j0 * W; j < j1; j++, vj += W) {
                DoubleVector b = DoubleVector.broadcast(SP, s[so + j]);
                a0 = DoubleVector.fromArray(SP, vp, vj).fma(b, a0);
                a1 = DoubleVector.fromArray(SP, vp, vj + L).fma(b, a1);
            }
            a0.mul(inv).intoArray(o, oo + c);
            a1.mul(inv).intoArray(o, oo + c + L);
        }
        if (c < dv) pvTail(s, so, v, dv, c, j0, j1, inv, o, oo, dv);
    }

    /** Columns {@code c0..c1-1} of one output row (row stride of v: dv): one masked vector at a time. */
    static void pvTail(double[] s, int so, double[] v, int dv, int c0, int j0, int j1, double inv,
                               double[] o, int oo, int c1) {
        for (int c = c0; c < c1; c += L) {
            VectorMask<Double> lanes = SP.indexInRange(c, c1);
            DoubleVector a = DoubleVector.zero(SP);
            for (int j = j0, vj = j0 * dv + c; j < j1; j++, vj += dv)
                a = DoubleVector.fromArray(SP, v, vj, lanes).fma(DoubleVector.broadcast(SP, s[so + j]), a);
            a.mul(inv).intoArray(o, oo + c, lanes);
        }
    }
}
