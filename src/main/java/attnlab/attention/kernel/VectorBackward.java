package attnlab.attention.kernel;

import attnlab.attention.BandMask;
import attnlab.tensor.Interrupts;
import jdk.incubator.vector.DoubleVector;

import static attnlab.attention.kernel.VectorTiles.*;

/**
 * The SIMD backward pass of one slice with finite inputs ({@link VectorAttentionKernel#backwardSlice}), per block of
 * {@link #RB} query rows. Each line cites the forward line it differentiates (numerics §5; blocked keys have P = 0
 * exactly, so inside a row's key range they add exact zeros):
 * <pre>
 *   D_r       = Σ_c dO_rc O_rc                                  (rowsum term; summed exactly like dP below)
 *   dP[r, j]  = dO_r · V_j             forward: O_r = Σ_j P_rj V_j        (scores8/4 on a packed Vᵀ)
 *   G[r, j]   = scale · P_rj (dP_rj − D_r)   forward: P = softmax(S), S = scale · Q Kᵀ + M
 *   dQ_r      = Σ_j G[r, j] K_j        forward: S_rj = scale · q_r · k_j  (pv8/4 with K in place of V)
 *   dK_j     += Σ_r G[r, j] Q_r        forward: the same line             (keyTile over the block's rows)
 *   dV_j     += Σ_r P_rj dO_r          forward: O_r = Σ_j P_rj V_j        (keyTile)
 * </pre>
 * G of the whole block is kept (RB × Lk doubles), so dK and dV are register-blocked like a matmul: a tile of
 * {@link #KB} keys × W columns stays in registers (loaded from dK, dV and stored back) while the block's rows stream
 * by, so each dK, dV entry is loaded and stored once per block rather than once per 4 rows (1.3x on its own; the
 * tiles start from the stored values rather than from zero, because a separate add at the end pushed C2 past its
 * inlining budget and made the 8-key tile 3x slower). Rows with no allowed key get G = 0 and are packed as zero
 * rows of Q and dO (their values may be NaN and must not be touched).
 */
final class VectorBackward {
    private VectorBackward() {}

    /** Query rows per block; keys per dK/dV register tile (8 with AVX-512's 32 registers, else 4). */
    static final int RB = 64, KB = R_FORWARD;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread buffers: Vᵀ and K panels, the block's G, its Q and dO rows in panels, row ranges. */
    private static final class Scratch {
        double[] vt = new double[0], kp = new double[0], g = new double[0], qp = new double[0], gp = new double[0];
        final double[] ones = {1, 1, 1, 1, 1, 1, 1, 1};
        final int[] first = new int[RB], end = new int[RB];

        void ensure(int lkp, int dk, int dv) {
            if (vt.length < dv * lkp) vt = new double[dv * lkp];
            if (kp.length < dk * lkp) kp = new double[dk * lkp];
            if (g.length < RB * lkp) g = new double[RB * lkp];
            if (qp.length < dk * RB) qp = new double[dk * RB];
            if (gp.length < dv * RB) gp = new double[dv * RB];
        }
    }

    /** See {@link BlockedAttentionKernel#backwardSlice}: dq, dkk, dvv arrive zeroed. */
    static void slice(double[] q, double[] k, double[] v, double[] m, BandMask band, double[] p, double[] o,
                      double[] dO, double scale, double[] dq, double[] dkk, double[] dvv, int lq, int lk, int dk, int dv) {
        int lkp = roundUp(lk);
        Scratch w = SCRATCH.get();
        w.ensure(lkp, dk, dv);
        packKeyPanels(v, dv, lk, w.vt);          // Vᵀ for dP = dO Vᵀ
        packColumnPanels(k, dk, lk, lkp, w.kp);  // K for dQ = G K
        int[] first = w.first, end = w.end;
        double[] g = w.g;
        for (int i0 = 0; i0 < lq; i0 += RB) {
            Interrupts.poll();
            int nb = Math.min(RB, lq - i0), J0 = lk, J1 = 0;
            for (int r = 0; r < nb; r++) {
                first[r] = BlockedAttentionKernel.firstAllowed(m, band, i0 + r, lq, lk);
                end[r] = BlockedAttentionKernel.endAllowed(m, band, i0 + r, lq, lk);
                if (first[r] < end[r]) {
                    J0 = Math.min(J0, first[r]);
                    J1 = Math.max(J1, end[r]);
                }
            }
            if (J0 >= J1) continue; // every row fully blocked: zero gradients
            for (int r = 0; r < nb; ) { // G and dQ, a tile of 8 or 4 live rows at a time, else row by row
                int t = tileRows(first, end, r, nb);
                int j0 = lk, j1 = 0;
                for (int x = r; x < r + t; x++) {
                    j0 = Math.min(j0, first[x]);
                    j1 = Math.max(j1, end[x]);
                }
                int i = i0 + r, so = r * lkp, ja = j0 - j0 % W, jb = Math.min(lkp, roundUp(j1));
                if (j0 >= j1) { // a fully blocked row: G = 0
                    java.util.Arrays.fill(g, so + J0, so + J1, 0.0);
                    r++;
                    continue;
                }
                if (t == 8) scores8(dO, i, dv, w.vt, lkp, ja, jb, g, so);
                else if (t == 4) scores4(dO, i, dv, w.vt, lkp, ja, jb, g, so);
                else scores1(dO, i, dv, w.vt, lkp, ja, jb, g, so);
                for (int x = 0; x < t; x++) softmaxGrad(g, so + x * lkp, p, (i + x) * lk, o, dO, (i + x) * dv, dv,
                        scale, j0, j1, J0, J1);
                if (t == 8) pv8(g, so, lkp, w.kp, lkp, k, dk, j0, j1, w.ones, dq, i * dk);
                else if (t == 4) pv4(g, so, lkp, w.kp, lkp, k, dk, j0, j1, w.ones, dq, i * dk);
                else pv1(g, so, w.kp, lkp, k, dk, j0, j1, 1.0, dq, i * dk);
                r += t;
            }
            packRows(q, i0, nb, dk, first, end, w.qp);
            packRows(dO, i0, nb, dv, first, end, w.gp);
            keyTiles(g, 0, lkp, nb, w.qp, q, i0, dk, first, end, J0, J1, dkk);
            keyTiles(p, i0 * lk, lk, nb, w.gp, dO, i0, dv, first, end, J0, J1, dvv);
        }
    }

    /** How many rows from r form the next tile: 8 (AVX-512) or 4 rows that all have allowed keys, else 1. */
    private static int tileRows(int[] first, int[] end, int r, int nb) {
        for (int t = R_FORWARD; t >= R; t -= 4) {
            if (r + t > nb) continue;
            boolean live = true;
            for (int x = r; x < r + t; x++) live &= first[x] < end[x];
            if (live) return t;
        }
        return 1;
    }

    /**
     * {@code g[so + j] = scale · p[po + j] · (g[so + j] − D)} on {@code [j0, j1)} with {@code D = dO_r · O_r}, and
     * 0 on the rest of {@code [J0, J1)}.
     */
    private static void softmaxGrad(double[] g, int so, double[] p, int po, double[] o, double[] dO, int oo, int dv,
                                    double scale, int j0, int j1, int J0, int J1) {
        // D = dO_r · O_r as the same chain of FMAs, in the same order, as each lane of dP = dO Vᵀ in scores8/4/1:
        // where the row's weight sits on one key (one key in all, a saturated softmax) O_r = V_j exactly, so
        // dP_rj − D is exactly 0 as in the reference (a plain-loop D left ~1e-16 there, issue 12 item 21)
        double d = 0;
        for (int c = 0; c < dv; c++) d = Math.fma(o[oo + c], dO[oo + c], d);
        int j = j0;
        for (int vend = j0 + (j1 - j0) / L * L; j < vend; j += L) {
            DoubleVector pv = DoubleVector.fromArray(SP, p, po + j);
            DoubleVector.fromArray(SP, g, so + j).sub(d).mul(pv).mul(scale).intoArray(g, so + j);
        }
        for (; j < j1; j++) g[so + j] = (g[so + j] - d) * p[po + j] * scale;
        java.util.Arrays.fill(g, so + J0, so + Math.max(J0, j0), 0.0);
        java.util.Arrays.fill(g, so + Math.min(J1, j1), so + J1, 0.0);
    }

    /** Rows {@code i0..i0+nb-1} of {@code x [.., d]} into W-wide panels {@code xp[c·RB + r·W + c%W]}; dead rows 0. */
    private static void packRows(double[] x, int i0, int nb, int d, int[] first, int[] end, double[] xp) {
        int full = d - d % W;
        for (int r = 0; r < nb; r++)
            for (int c = 0; c < full; c += W)
                if (first[r] < end[r]) System.arraycopy(x, (i0 + r) * d + c, xp, c * RB + r * W, W);
                else java.util.Arrays.fill(xp, c * RB + r * W, c * RB + r * W + W, 0.0);
    }

    /**
     * {@code y[j·d + c] += Σ_r a[ao + r·ars + j] · x_(i0+r)[c]} for keys {@code j} in {@code [J0, J1)}, over the nb
     * rows of the block: full panels from {@code xp} in KB-key register tiles, the rest key by key and (for columns
     * past the last full panel) row by row from x, skipping dead rows.
     */
    private static void keyTiles(double[] a, int ao, int ars, int nb, double[] xp, double[] x, int i0, int d,
                                 int[] first, int[] end, int J0, int J1, double[] y) {
        int full = d - d % W;
        for (int c = 0; c < full; c += W) {
            int j = J0;
            if (KB == 8) for (; j + 8 <= J1; j += 8) tile8(a, ao, ars, nb, xp, c * RB, j, y, j * d + c, d);
            else for (; j + 4 <= J1; j += 4) tile4(a, ao, ars, nb, xp, c * RB, j, y, j * d + c, d);
            for (; j < J1; j++) tile1(a, ao, ars, nb, xp, c * RB, j, y, j * d + c);
        }
        if (full < d)
            for (int r = 0; r < nb; r++)
                if (first[r] < end[r]) rankTail(a, ao + r * ars, x, (i0 + r) * d, d, full, J0, J1, y);
    }

    /** 8 keys × W columns: {@code y[yo + t·d ..+W) += Σ_r a[ao + r·ars + j + t] · xp[xo + r·W ..+W)}. */
    private static void tile8(double[] a, int ao, int ars, int nb, double[] xp, int xo, int j, double[] y, int yo,
                              int d) {
        DoubleVector a00 = ld(y, yo), a01 = ld(y, yo + L), a10 = ld(y, yo + d), a11 = ld(y, yo + d + L),
                a20 = ld(y, yo + 2 * d), a21 = ld(y, yo + 2 * d + L), a30 = ld(y, yo + 3 * d), a31 = ld(y, yo + 3 * d + L),
                a40 = ld(y, yo + 4 * d), a41 = ld(y, yo + 4 * d + L), a50 = ld(y, yo + 5 * d), a51 = ld(y, yo + 5 * d + L),
                a60 = ld(y, yo + 6 * d), a61 = ld(y, yo + 6 * d + L), a70 = ld(y, yo + 7 * d), a71 = ld(y, yo + 7 * d + L);
        for (int r = 0, ar = ao + j, xr = xo; r < nb; r++, ar += ars, xr += W) {
            DoubleVector x0 = DoubleVector.fromArray(SP, xp, xr), x1 = DoubleVector.fromArray(SP, xp, xr + L);
            DoubleVector b = DoubleVector.broadcast(SP, a[ar]);
            a00 = x0.fma(b, a00);
            a01 = x1.fma(b, a01);
            b = DoubleVector.broadcast(SP, a[ar + 1]);
            a10 = x0.fma(b, a10);
            a11 = x1.fma(b, a11);
            b = DoubleVector.broadcast(SP, a[ar + 2]);
            a20 = x0.fma(b, a20);
            a21 = x1.fma(b, a21);
            b = DoubleVector.broadcast(SP, a[ar + 3]);
            a30 = x0.fma(b, a30);
            a31 = x1.fma(b, a31);
            b = DoubleVector.broadcast(SP, a[ar + 4]);
            a40 = x0.fma(b, a40);
            a41 = x1.fma(b, a41);
            b = DoubleVector.broadcast(SP, a[ar + 5]);
            a50 = x0.fma(b, a50);
            a51 = x1.fma(b, a51);
            b = DoubleVector.broadcast(SP, a[ar + 6]);
            a60 = x0.fma(b, a60);
            a61 = x1.fma(b, a61);
            b = DoubleVector.broadcast(SP, a[ar + 7]);
            a70 = x0.fma(b, a70);
            a71 = x1.fma(b, a71);
        }
        a00.intoArray(y, yo);
        a01.intoArray(y, yo + L);
        a10.intoArray(y, yo + d);
        a11.intoArray(y, yo + d + L);
        a20.intoArray(y, yo + 2 * d);
        a21.intoArray(y, yo + 2 * d + L);
        a30.intoArray(y, yo + 3 * d);
        a31.intoArray(y, yo + 3 * d + L);
        a40.intoArray(y, yo + 4 * d);
        a41.intoArray(y, yo + 4 * d + L);
        a50.intoArray(y, yo + 5 * d);
        a51.intoArray(y, yo + 5 * d + L);
        a60.intoArray(y, yo + 6 * d);
        a61.intoArray(y, yo + 6 * d + L);
        a70.intoArray(y, yo + 7 * d);
        a71.intoArray(y, yo + 7 * d + L);
    }

    /** 4-key version of {@link #tile8} (AVX2: 16 registers). */
    private static void tile4(double[] a, int ao, int ars, int nb, double[] xp, int xo, int j, double[] y, int yo,
                              int d) {
        DoubleVector a00 = ld(y, yo), a01 = ld(y, yo + L), a10 = ld(y, yo + d), a11 = ld(y, yo + d + L),
                a20 = ld(y, yo + 2 * d), a21 = ld(y, yo + 2 * d + L), a30 = ld(y, yo + 3 * d), a31 = ld(y, yo + 3 * d + L);
        for (int r = 0, ar = ao + j, xr = xo; r < nb; r++, ar += ars, xr += W) {
            DoubleVector x0 = DoubleVector.fromArray(SP, xp, xr), x1 = DoubleVector.fromArray(SP, xp, xr + L);
            DoubleVector b = DoubleVector.broadcast(SP, a[ar]);
            a00 = x0.fma(b, a00);
            a01 = x1.fma(b, a01);
            b = DoubleVector.broadcast(SP, a[ar + 1]);
            a10 = x0.fma(b, a10);
            a11 = x1.fma(b, a11);
            b = DoubleVector.broadcast(SP, a[ar + 2]);
            a20 = x0.fma(b, a20);
            a21 = x1.fma(b, a21);
            b = DoubleVector.broadcast(SP, a[ar + 3]);
            a30 = x0.fma(b, a30);
            a31 = x1.fma(b, a31);
        }
        a00.intoArray(y, yo);
        a01.intoArray(y, yo + L);
        a10.intoArray(y, yo + d);
        a11.intoArray(y, yo + d + L);
        a20.intoArray(y, yo + 2 * d);
        a21.intoArray(y, yo + 2 * d + L);
        a30.intoArray(y, yo + 3 * d);
        a31.intoArray(y, yo + 3 * d + L);
    }

    /** One-key version of {@link #tile8}. */
    private static void tile1(double[] a, int ao, int ars, int nb, double[] xp, int xo, int j, double[] y, int yo) {
        DoubleVector a0 = ld(y, yo), a1 = ld(y, yo + L);
        for (int r = 0, ar = ao + j, xr = xo; r < nb; r++, ar += ars, xr += W) {
            DoubleVector b = DoubleVector.broadcast(SP, a[ar]);
            a0 = DoubleVector.fromArray(SP, xp, xr).fma(b, a0);
            a1 = DoubleVector.fromArray(SP, xp, xr + L).fma(b, a1);
        }
        a0.intoArray(y, yo);
        a1.intoArray(y, yo + L);
    }

    /** The W/2-wide vector at {@code y[yo]}. */
    private static DoubleVector ld(double[] y, int yo) {
        return DoubleVector.fromArray(SP, y, yo);
    }

    /** Columns {@code c0..d-1} of {@code y[j·d + c] += a[ao + j] · x[xo + c]} for j in {@code [j0, j1)}, scalar. */
    private static void rankTail(double[] a, int ao, double[] x, int xo, int d, int c0, int j0, int j1, double[] y) {
        for (int j = j0; j < j1; j++) {
            double b = a[ao + j];
            for (int c = c0; c < d; c++) y[j * d + c] += b * x[xo + c];
        }
    }
}
