package attnlab.attention.kernel;

import attnlab.tensor.Tensor;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** {@link PackedWeights}: the layout, packing from the transpose, and products equal to the unpacked ones bit for bit. */
class PackedWeightsTest {
    private static final int[][] SHAPES = {{1, 1, 1, 1}, {2, 5, 3, 7}, {3, 67, 33, 19}, {2, 130, 64, 48},
            {1, 9, 0, 4}, {2, 4, 6, 0}, {1, 70, 24, 35}};

    @Test
    void layoutByHand() {
        // W = [[1 2 3], [4 5 6]], panel 2: the panel of columns 0-1 row by row, then column 2 row-major
        Tensor W = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new double[] {1, 2, 4, 5, 3, 6}, PackedWeights.of(W, 2).data);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, PackedWeights.of(W, 0).data);
        assertArrayEquals(new double[] {1, 2, 4, 5, 3, 6},
                PackedWeights.ofTransposed(Tensor.of(new double[][] {{1, 4}, {2, 5}, {3, 6}}), 2).data);
        double[] col = new double[3];
        PackedWeights.of(W, 2).column(1, col, 1);
        assertArrayEquals(new double[] {0, 2, 5}, col);
        PackedWeights.of(W, 2).column(2, col, 0);
        assertArrayEquals(new double[] {3, 6, 5}, col);
    }

    @Test
    void transposedPackingAndUnpackingRoundTrip() {
        Random rng = new Random(3);
        for (int[] s : SHAPES)
            for (int panel : new int[] {0, 2, VectorTiles.W}) {
                Tensor W = Tensor.randn(rng, s[2], s[3]);
                PackedWeights p = PackedWeights.of(W, panel);
                Tensor Wt = Tensor.of(CommonOps_DDRM.transpose(W.matrix(), null));
                assertArrayEquals(p.data, PackedWeights.ofTransposed(Wt, panel).data, "panel " + panel);
                assertArrayEquals(W.matrix().data, p.rowMajor().matrix().data);
                assertEquals((long) s[2] * s[3], p.size());
                double[] col = new double[s[2]];
                for (int c = 0; c < s[3]; c++) {
                    p.column(c, col, 0);
                    for (int k = 0; k < s[2]; k++) assertEquals(W.matrix().get(k, c), col[k]);
                }
            }
    }

    @Test
    void packedProductsEqualTheUnpackedBitForBit() { // packed whole, from the transpose, or in place at an offset
        Random rng = new Random(4);
        AttentionKernel simd = Kernels.simd(), scalar = new ScalarAttentionKernel();
        for (int[] s : SHAPES) { // batch, M, K, N
            Tensor x = Tensor.randn(rng, s[0], s[1], s[2]), W = Tensor.randn(rng, s[2], s[3]);
            for (AttentionKernel k : new AttentionKernel[] {simd, scalar})
                for (PackedWeights p : new PackedWeights[] {simd.pack(W), scalar.pack(W),
                        k.packTransposed(Tensor.of(CommonOps_DDRM.transpose(W.matrix(), null))), atOffset(k, W)}) {
                    Tensor want = Tensor.zeros(s[0], s[1], s[3]), got = Tensor.zeros(s[0], s[1], s[3]).fill(7.0);
                    k.times(x, W, want);
                    k.timesPacked(x, p, got);
                    for (int b = 0; b < s[0]; b++) assertArrayEquals(want.slice(b).data, got.slice(b).data, k.name());
                }
        }
    }

    @Test
    void packedHeadsEqualTheUnpackedBitForBit() {
        Random rng = new Random(6);
        AttentionKernel simd = Kernels.simd();
        for (int dh : new int[] {VectorTiles.W, 2 * VectorTiles.W, 5}) { // on the SIMD tiles, and off them
            int H = 3, B = 2, M = 37, K = 20;
            Tensor x = Tensor.randn(rng, B, M, K), W = Tensor.randn(rng, K, H * dh);
            Tensor want = Tensor.zeros(B * H, M, dh), got = Tensor.zeros(B * H, M, dh).fill(7.0);
            simd.timesHeads(x, W, H, want);
            simd.timesHeadsPacked(x, simd.pack(W), H, got);
            for (int b = 0; b < B * H; b++) assertArrayEquals(want.slice(b).data, got.slice(b).data, "dh " + dh);
        }
    }

    @Test
    void aLengthThatIsNotRowsTimesColsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PackedWeights(2, 3, 0, new double[5]));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("2·3"), e.getMessage());
    }

    @Test
    void putByHand() {
        // W = [[1 2 3], [4 5 6]] at offset 2 of a shared array, panel 2, written in chunks that split rows and panels
        double[] shared = new double[9];
        PackedWeights p = PackedWeights.empty(2, 3, 2, shared, 2);
        p.put(0, new double[] {1}, 1);
        p.put(1, new double[] {2, 3, 4}, 3);
        p.put(4, new double[] {5, 6}, 2);
        assertArrayEquals(new double[] {0, 0, 1, 2, 4, 5, 3, 6, 0}, shared);
        // the same W from Wt = [[1 4], [2 5], [3 6]]: rows of Wt fill columns, here from column 1 of a wider W
        double[] wide = new double[8];
        PackedWeights q = PackedWeights.empty(2, 4, 2, wide, 0);
        q.putTransposed(0, new double[] {1, 4, 2}, 3, 1);
        q.putTransposed(3, new double[] {5, 3, 6}, 3, 1);
        assertArrayEquals(new double[] {0, 1, 0, 4, 2, 3, 5, 6}, wide); // W = [[0 1 2 3], [0 4 5 6]]
    }

    @Test
    void putInAnyChunksEqualsPackingTheWholeWeight() {
        Random rng = new Random(8);
        for (int[] s : SHAPES)
            for (int panel : new int[] {0, 2, VectorTiles.W})
                for (int chunk : new int[] {1, 3, 7, 64, 1 << 20}) {
                    int K = s[2], N = s[3], off = 5;
                    Tensor W = Tensor.randn(rng, K, N);
                    Tensor Wt = Tensor.of(CommonOps_DDRM.transpose(W.matrix(), null));
                    double[] a = new double[off + K * N + 3], b = new double[off + K * N + 3];
                    PackedWeights pa = PackedWeights.empty(K, N, panel, a, off), pb = PackedWeights.empty(K, N,
                            panel, b, off);
                    for (int e = 0; e < K * N; e += chunk) {
                        int n = Math.min(chunk, K * N - e);
                        pa.put(e, java.util.Arrays.copyOfRange(W.matrix().data, e, e + n), n);
                        pb.putTransposed(e, java.util.Arrays.copyOfRange(Wt.matrix().data, e, e + n), n, 0);
                    }
                    double[] want = PackedWeights.of(W, panel).data;
                    String where = "shape " + K + "x" + N + ", panel " + panel + ", chunk " + chunk;
                    assertArrayEquals(want, java.util.Arrays.copyOfRange(a, off, off + K * N), where);
                    assertArrayEquals(want, java.util.Arrays.copyOfRange(b, off, off + K * N), where);
                    assertEquals(0.0, a[off - 1]);
                    assertEquals(0.0, a[off + K * N]); // nothing written outside its range
                    assertArrayEquals(W.matrix().data, pa.rowMajor().matrix().data, where);
                }
    }

    /** Llama's q, k and v: three Wt side by side in one W, their borders inside panels, read in odd chunks. */
    @Test
    void transposedPiecesSideBySideInAnyChunks() {
        Random rng = new Random(9);
        int K = 35, widths[] = {21, 7, 13}, N = 41;
        Tensor W = Tensor.randn(rng, K, N);
        for (int panel : new int[] {0, 2, VectorTiles.W})
            for (int chunk : new int[] {1, 34, 35, 36, 3 * 35 + 2, 1 << 20}) {
                double[] a = new double[K * N];
                PackedWeights p = PackedWeights.empty(K, N, panel, a, 0);
                for (int col0 = 0, w = 0; w < widths.length; col0 += widths[w++]) {
                    double[] wt = new double[widths[w] * K]; // Wt [width, K]: W's columns col0 … as rows
                    for (int r = 0; r < widths[w]; r++)
                        for (int k = 0; k < K; k++) wt[r * K + k] = W.get(k, col0 + r);
                    for (int e = 0; e < wt.length; e += chunk) {
                        int n = Math.min(chunk, wt.length - e);
                        p.putTransposed(e, java.util.Arrays.copyOfRange(wt, e, e + n), n, col0);
                    }
                }
                assertArrayEquals(PackedWeights.of(W, panel).data, a, "panel " + panel + ", chunk " + chunk);
            }
    }

    /** W packed for {@code k} at offset 11 of a larger shared array, as a model's loader places it. */
    private static PackedWeights atOffset(AttentionKernel k, Tensor W) {
        PackedWeights p = k.packEmpty(W.rows(), W.cols(), new double[11 + W.rows() * W.cols() + 5], 11);
        p.put(0, W.matrix().data, W.rows() * W.cols());
        return p;
    }

    @Test
    void badPlacesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PackedWeights.empty(3, 4, 2, new double[10], 0));
        assertTrue(e.getMessage().contains("too few for rows·cols = 3·4"), e.getMessage());
        PackedWeights p = PackedWeights.empty(2, 3, 2, new double[6], 0);
        e = assertThrows(IllegalArgumentException.class, () -> p.putTransposed(0, new double[] {1, 2}, 2, 3));
        assertTrue(e.getMessage().contains("column 3 is outside W's 3 columns"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.put(5, new double[] {1, 2}, 2));
        assertTrue(e.getMessage().contains("elements 5..6 must lie within W's 2·3 = 6"), e.getMessage());
    }

    @Test
    void everyOutputIsOneFmaChainOverKAlsoWhenTheKsAreBlocked() {
        // 19 rows: two 8-row tiles, then the 4-row and single-row paths; 37 columns: panels and a tail; K spans
        // several blocks and a part, so the tiles' chains are cut into blocks and resumed
        int M = 19, K = 3 * VectorTimes.KC + 77, N = 37;
        Random rng = new Random(12);
        Tensor x = Tensor.randn(rng, 1, M, K), W = Tensor.randn(rng, K, N), got = Tensor.zeros(1, M, N);
        AttentionKernel simd = Kernels.simd();
        simd.timesPacked(x, simd.pack(W), got);
        for (int i = 0; i < M; i++)
            for (int c = 0; c < N; c++) {
                double acc = 0;
                for (int k = 0; k < K; k++) acc = Math.fma(x.slice(0).get(i, k), W.matrix().get(k, c), acc);
                assertEquals(acc, got.slice(0).get(i, c), "row " + i + ", column " + c);
            }
    }
}
