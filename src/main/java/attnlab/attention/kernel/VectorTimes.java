package attnlab.attention.kernel;

import attnlab.attention.Heads;
import attnlab.attention.MultiHeadAttention;
import attnlab.tensor.Tensor;
import jdk.incubator.vector.DoubleVector;

import static attnlab.attention.kernel.VectorTiles.*;

/**
 * The SIMD {@code out_b = x_b W} behind {@link VectorAttentionKernel#times} and {@link VectorAttentionKernel#timesHeads}
 * (the projections of {@link MultiHeadAttention}). W is packed once per call into W-wide column panels (K·W doubles
 * each, contiguous), or comes packed ({@link #timesPacked}, {@link PackedWeights}: a model's weights, packed at
 * load); units of 64 rows of a slice go to {@link KernelThreads}. Per panel, every 8-row block (4 with AVX2) of the
 * unit keeps its 8 × W outputs in registers:
 * <pre>
 *   C[r, c..c+W) = Σ_k x[r, k] · W[k, c..c+W)       2 loads + 8 broadcasts feed 16 FMAs
 * </pre>
 * With {@code heads > 0} the output goes straight into the per-head layout of {@link Heads#split} (no [B, L, D]
 * intermediate and no copy): column c of row i of slice b lands in slice {@code b·H + c / dh}, column
 * {@code c % dh}, dh = N / H; that needs dh to be a multiple of W (callers check {@link #splitsCleanly}).
 */
final class VectorTimes {
    private VectorTimes() {}

    /** True when head width {@code dh} keeps every W-wide column panel inside one head. */
    static boolean splitsCleanly(int dh) {
        return dh % W == 0;
    }

    /** x {@code [n, M, K]}, W {@code [K, N]}; out {@code [n, M, N]} ({@code heads == 0}) or {@code [n·H, M, N/H]}. */
    static void times(Tensor x, Tensor Wt, Tensor out, int heads) {
        // per-call scratch: W in column panels (a model packs its weights once instead: PackedWeights)
        timesPacked(x, PackedWeights.of(Wt, W).data, Wt.cols(), out, heads);
    }

    /**
     * {@link #times} on W already packed ({@code wp}, the layout of {@link PackedWeights} with panel width W):
     * every output is the same FMA chain over k whichever path (8-row, 4-row, row or column tail) computes it.
     */
    static void timesPacked(Tensor x, double[] wp, int n, Tensor out, int heads) {
        timesPacked(x, wp, 0, n, out, heads);
    }

    /** The same with the packed W starting at {@code wp[base]} (a model's weights share large arrays). */
    static void timesPacked(Tensor x, double[] wp, int base, int n, Tensor out, int heads) {
        int m = x.rows(), kd = x.cols(), slices = x.batch(), dh = heads == 0 ? n : n / heads, full = n - n % W;
        int chunks = (m + BlockedAttentionKernel.ROWS_PER_UNIT - 1) / BlockedAttentionKernel.ROWS_PER_UNIT;
        KernelThreads.forEach(slices * chunks, 2L * slices * m * kd * n, u -> {
            int b = u / chunks, i0 = (u % chunks) * BlockedAttentionKernel.ROWS_PER_UNIT,
                    i1 = Math.min(m, i0 + BlockedAttentionKernel.ROWS_PER_UNIT);
            double[] a = x.slice(b).data, ap = packed(a, i0, i1, kd);
            int i8 = R_FORWARD == 8 ? i0 + (i1 - i0) / 8 * 8 : i0; // rows [i0, i8) in 8-row tiles
            // per panel, KC k's at a time: the unit's 8-row tiles share that block of the panel while it is in L1; a
            // tile's accumulators go to c between blocks and come back, so each output is still one FMA chain over k
            for (int col = 0; col < full && i8 > i0; col += W) {
                int h = col / dh, cs = heads == 0 ? n : dh, cc = col - h * dh; // destination row stride, column
                double[] c = heads == 0 ? out.slice(b).data : out.slice(b * heads + h).data;
                for (int k0 = 0, tiles = (i8 - i0) / 8; k0 < kd; k0 += KC) {
                    int nk = Math.min(KC, kd - k0), wo = base + col * kd + k0 * W, block = nk * W;
                    // the block AHEAD blocks on in memory (this panel's later k's, or the next panel) is touched
                    // while this one is computed, a share per tile (ps doubles a k-step), so no tile waits for memory
                    int share = (block + tiles - 1) / tiles, ps = Math.max(1, share / nk), ahead = wo + AHEAD * block;
                    boolean room = ahead + (tiles - 1) * share + (nk - 1) * ps < wp.length; // the last read ahead
                    for (int i = i0, t = 0; i < i8; i += 8, t++)
                        panel8(ap, (i - i0) * kd + 8 * k0, nk, wp, wo, c, i * cs + cc, cs, k0 > 0,
                                room ? ahead + t * share : wo, room ? ps : 0);
                }
            }
            int col = 0;
            for (; col < full; col += W) {
                int h = col / dh, cs = heads == 0 ? n : dh, cc = col - h * dh; // destination row stride, column
                double[] c = heads == 0 ? out.slice(b).data : out.slice(b * heads + h).data;
                int i = i8;
                for (; i + R <= i1; i += R) panel4(a, i * kd, kd, wp, base + col * kd, c, i * cs + cc, cs);
                // row tail: the panel read as a [kd, W] row-major matrix at col·kd
                for (int p0 = base + col * kd; i < i1; i++) pvTail(a, i * kd, wp, W, p0, 0, kd, 1.0, c, i * cs + cc - p0,
                        p0 + W);
            }
            if (col < n) { // only without heads: splitsCleanly leaves no column tail; the tail is [kd, n − full]
                double[] c = out.slice(b).data;
                int nt = n - full, t0 = base + full * kd;
                for (int i = i0; i < i1; i++) pvTail(a, i * kd, wp, nt, t0, 0, kd, 1.0, c, i * n + full - t0, t0 + nt);
            }
        });
    }

    /**
     * The k's a tile takes at a time in {@link #timesPacked}: a panel's block of KC·W doubles (16 KiB with AVX-512) is
     * read from L2 or memory by the unit's first 8-row tile and from L1 by the other seven; meanwhile the tiles read
     * the block {@link #AHEAD} blocks on ahead ({@link #panel8}). {@code bench/products.sh} (2 cores, AVX-512, GFLOP/s),
     * against whole-K panels for K ≤ 1024, the blocks taken all panels at a time for larger K, and no reads ahead:
     * W in cache at K ≤ 1024 and N ≤ 3072 unchanged (116–126); 128×3072×768 102 → 106–108; the unembeddings
     * 128×768×50257 93 → 99–105 and 128×576×49152 89–90 → 101; 100 different W of 576×1536 read from memory
     * 89–92 → 97–100. KC = 256 with one block ahead gave 2–5 % less.
     */
    static final int KC = 128, AHEAD = 2;

    /**
     * {@code out = Σ_b x_bᵀ y_b} (x {@code [n, M, K]}, y {@code [n, M, N]}, out {@code [K, N]}): one product
     * {@code Xᵀ Y} with the batch folded into the inner dimension p = (b, m), and no transposed copy of x: a row block
     * of {@code Xᵀ} (8 rows, or 4 with AVX2) packed interleaved, {@code ap[p·T + r] = x_b[m, k + r]}, is T contiguous
     * doubles of one row of x. Y is packed once per call into W-wide column panels over all n·M rows; units of 64
     * output rows go to {@link KernelThreads}; edge tiles are computed whole into zero-padded operands and only their
     * valid part is stored.
     */
    static void transposedTimes(Tensor x, Tensor y, Tensor out) {
        int n = x.batch(), m = x.rows(), k = x.cols(), cols = y.cols(), inner = n * m, t = R_FORWARD;
        int np = roundUp(cols);
        double[] c = out.matrix().data;
        java.util.Arrays.fill(c, 0, k * cols, 0.0);
        if (k == 0 || cols == 0 || inner == 0) return;
        double[] yp = panels(inner, np);
        for (int b = 0; b < n; b++) { // yp[col0·inner + p·W + c % W] = y[p, col0 + c % W], zero past the last column
            double[] ys = y.slice(b).data;
            for (int col0 = 0; col0 < np; col0 += W) {
                int w = Math.min(W, cols - col0);
                if (w == W) // whole panels: two vector copies a row (arraycopy calls cost more at this size)
                    for (int i = 0, dst = col0 * inner + b * m * W, src = col0; i < m; i++, dst += W, src += cols) {
                        DoubleVector.fromArray(SP, ys, src).intoArray(yp, dst);
                        DoubleVector.fromArray(SP, ys, src + L).intoArray(yp, dst + L);
                    }
                else
                    for (int i = 0, p = b * m; i < m; i++, p++) {
                        int dst = col0 * inner + p * W;
                        System.arraycopy(ys, i * cols + col0, yp, dst, w);
                        java.util.Arrays.fill(yp, dst + w, dst + W, 0.0);
                    }
            }
        }
        int chunks = (k + BlockedAttentionKernel.ROWS_PER_UNIT - 1) / BlockedAttentionKernel.ROWS_PER_UNIT;
        KernelThreads.forEach(chunks, 2L * k * inner * cols, u -> {
            int k0 = u * BlockedAttentionKernel.ROWS_PER_UNIT, k1 = Math.min(k, k0 + BlockedAttentionKernel.ROWS_PER_UNIT);
            double[][] scratch = SCRATCH.get();
            int size = (k1 - k0 + t - 1) / t * t * inner;
            if (scratch[0].length < size) scratch[0] = new double[size];
            double[] ap = scratch[0], tile = new double[t * W];
            for (int r0 = k0; r0 < k1; r0 += t) { // rows r0..r0+t-1 of Xᵀ, interleaved; rows past k are zeros
                int rows = Math.min(t, k1 - r0), base = (r0 - k0) * inner;
                for (int b = 0; b < n; b++) {
                    double[] xs = x.slice(b).data;
                    if (rows == t && t == L) // one vector a row
                        for (int i = 0, dst = base + b * m * t, src = r0; i < m; i++, dst += t, src += k)
                            DoubleVector.fromArray(SP, xs, src).intoArray(ap, dst);
                    else
                        for (int i = 0, p = b * m; i < m; i++, p++)
                            for (int r = 0; r < t; r++) ap[base + p * t + r] = r < rows ? xs[i * k + r0 + r] : 0.0;
                }
            }
            for (int col0 = 0; col0 < np; col0 += W)
                for (int r0 = k0; r0 < k1; r0 += t) {
                    boolean whole = r0 + t <= k1 && col0 + W <= cols;
                    double[] dst = whole ? c : tile;
                    int dOff = whole ? r0 * cols + col0 : 0, ds = whole ? cols : W;
                    if (t == 8) panel8(ap, (r0 - k0) * inner, inner, yp, col0 * inner, dst, dOff, ds, false, col0 * inner, 0);
                    else panel4p(ap, (r0 - k0) * inner, inner, yp, col0 * inner, dst, dOff, ds);
                    if (!whole)
                        for (int r = 0; r < Math.min(t, k1 - r0); r++)
                            System.arraycopy(tile, r * W, c, (r0 + r) * cols + col0, Math.min(W, cols - col0));
                }
        });
    }

    /** The calling thread's buffer for packed column panels of {@code rows × cols} (grown on demand, reused). */
    private static double[] panels(int rows, int cols) {
        double[][] p = PANELS.get();
        if (p[0].length < rows * cols) p[0] = new double[rows * cols];
        return p[0];
    }

    private static final ThreadLocal<double[][]> PANELS = ThreadLocal.withInitial(() -> new double[1][0]);

    /** {@link #panel4} on 4 rows packed interleaved ({@code a[ao + k·4 + r]}), as {@link #panel8} reads 8. */
    static void panel4p(double[] a, int ao, int kd, double[] wp, int wo, double[] c, int co, int cs) {
        DoubleVector a00 = DoubleVector.zero(SP), a01 = a00, a10 = a00, a11 = a00,
                a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (int k = 0, wk = wo, ak = ao; k < kd; k++, wk += W, ak += 4) {
            DoubleVector v0 = DoubleVector.fromArray(SP, wp, wk), v1 = DoubleVector.fromArray(SP, wp, wk + L);
            DoubleVector b = DoubleVector.broadcast(SP, a[ak]);
            a00 = v0.fma(b, a00);
            a01 = v1.fma(b, a01);
            b = DoubleVector.broadcast(SP, a[ak + 1]);
            a10 = v0.fma(b, a10);
            a11 = v1.fma(b, a11);
            b = DoubleVector.broadcast(SP, a[ak + 2]);
            a20 = v0.fma(b, a20);
            a21 = v1.fma(b, a21);
            b = DoubleVector.broadcast(SP, a[ak + 3]);
            a30 = v0.fma(b, a30);
            a31 = v1.fma(b, a31);
        }
        a00.intoArray(c, co);
        a01.intoArray(c, co + L);
        a10.intoArray(c, co + cs);
        a11.intoArray(c, co + cs + L);
        a20.intoArray(c, co + 2 * cs);
        a21.intoArray(c, co + 2 * cs + L);
        a30.intoArray(c, co + 3 * cs);
        a31.intoArray(c, co + 3 * cs + L);
    }

    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[1][0]);

    /**
     * Rows {@code i0..} of {@code a [.., kd]} in blocks of 8, interleaved: {@code ap[(i − i0)·kd + k·8 + r]} holds
     * row {@code i + r} of the block starting at i, so {@link #panel8} reads its 8 broadcasts from one cache line
     * (rows of x 4 KiB apart, as at D = 512, otherwise fight over one L1 set). Only with 8-row tiles.
     */
    private static double[] packed(double[] a, int i0, int i1, int kd) {
        if (R_FORWARD != 8) return null;
        double[][] s = SCRATCH.get();
        if (s[0].length < (i1 - i0) * kd) s[0] = new double[(i1 - i0) * kd];
        double[] ap = s[0];
        for (int i = i0; i + 8 <= i1; i += 8)
            for (int r = 0; r < 8; r++)
                for (int k = 0, src = (i + r) * kd, dst = (i - i0) * kd + r; k < kd; k++, dst += 8) ap[dst] = a[src + k];
        return ap;
    }

    /** {@code c[co + r·cs ..+W) = Σ_k a[ao + r·kd + k] · wp[wo + k·W ..+W)} for 4 rows r. */
    static void panel4(double[] a, int ao, int kd, double[] wp, int wo, double[] c, int co, int cs) {
        DoubleVector a00 = DoubleVector.zero(SP), a01 = a00, a10 = a00, a11 = a00,
                a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (int k = 0, wk = wo; k < kd; k++, wk += W) {
            DoubleVector v0 = DoubleVector.fromArray(SP, wp, wk), v1 = DoubleVector.fromArray(SP, wp, wk + L);
            DoubleVector b = DoubleVector.broadcast(SP, a[ao + k]);
            a00 = v0.fma(b, a00);
            a01 = v1.fma(b, a01);
            b = DoubleVector.broadcast(SP, a[ao + kd + k]);
            a10 = v0.fma(b, a10);
            a11 = v1.fma(b, a11);
            b = DoubleVector.broadcast(SP, a[ao + 2 * kd + k]);
            a20 = v0.fma(b, a20);
            a21 = v1.fma(b, a21);
            b = DoubleVector.broadcast(SP, a[ao + 3 * kd + k]);
            a30 = v0.fma(b, a30);
            a31 = v1.fma(b, a31);
        }
        a00.intoArray(c, co);
        a01.intoArray(c, co + L);
        a10.intoArray(c, co + cs);
        a11.intoArray(c, co + cs + L);
        a20.intoArray(c, co + 2 * cs);
        a21.intoArray(c, co + 2 * cs + L);
        a30.intoArray(c, co + 3 * cs);
        a31.intoArray(c, co + 3 * cs + L);
    }

    /**
     * 8-row version of {@link #panel4} (AVX-512: 32 registers), on rows packed by {@link #packed}; {@code add}: the
     * chains continue from what c holds. Each k-step also reads {@code wp[pf + k·ps]}, a part of a block the
     * caller computes later ({@link #KC}), so that it is in cache by then: this machine's memory gives one thread
     * about 4 GB/s, and a tile that reads a block first would otherwise wait for it (a model's weights, read once a
     * forward; figures at {@link #KC}). {@code ps = 0}: no reads ahead.
     */
    static void panel8(double[] a, int ao, int kd, double[] wp, int wo, double[] c, int co, int cs, boolean add,
                       int pf, int ps) {
        double ahead = 0; // the reads ahead, summed so that the JIT keeps them
        DoubleVector z = DoubleVector.zero(SP), a00 = z, a01 = z, a10 = z, a11 = z, a20 = z, a21 = z, a30 = z, a31 = z,
                a40 = z, a41 = z, a50 = z, a51 = z, a60 = z, a61 = z, a70 = z, a71 = z;
        if (add) { // continue the chains a previous block of k's left in c
            a00 = DoubleVector.fromArray(SP, c, co);
            a01 = DoubleVector.fromArray(SP, c, co + L);
            a10 = DoubleVector.fromArray(SP, c, co + cs);
            a11 = DoubleVector.fromArray(SP, c, co + cs + L);
            a20 = DoubleVector.fromArray(SP, c, co + 2 * cs);
            a21 = DoubleVector.fromArray(SP, c, co + 2 * cs + L);
            a30 = DoubleVector.fromArray(SP, c, co + 3 * cs);
            a31 = DoubleVector.fromArray(SP, c, co + 3 * cs + L);
            a40 = DoubleVector.fromArray(SP, c, co + 4 * cs);
            a41 = DoubleVector.fromArray(SP, c, co + 4 * cs + L);
            a50 = DoubleVector.fromArray(SP, c, co + 5 * cs);
            a51 = DoubleVector.fromArray(SP, c, co + 5 * cs + L);
            a60 = DoubleVector.fromArray(SP, c, co + 6 * cs);
            a61 = DoubleVector.fromArray(SP, c, co + 6 * cs + L);
            a70 = DoubleVector.fromArray(SP, c, co + 7 * cs);
            a71 = DoubleVector.fromArray(SP, c, co + 7 * cs + L);
        }
        for (int k = 0, wk = wo, ak = ao; k < kd; k++, wk += W, ak += 8) {
            DoubleVector v0 = DoubleVector.fromArray(SP, wp, wk), v1 = DoubleVector.fromArray(SP, wp, wk + L);
            ahead += wp[pf + k * ps];
            DoubleVector b = DoubleVector.broadcast(SP, a[ak]);
            a00 = v0.fma(b, a00);
            a01 = v1.fma(b, a01);
            b = DoubleVector.broadcast(SP, a[ak + 1]);
            a10 = v0.fma(b, a10);
            a11 = v1.fma(b, a11);
            b = DoubleVector.broadcast(SP, a[ak + 2]);
            a20 = v0.fma(b, a20);
            a21 = v1.fma(b, a21);
            b = DoubleVector.broadcast(SP, a[ak + 3]);
            a30 = v0.fma(b, a30);
            a31 = v1.fma(b, a31);
            b = DoubleVector.broadcast(SP, a[ak + 4]);
            a40 = v0.fma(b, a40);
            a41 = v1.fma(b, a41);
            b = DoubleVector.broadcast(SP, a[ak + 5]);
            a50 = v0.fma(b, a50);
            a51 = v1.fma(b, a51);
            b = DoubleVector.broadcast(SP, a[ak + 6]);
            a60 = v0.fma(b, a60);
            a61 = v1.fma(b, a61);
            b = DoubleVector.broadcast(SP, a[ak + 7]);
            a70 = v0.fma(b, a70);
            a71 = v1.fma(b, a71);
        }
        a00.intoArray(c, co);
        a01.intoArray(c, co + L);
        a10.intoArray(c, co + cs);
        a11.intoArray(c, co + cs + L);
        a20.intoArray(c, co + 2 * cs);
        a21.intoArray(c, co + 2 * cs + L);
        a30.intoArray(c, co + 3 * cs);
        a31.intoArray(c, co + 3 * cs + L);
        a40.intoArray(c, co + 4 * cs);
        a41.intoArray(c, co + 4 * cs + L);
        a50.intoArray(c, co + 5 * cs);
        a51.intoArray(c, co + 5 * cs + L);
        a60.intoArray(c, co + 6 * cs);
        a61.intoArray(c, co + 6 * cs + L);
        a70.intoArray(c, co + 7 * cs);
        a71.intoArray(c, co + 7 * cs + L);
        readAhead = ahead;
    }

    /** Where {@link #panel8} leaves the sum of its reads ahead (never read: it keeps the JIT from dropping them). */
    @SuppressWarnings("unused")
    private static double readAhead;
}
