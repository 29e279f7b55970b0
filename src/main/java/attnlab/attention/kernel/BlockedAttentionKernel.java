package attnlab.attention.kernel;

import attnlab.attention.BandMask;
import attnlab.attention.Masks;
import attnlab.tensor.Tensor;

/**
 * What the fast kernels share: cutting a call into work units, handing them to {@link KernelThreads}, and finding
 * which keys a block of query rows can see at all.
 *
 * <p>A unit is {@link #ROWS_PER_UNIT} query rows of one slice (one batch·head), so that even a single long
 * sequence (1×2048×64) splits over the cores. Per unit, a subclass packs K and V into its preferred layout (in
 * thread-local scratch, never per row) and computes the rows.
 *
 * <p>Key skipping: {@link #firstAllowed} and {@link #endAllowed} give the range of keys a row can see: from a
 * {@link BandMask} by its formula, from a mask tensor by scanning the row from both ends. So under a causal mask
 * the keys above the diagonal of a row block are never multiplied (half the work), under a sliding window of w only
 * about w keys a row are, and the same holds for padding masks or any mask with blocked runs at the ends. Every
 * method takes the mask as either {@code m} (a dense mask slice, may be null) or {@code band} (may be null), never
 * both.
 */
abstract class BlockedAttentionKernel implements AttentionKernel {

    /** Query rows per work unit. */
    static final int ROWS_PER_UNIT = 64;

    @Override
    public final void forward(Tensor Q, Tensor K, Tensor V, Tensor mask, double scale, Tensor out, Tensor weights) {
        forward(Q, K, V, mask, null, scale, out, weights, null);
    }

    @Override
    public final void forwardBand(Tensor Q, Tensor K, Tensor V, BandMask band, double scale, Tensor out,
                                  Tensor weights) {
        forward(Q, K, V, null, band, scale, out, weights, null);
    }

    /** The scores come from the same tiles as the weights: each unit writes its rows' S before the softmax. */
    @Override
    public final void forwardBand(Tensor Q, Tensor K, Tensor V, BandMask band, double scale, Tensor out,
                                  Tensor weights, Tensor scores) {
        forward(Q, K, V, null, band, scale, out, weights, scores);
    }

    private void forward(Tensor Q, Tensor K, Tensor V, Tensor mask, BandMask band, double scale, Tensor out,
                         Tensor weights, Tensor scores) {
        int lq = Q.rows(), lk = K.rows(), dk = Q.cols(), dv = V.cols(), n = Q.batch();
        if (lq == 0 || n == 0) return;
        int chunks = (lq + ROWS_PER_UNIT - 1) / ROWS_PER_UNIT;
        long flops = 2L * n * keysSeen(band, lq, lk) * ((long) dk + dv);
        boolean masked = mask != null || band != null;
        byte[] finiteV = new byte[n]; // per slice: 0 not checked yet, 1 finite, 2 NaN or ±inf (needed only under a mask)
        long call = CALLS.incrementAndGet();
        KernelThreads.forEach(n * chunks, flops, u -> {
            int b = u / chunks, i0 = (u % chunks) * ROWS_PER_UNIT, i1 = Math.min(lq, i0 + ROWS_PER_UNIT);
            double[] m = mask == null ? null : mask.slice(mask.batch() == 1 ? 0 : b).data;
            double[] p = weights == null ? null : weights.slice(b).data, v = V.slice(b).data,
                    sc = scores == null ? null : scores.slice(b).data;
            if (masked && finiteV[b] == 0) finiteV[b] = finite(v) ? (byte) 1 : 2; // a race only repeats it
            rows(Q.slice(b).data, K.slice(b).data, v, m, band, scale, out.slice(b).data, p, sc,
                    lq, lk, dk, dv, i0, i1, !masked || finiteV[b] == 1, call);
        });
    }

    /** Numbers the forward calls, so that a unit can tell whether its thread already packed this call's K and V. */
    private static final java.util.concurrent.atomic.AtomicLong CALLS = new java.util.concurrent.atomic.AtomicLong();

    /** Query-key pairs a slice computes: Lq·Lk, or under a band the pairs inside it (to decide on threads). */
    private static long keysSeen(BandMask band, int lq, int lk) {
        if (band == null) return (long) lq * lk;
        long sum = 0;
        for (int i = 0; i < lq; i++) sum += Math.max(0, band.endKey(i, lq, lk) - band.firstKey(i, lq, lk));
        return sum;
    }

    @Override
    public final void backward(Tensor Q, Tensor K, Tensor V, Tensor mask, Tensor weights, Tensor out, Tensor dO,
                               double scale, Tensor dQ, Tensor dK, Tensor dV) {
        backward(Q, K, V, mask, null, weights, out, dO, scale, dQ, dK, dV);
    }

    @Override
    public final void backwardBand(Tensor Q, Tensor K, Tensor V, BandMask band, Tensor weights, Tensor out,
                                   Tensor dO, double scale, Tensor dQ, Tensor dK, Tensor dV) {
        backward(Q, K, V, null, band, weights, out, dO, scale, dQ, dK, dV);
    }

    // Backward: one unit per slice, because dK and dV sum over every query row of the slice.
    private void backward(Tensor Q, Tensor K, Tensor V, Tensor mask, BandMask band, Tensor weights, Tensor out,
                          Tensor dO, double scale, Tensor dQ, Tensor dK, Tensor dV) {
        int lq = Q.rows(), lk = K.rows(), dk = Q.cols(), dv = V.cols(), n = Q.batch();
        long flops = 4L * n * keysSeen(band, lq, lk) * ((long) dk + dv);
        KernelThreads.forEach(n, flops, b -> {
            double[] m = mask == null ? null : mask.slice(mask.batch() == 1 ? 0 : b).data;
            double[] q = Q.slice(b).data, k = K.slice(b).data, v = V.slice(b).data, p = weights.slice(b).data,
                    o = out.slice(b).data, g = dO.slice(b).data;
            boolean dense = m == null && band == null; // every row live: check whole arrays
            if (finite(k) && finite(v) && finite(p)
                    && (dense ? finite(q) && finite(o) && finite(g) : liveRowsFinite(q, dk, m, band, lq, lk)
                    && liveRowsFinite(o, dv, m, band, lq, lk) && liveRowsFinite(g, dv, m, band, lq, lk))) {
                double[] dq = dQ.slice(b).data, dkk = dK.slice(b).data, dvv = dV.slice(b).data;
                java.util.Arrays.fill(dq, 0.0);
                java.util.Arrays.fill(dkk, 0.0);
                java.util.Arrays.fill(dvv, 0.0);
                backwardSlice(q, k, v, m, band, p, o, g, scale, dq, dkk, dvv, lq, lk, dk, dv);
            } else if (band != null) { // NaN or ±inf somewhere: the reference skips blocked keys one by one
                REFERENCE.backwardBand(Tensor.of(Q.slice(b)), Tensor.of(K.slice(b)), Tensor.of(V.slice(b)), band,
                        Tensor.of(weights.slice(b)), Tensor.of(out.slice(b)), Tensor.of(dO.slice(b)), scale,
                        Tensor.of(dQ.slice(b)), Tensor.of(dK.slice(b)), Tensor.of(dV.slice(b)));
            } else {
                REFERENCE.backward(Tensor.of(Q.slice(b)), Tensor.of(K.slice(b)), Tensor.of(V.slice(b)),
                        m == null ? null : Tensor.of(mask.slice(mask.batch() == 1 ? 0 : b)),
                        Tensor.of(weights.slice(b)), Tensor.of(out.slice(b)), Tensor.of(dO.slice(b)), scale,
                        Tensor.of(dQ.slice(b)), Tensor.of(dK.slice(b)), Tensor.of(dV.slice(b)));
            }
        });
    }

    private static final ScalarAttentionKernel REFERENCE = new ScalarAttentionKernel();

    /**
     * The backward pass of one slice whose inputs are all finite (Q, O and dO: in every row with an allowed key), so
     * blocked keys (P = 0 exactly) contribute exact zeros and need not be skipped one by one; rows with no allowed key
     * must be skipped entirely. dq, dkk, dvv arrive zeroed. The default is the reference loop.
     */
    void backwardSlice(double[] q, double[] k, double[] v, double[] m, BandMask band, double[] p, double[] o,
                       double[] g, double scale, double[] dq, double[] dkk, double[] dvv, int lq, int lk, int dk,
                       int dv) {
        if (band != null)
            REFERENCE.backwardBand(wrap(q, lq, dk), wrap(k, lk, dk), wrap(v, lk, dv), band, wrap(p, lq, lk),
                    wrap(o, lq, dv), wrap(g, lq, dv), scale, wrap(dq, lq, dk), wrap(dkk, lk, dk), wrap(dvv, lk, dv));
        else
            REFERENCE.backward(wrap(q, lq, dk), wrap(k, lk, dk), wrap(v, lk, dv), m == null ? null : wrap(m, lq, lk),
                    wrap(p, lq, lk), wrap(o, lq, dv), wrap(g, lq, dv), scale, wrap(dq, lq, dk), wrap(dkk, lk, dk),
                    wrap(dvv, lk, dv));
    }

    private static Tensor wrap(double[] data, int rows, int cols) {
        return Tensor.of(org.ejml.data.DMatrixRMaj.wrap(rows, cols, data));
    }

    /**
     * Computes output rows {@code i0..i1-1} of one slice (flat row-major arrays; {@code m}, {@code band}, {@code p}
     * and {@code sc} may be null), following the {@link AttentionKernel} contract exactly; {@code sc}, when given,
     * gets the rows' scaled and masked scores (−inf at blocked keys, as the softmax saw them). {@code finiteV} tells whether V
     * has no NaN or ±inf, so that a kernel may multiply blocked keys' V rows by zero instead of skipping them;
     * without a mask there are no blocked keys, so it is not checked and passed as true. {@code call} is the same
     * number for every unit of one forward call and differs between calls: a kernel may keep what it packed from K
     * and V for the next unit of the same slice in the same call.
     */
    abstract void rows(double[] q, double[] k, double[] v, double[] m, BandMask band, double scale, double[] o,
                       double[] p, double[] sc, int lq, int lk, int dk, int dv, int i0, int i1, boolean finiteV,
                       long call);

    /** The first key row {@code i} may attend ({@code lk} if none). */
    static int firstAllowed(double[] m, BandMask band, int i, int lq, int lk) {
        if (band != null) return band.firstKey(i, lq, lk);
        if (m == null) return 0;
        int j = 0, off = i * lk;
        while (j < lk && Masks.blocked(m[off + j])) j++;
        return j;
    }

    /** One past the last key row {@code i} may attend ({@code 0} if none). */
    static int endAllowed(double[] m, BandMask band, int i, int lq, int lk) {
        if (band != null) return band.endKey(i, lq, lk);
        if (m == null) return lk;
        int j = lk, off = i * lk;
        while (j > 0 && Masks.blocked(m[off + j - 1])) j--;
        return j;
    }

    /** True when every row {@code i} of {@code x [lq, cols]} that has an allowed key is finite. */
    static boolean liveRowsFinite(double[] x, int cols, double[] m, BandMask band, int lq, int lk) {
        if (m == null && band == null) return allFinite(x);
        for (int i = 0; i < lq; i++)
            if (firstAllowed(m, band, i, lq, lk) < lk)
                for (int c = i * cols; c < (i + 1) * cols; c++) if (!Double.isFinite(x[c])) return false;
        return true;
    }

    /** {@link #allFinite}; a kernel may do it faster (the SIMD kernel: the checks were a tenth of 16×128×64). */
    boolean finite(double[] x) {
        return allFinite(x);
    }

    /** True when every entry of {@code x} is finite (no NaN, no ±inf). */
    static boolean allFinite(double[] x) {
        long acc = 0; // exponent bits all ones (NaN, ±inf) + one exponent unit carries into the sign bit
        for (double e : x) acc |= (Double.doubleToRawLongBits(e) & 0x7ff0_0000_0000_0000L) + 0x0010_0000_0000_0000L;
        return acc >= 0;
    }
}
