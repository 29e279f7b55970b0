package attnlab.attention.kernel;

import attnlab.attention.BandMask;
import attnlab.tensor.Tensor;

import java.util.Arrays;

/**
 * The scores of {@link AttentionKernel#forwardBand} written out, for a kernel that does not form them itself:
 * <pre>
 *   S[b, i, j] = scale · Σ_c Q[b, i, c] K[b, j, c]    for j in the band of row i
 *              = −inf                               elsewhere (a key outside the band is never read)
 * </pre>
 */
final class BandScores {
    private BandScores() {}

    static void write(Tensor Q, Tensor K, BandMask band, double scale, Tensor scores) {
        int lq = Q.rows(), lk = K.rows(), dk = Q.cols();
        for (int b = 0; b < Q.batch(); b++) {
            double[] q = Q.slice(b).data, k = K.slice(b).data, s = scores.slice(b).data;
            for (int i = 0; i < lq; i++) {
                int j0 = Math.min(lk, band.firstKey(i, lq, lk)), j1 = Math.max(j0, band.endKey(i, lq, lk));
                Arrays.fill(s, i * lk, (i + 1) * lk, Double.NEGATIVE_INFINITY);
                for (int j = j0; j < j1; j++) {
                    double dot = 0;
                    for (int c = 0; c < dk; c++) dot += q[i * dk + c] * k[j * dk + c];
                    s[i * lk + j] = scale * dot;
                }
            }
        }
    }

    /** Row {@code i} of one slice's scores {@code sc [.., lk]}: −inf outside {@code [j0, j1)}. */
    static void blockOutside(double[] sc, int i, int lk, int j0, int j1) {
        if (j0 >= j1) {
            Arrays.fill(sc, i * lk, (i + 1) * lk, Double.NEGATIVE_INFINITY);
            return;
        }
        Arrays.fill(sc, i * lk, i * lk + j0, Double.NEGATIVE_INFINITY);
        Arrays.fill(sc, i * lk + j1, (i + 1) * lk, Double.NEGATIVE_INFINITY);
    }
}
