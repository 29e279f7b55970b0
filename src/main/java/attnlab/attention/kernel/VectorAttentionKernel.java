package attnlab.attention.kernel;

import attnlab.attention.BandMask;
import attnlab.attention.Masks;
import attnlab.tensor.Interrupts;
import attnlab.tensor.Tensor;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

import static attnlab.attention.kernel.VectorTiles.*;

/**
 * The SIMD kernel ({@code jdk.incubator.vector}): register-blocked FMA ({@link VectorTiles}) on Kᵀ and V packed
 * into contiguous panels per work unit, a vectorised exp, and the units of {@link BlockedAttentionKernel} split over
 * the cores. Loaded reflectively by {@link Kernels} only when
 * the module is in the boot layer ({@code --add-modules jdk.incubator.vector}); never reference it directly.
 *
 * <p>Per block of 4 query rows (a 1-row version takes the tail), with W = 2 vector lengths (16 doubles with AVX-512,
 * 8 with AVX2):
 * <pre>
 *   S[r, j..j+W)  = Σ_c q_rc · Kᵀ[c, j..j+W)      4×W accumulators: 2 loads + 4 broadcasts feed 8 FMAs
 *   S[r, j]       = −inf if mask blocks (r, j), else scale · S[r, j] + mask[r, j];   m_r = max_j S[r, j]
 *   S[r, j]       = exp(S[r, j] − m_r),   ℓ_r = Σ_j S[r, j]                       (VectorExp: same bits in every JIT mode)
 *   O[r, c..c+W)  = (Σ_j S[r, j] · V[j, c..c+W)) / ℓ_r                           4×W accumulators again
 * </pre>
 * Only the keys some row of the block may see are computed (causal blocks skipped). Blocked keys inside that range
 * get weight exactly 0; when V holds NaN or ±inf (0 · NaN = NaN) the unit falls back to {@link LoopAttentionKernel},
 * which skips blocked keys instead.
 */
final class VectorAttentionKernel extends BlockedAttentionKernel {
    private static final LoopAttentionKernel EXACT = new LoopAttentionKernel();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Per-thread buffers, grown on demand: two packed panels (Kᵀ and V), and R rows of scores. The panels remember
     * which keys of which slice of which call they hold, so the next unit of the same slice on this thread packs only
     * the keys it adds (a causal unit sees a few more than the previous one) instead of all of them again: with
     * 64-row units, packing every unit cost about a fifth of 8×512×64.
     */
    private static final class Scratch {
        double[] kt = new double[0], vp = new double[0], s = new double[0], inv = new double[8];
        final int[] rj0 = new int[8], rj1 = new int[8];
        long call = -1;
        double[] packedK, packedV;
        int from, end; // keys [from, end) are packed; from is a multiple of W

        void ensure(int ktSize, int vpSize, int sSize) {
            if (kt.length < ktSize) { kt = new double[ktSize]; call = -1; }
            if (vp.length < vpSize) { vp = new double[vpSize]; call = -1; }
            if (s.length < sSize) s = new double[sSize];
        }

        /** Makes keys {@code [a, b)} of K and V packed ({@code a} a multiple of W), reusing what is already there. */
        void pack(double[] k, double[] v, int dk, int dv, int ld, int a, int b, long call) {
            if (this.call != call || packedK != k || packedV != v || b <= from || a >= end) {
                packKeyPanels(k, dk, a, b, kt);
                packColumnPanels(v, dv, a, b, ld, vp);
                this.call = call;
                packedK = k;
                packedV = v;
                from = a;
                end = b;
                return;
            }
            if (a < from) { // from is a multiple of W, so packing [a, from) zeroes no padding rows
                packKeyPanels(k, dk, a, from, kt);
                packColumnPanels(v, dv, a, from, ld, vp);
                from = a;
            }
            if (b > end) {
                packKeyPanels(k, dk, end, b, kt);
                packColumnPanels(v, dv, end, b, ld, vp);
                end = b;
            }
        }
    }

    @Override
    void rows(double[] q, double[] k, double[] v, double[] m, BandMask band, double scale, double[] o, double[] p,
              double[] sc, int lq, int lk, int dk, int dv, int i0, int i1, boolean finiteV, long call) {
        if (!finiteV) {
            EXACT.rows(q, k, v, m, band, scale, o, p, sc, lq, lk, dk, dv, i0, i1, true, call);
            return;
        }
        int start = lk, end = 0;
        for (int i = i0; i < i1; i++) {
            start = Math.min(start, firstAllowed(m, band, i, lq, lk));
            end = Math.max(end, endAllowed(m, band, i, lq, lk));
        }
        int lkp = roundUp(lk);
        Scratch w = SCRATCH.get();
        w.ensure(dk * lkp, dv * lkp, R_FORWARD * lkp);
        double[] kt = w.kt, vp = w.vp, s = w.s, inv = w.inv;
        start -= start % W;
        if (start < end) w.pack(k, v, dk, dv, lkp, start, end, call); // only the keys some row of this unit may see
        int[] rj0 = w.rj0, rj1 = w.rj1; // each row's own key range (a band differs row by row inside a tile)
        for (int i = i0; i < i1; i += R_FORWARD) {
            Interrupts.poll();
            int rows = Math.min(R_FORWARD, i1 - i);
            int j0 = lk, j1 = 0;
            for (int r = 0; r < rows; r++) {
                rj0[r] = firstAllowed(m, band, i + r, lq, lk);
                rj1[r] = endAllowed(m, band, i + r, lq, lk);
                j0 = Math.min(j0, rj0[r]);
                j1 = Math.max(j1, rj1[r]);
            }
            if (sc != null) // −inf outside each row's keys; softmaxRow writes the rest
                for (int r = 0; r < rows; r++) BandScores.blockOutside(sc, i + r, lk, band == null ? j0 : rj0[r],
                        band == null ? j1 : rj1[r]);
            if (j0 >= j1) { // no row of the block has an allowed key
                java.util.Arrays.fill(o, i * dv, (i + rows) * dv, 0.0);
                if (p != null) java.util.Arrays.fill(p, i * lk, (i + rows) * lk, 0.0);
                continue;
            }
            int ja = j0 - j0 % W, jb = Math.min(lkp, roundUp(j1));
            if (rows == 8) scores8(q, i, dk, kt, lkp, ja, jb, s, 0);
            else if (rows >= R) scores4(q, i, dk, kt, lkp, ja, jb, s, 0);
            int r0 = rows == 8 ? 8 : rows >= R ? R : 0; // rows done by a tile; the rest one by one
            for (int r = r0; r < rows; r++) scores1(q, i + r, dk, kt, lkp, ja, jb, s, r * lkp);
            boolean nanRow = false;
            for (int r = 0; r < rows; r++) {
                if (band == null) inv[r] = softmaxRow(s, r * lkp, m, (i + r) * lk, scale, j0, j1, sc, (i + r) * lk);
                else inv[r] = softmaxBandRow(s, r * lkp, scale, j0, j1, rj0[r], rj1[r], sc, (i + r) * lk);
                nanRow |= Double.isNaN(inv[r]);
            }
            if (p != null) for (int r = 0; r < rows; r++) writeWeights(s, r * lkp, inv[r], p, (i + r) * lk, lk, j0, j1);
            if (rows == 8) pv8(s, 0, lkp, vp, lkp, v, dv, j0, j1, inv, o, i * dv);
            else if (rows >= R) pv4(s, 0, lkp, vp, lkp, v, dv, j0, j1, inv, o, i * dv);
            for (int r = r0; r < rows; r++) pv1(s, r * lkp, vp, lkp, v, dv, j0, j1, inv[r], o, (i + r) * dv);
            if (nanRow) for (int r = 0; r < rows; r++) // NaN or +inf in the scores: the whole row is NaN
                if (Double.isNaN(inv[r])) {
                    java.util.Arrays.fill(o, (i + r) * dv, (i + r + 1) * dv, Double.NaN);
                    if (p != null) java.util.Arrays.fill(p, (i + r) * lk, (i + r + 1) * lk, Double.NaN);
                }
        }
    }

    /** All entries finite: {@code x − x} is 0 for a finite x and NaN for NaN or ±inf, summed a vector at a time. */
    @Override
    boolean finite(double[] x) {
        DoubleVector acc = DoubleVector.zero(SP);
        int i = 0;
        for (int end = x.length - x.length % L; i < end; i += L) {
            DoubleVector v = DoubleVector.fromArray(SP, x, i);
            acc = acc.add(v.sub(v));
        }
        double tail = 0;
        for (; i < x.length; i++) tail += x[i] - x[i];
        return tail == 0 && !acc.test(VectorOperators.IS_NAN).anyTrue();
    }

    /** The backward of one slice with finite inputs: {@link VectorBackward}. */
    @Override
    void backwardSlice(double[] q, double[] k, double[] v, double[] m, BandMask band, double[] p, double[] o,
                       double[] g, double scale, double[] dq, double[] dkk, double[] dvv, int lq, int lk, int dk,
                       int dv) {
        VectorBackward.slice(q, k, v, m, band, p, o, g, scale, dq, dkk, dvv, lq, lk, dk, dv);
    }

    /** {@code out_b = x_b W}: {@link VectorTimes}. */
    @Override
    public void times(Tensor x, Tensor Wt, Tensor out) {
        VectorTimes.times(x, Wt, out, 0);
    }

    /** {@code split(x W)} without the intermediate: {@link VectorTimes}, when a head's width allows it. */
    @Override
    public void timesHeads(Tensor x, Tensor Wt, int nHeads, Tensor out) {
        if (VectorTimes.splitsCleanly(Wt.cols() / nHeads)) VectorTimes.times(x, Wt, out, nHeads);
        else super.timesHeads(x, Wt, nHeads, out);
    }

    /** W in {@link VectorTimes}'s column panels, once. */
    @Override
    public PackedWeights pack(Tensor W) {
        return PackedWeights.of(W, VectorTiles.W);
    }

    @Override
    public PackedWeights packTransposed(Tensor Wt) {
        return PackedWeights.ofTransposed(Wt, VectorTiles.W);
    }

    /** On the SIMD lanes: {@link VectorGates#gelu}. */
    @Override
    public void gelu(double[] x, double[] y, int from, int to) {
        VectorGates.gelu(x, y, from, to);
    }

    /** On the SIMD lanes: {@link VectorGates#swiglu}. */
    @Override
    public void swiglu(double[] g, double[] u, double[] y, int from, int to) {
        VectorGates.swiglu(g, u, y, from, to);
    }

    @Override
    public PackedWeights packEmpty(int K, int N, double[] data, int offset) {
        return PackedWeights.empty(K, N, VectorTiles.W, data, offset);
    }

    /** {@code out_b = x_b W} on W's panels as they are: {@link VectorTimes#timesPacked}. */
    @Override
    public void timesPacked(Tensor x, PackedWeights W, Tensor out) {
        if (W.panel() == VectorTiles.W) VectorTimes.timesPacked(x, W.data, W.offset, W.cols(), out, 0);
        else times(x, W.rowMajor(), out);
    }

    @Override
    public void timesHeadsPacked(Tensor x, PackedWeights W, int nHeads, Tensor out) {
        if (W.panel() != VectorTiles.W) timesHeads(x, W.rowMajor(), nHeads, out);
        else if (VectorTimes.splitsCleanly(W.cols() / nHeads))
            VectorTimes.timesPacked(x, W.data, W.offset, W.cols(), out, nHeads);
        else { // heads off the SIMD tiles: the whole product, then split (as timesHeads does)
            Tensor full = Tensor.zeros(x.batch(), x.rows(), W.cols());
            VectorTimes.timesPacked(x, W.data, W.offset, W.cols(), full, 0);
            int dh = W.cols() / nHeads;
            for (int b = 0; b < x.batch(); b++)
                for (int h = 0; h < nHeads; h++)
                    for (int i = 0; i < x.rows(); i++)
                        System.arraycopy(full.slice(b).data, i * W.cols() + h * dh, out.slice(b * nHeads + h).data,
                                i * dh, dh);
        }
    }

    /** {@code x_b Wᵀ}: W transposed once (EJML's blocked transpose), then {@link VectorTimes}. */
    @Override
    public void timesTransposed(Tensor x, Tensor W, Tensor out) {
        VectorTimes.times(x, Tensor.of(org.ejml.dense.row.CommonOps_DDRM.transpose(W.matrix(), null)), out, 0);
    }

    /** {@code Σ_b x_bᵀ y_b}: {@link VectorTimes#transposedTimes}. */
    @Override
    public void transposedTimes(Tensor x, Tensor y, Tensor out) {
        VectorTimes.transposedTimes(x, y, out);
    }

    /**
     * Scales, masks and exponentiates {@code s[so + j]} for {@code j} in {@code [j0, j1)} in place; returns
     * 1/ℓ (0 for a row with no allowed key, NaN when the row's scores hold NaN or +inf). {@code m[mo + j]} is the
     * mask entry of key j. {@code sc} (may be null) gets the scaled, masked scores at {@code sc[sco + j]}.
     */
    private static double softmaxRow(double[] s, int so, double[] m, int mo, double scale, int j0, int j1,
                                     double[] sc, int sco) {
        DoubleVector ninf = DoubleVector.broadcast(SP, Double.NEGATIVE_INFINITY);
        DoubleVector vmax = ninf;
        int j = j0, vend = j0 + (j1 - j0) / L * L;
        for (; j < vend; j += L) {
            DoubleVector x = DoubleVector.fromArray(SP, s, so + j).mul(scale);
            if (m != null) {
                DoubleVector mv = DoubleVector.fromArray(SP, m, mo + j);
                x = x.add(mv).blend(ninf, mv.eq(ninf)); // select blocked keys out (NaN in a blocked key included)
            }
            x.intoArray(s, so + j);
            if (sc != null) x.intoArray(sc, sco + j);
            vmax = vmax.lanewise(VectorOperators.MAX, x);
        }
        double max = vmax.reduceLanes(VectorOperators.MAX);
        for (; j < j1; j++) {
            double mij = m == null ? 0 : m[mo + j];
            double x = Masks.blocked(mij) ? Double.NEGATIVE_INFINITY : scale * s[so + j] + mij;
            s[so + j] = x;
            if (sc != null) sc[sco + j] = x;
            max = Math.max(max, x);
        }
        if (max == Double.NEGATIVE_INFINITY) { // every key of this row blocked
            java.util.Arrays.fill(s, so + j0, so + j1, 0.0);
            return 0.0;
        }
        DoubleVector vsum = DoubleVector.zero(SP);
        for (j = j0; j < vend; j += L) {
            DoubleVector e = DoubleVector.fromArray(SP, s, so + j).sub(max);
            e = VectorExp.exp(e);
            e.intoArray(s, so + j);
            vsum = vsum.add(e);
        }
        // Lanes summed in a fixed order: reduceLanes(ADD) may associate differently in the interpreter and in C2
        // code, which made two identical training runs differ in the last bit.
        double sum = 0;
        for (int l = 0; l < L; l++) sum += vsum.lane(l);
        for (; j < j1; j++) {
            double e = VectorExp.exp(s[so + j] - max);
            s[so + j] = e;
            sum += e;
        }
        return 1.0 / sum;
    }

    /**
     * {@link #softmaxRow} for a row of a band: the row sees keys {@code [a, b)} only (nothing blocked inside), so
     * it is the unmasked softmax there, and the rest of the tile's range {@code [j0, j1)} gets weight exactly 0.
     */
    private static double softmaxBandRow(double[] s, int so, double scale, int j0, int j1, int a, int b,
                                         double[] sc, int sco) {
        if (a >= b) { // no allowed key
            java.util.Arrays.fill(s, so + j0, so + j1, 0.0);
            return 0.0;
        }
        java.util.Arrays.fill(s, so + j0, so + a, 0.0);
        java.util.Arrays.fill(s, so + b, so + j1, 0.0);
        return softmaxRow(s, so, null, 0, scale, a, b, sc, sco);
    }

    /** {@code p[po + j] = s[so + j] · inv} on {@code [j0, j1)}, 0 elsewhere in the row. */
    private static void writeWeights(double[] s, int so, double inv, double[] p, int po, int lk, int j0, int j1) {
        java.util.Arrays.fill(p, po, po + j0, 0.0);
        java.util.Arrays.fill(p, po + j1, po + lk, 0.0);
        int j = j0;
        for (int vend = j0 + (j1 - j0) / L * L; j < vend; j += L)
            DoubleVector.fromArray(SP, s, so + j).mul(inv).intoArray(p, po + j);
        for (; j < j1; j++) p[po + j] = s[so + j] * inv;
    }

    @Override
    public String name() {
        return "simd-" + SP.vectorBitSize() + "bit";
    }
}
