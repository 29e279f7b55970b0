package attnlab.attention;

import attnlab.tensor.Tensor;

/**
 * The bias terms of {@link MultiHeadAttention} ({@code x W + b}, one bias row {@code [1, D]} added to every row),
 * forward and backward:
 * <pre>
 *   forward:  Y[b][i][c] += bias[c]                 every sequence b, every row i
 *   backward: dbias[c]    = Σ_b Σ_i dY[b][i][c]      the bias reaches every row, so its gradient sums them
 * </pre>
 */
final class Biases {
    private Biases() {}

    /** Adds {@code bias} {@code [1, H·dk]} to split heads {@code [B, H, L, dk]}: head h takes columns h·dk …. */
    static void addToHeads(Tensor heads, Tensor bias, int nHeads) {
        double[] b = bias.matrix().data;
        int dk = heads.cols(), l = heads.rows();
        for (int s = 0; s < heads.batch(); s++) {
            double[] x = heads.slice(s).data;
            int h = s % nHeads;
            for (int i = 0; i < l; i++)
                for (int c = 0; c < dk; c++) x[i * dk + c] += b[h * dk + c];
        }
    }

    /** Adds {@code bias} {@code [1, D]} to every row of {@code y} {@code [.., L, D]}. */
    static void addToRows(Tensor y, Tensor bias) {
        double[] b = bias.matrix().data;
        int d = y.cols();
        for (int s = 0; s < y.batch(); s++) {
            double[] x = y.slice(s).data;
            for (int i = 0; i < y.rows(); i++)
                for (int c = 0; c < d; c++) x[i * d + c] += b[c];
        }
    }

    /** {@code Σ_b Σ_i dY[b][i]}: {@code [1, D]}, the gradient of a bias added to every row. Not modified. */
    static Tensor sumRows(Tensor dY) {
        Tensor db = Tensor.zeros(1, dY.cols());
        double[] out = db.matrix().data;
        int d = dY.cols();
        for (int s = 0; s < dY.batch(); s++) {
            double[] x = dY.slice(s).data;
            for (int i = 0; i < dY.rows(); i++)
                for (int c = 0; c < d; c++) out[c] += x[i * d + c];
        }
        return db;
    }
}
