package attnlab.attention;

import attnlab.tensor.Tensor;

/**
 * What the fast kernels share: cutting a call into work units, handing them to {@link KernelThreads}, and finding
 * which keys a block of query rows can see at all.
 *
 * <p>A unit is {@link #ROWS_PER_UNIT} query rows of one slice (one batch·head), so that even a single long
 * sequence (1×2048×64) splits over the cores. Per unit, a subclass packs K and V into its preferred layout (in
 * thread-local scratch, never per row) and computes the rows.
 *
 * <p>Key skipping: {@link #firstAllowed} and {@link #endAllowed} scan a mask row from both ends, so with a causal
 * mask the keys above the diagonal of a row block are never multiplied (half the work), and the same holds for
 * padding masks or any mask with blocked runs at the ends.
 */
abstract class BlockedAttentionKernel implements AttentionKernel {

    /** Query rows per work unit. */
    static final int ROWS_PER_UNIT = 64;

    @Override
    public final void forward(Tensor Q, Tensor K, Tensor V, Tensor mask, double scale, Tensor out, Tensor weights) {
        int lq = Q.rows(), lk = K.rows(), dk = Q.cols(), dv = V.cols(), n = Q.batch();
        if (lq == 0 || n == 0) return;
        int chunks = (lq + ROWS_PER_UNIT - 1) / ROWS_PER_UNIT;
        long flops = 2L * n * lq * lk * ((long) dk + dv);
        boolean[] finiteV = new boolean[n];
        for (int b = 0; b < n; b++) finiteV[b] = allFinite(V.slice(b).data);
        KernelThreads.forEach(n * chunks, flops, u -> {
            int b = u / chunks, i0 = (u % chunks) * ROWS_PER_UNIT, i1 = Math.min(lq, i0 + ROWS_PER_UNIT);
            double[] m = mask == null ? null : mask.slice(mask.batch() == 1 ? 0 : b).data;
            double[] p = weights == null ? null : weights.slice(b).data;
            rows(Q.slice(b).data, K.slice(b).data, V.slice(b).data, m, scale, out.slice(b).data, p,
                    lq, lk, dk, dv, i0, i1, finiteV[b]);
        });
    }

    /**
     * Computes output rows {@code i0..i1-1} of one slice (flat row-major arrays; {@code m} and {@code p} may be
     * null), following the {@link AttentionKernel} contract exactly. {@code finiteV} tells whether V has no NaN or
     * ±inf, so that a kernel may multiply blocked keys' V rows by zero instead of skipping them.
     */
    abstract void rows(double[] q, double[] k, double[] v, double[] m, double scale, double[] o, double[] p,
                       int lq, int lk, int dk, int dv, int i0, int i1, boolean finiteV);

    /** The first key row {@code i} may attend ({@code lk} if none). */
    static int firstAllowed(double[] m, int i, int lk) {
        if (m == null) return 0;
        int j = 0, off = i * lk;
        while (j < lk && Masks.blocked(m[off + j])) j++;
        return j;
    }

    /** One past the last key row {@code i} may attend ({@code 0} if none). */
    static int endAllowed(double[] m, int i, int lk) {
        if (m == null) return lk;
        int j = lk, off = i * lk;
        while (j > 0 && Masks.blocked(m[off + j - 1])) j--;
        return j;
    }

    /** True when every entry of {@code x} is finite (no NaN, no ±inf). */
    static boolean allFinite(double[] x) {
        long acc = 0; // exponent bits all ones (NaN, ±inf) + one exponent unit carries into the sign bit
        for (double e : x) acc |= (Double.doubleToRawLongBits(e) & 0x7ff0_0000_0000_0000L) + 0x0010_0000_0000_0000L;
        return acc >= 0;
    }
}
