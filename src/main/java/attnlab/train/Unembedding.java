package attnlab.train;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.util.Random;

/**
 * Unembedding (readout): a linear map without bias from the residual stream to class logits.
 * <pre>
 *   forward:  logits = Z · W_U                 Z [B, L, D], W_U [D, C], logits [B, L, C]
 *   backward: dW_U = Σ_b Z[b]ᵀ · dlogits[b]    [D, C]
 *             dZ   = dlogits · W_Uᵀ            [B, L, D]
 * </pre>
 * Initialised {@code W_U = randn · 0.02} (numerics §9). Plain loops over the raw row-major arrays (the shapes are
 * tiny; EJML temporaries would dominate).
 */
public final class Unembedding {
    private final Tensor W_U;

    /** A {@code [dModel, classes]} map with {@code N(0, 1)·0.02} entries drawn from {@code new Random(seed)}. */
    public Unembedding(int dModel, int classes, long seed) {
        Checks.positive(dModel, "dModel");
        Checks.positive(classes, "classes");
        W_U = Tensor.randn(new Random(seed), dModel, classes).times(0.02);
    }

    /** The live weights {@code [D, C]}. */
    public Tensor weights() { return W_U; }

    public int dModel() { return W_U.rows(); }

    public int classes() { return W_U.cols(); }

    /**
     * {@code logits = Z · W_U}.
     *
     * @param Z      {@code [B, L, D]}. Not modified.
     * @param logits {@code [B, L, C]}, overwritten
     */
    public void forward(Tensor Z, Tensor logits) {
        int D = dModel(), C = classes(), L = Z.rows();
        double[] w = W_U.matrix().data;
        for (int b = 0; b < Z.batch(); b++) {
            double[] z = Z.slice(b).data, y = logits.slice(b).data;
            java.util.Arrays.fill(y, 0, L * C, 0.0);
            for (int t = 0; t < L; t++)
                for (int d = 0; d < D; d++) {
                    double zd = z[t * D + d];
                    for (int c = 0; c < C; c++) y[t * C + c] += zd * w[d * C + c];
                }
        }
    }

    /**
     * Gradients of {@link #forward}.
     *
     * @param Z       {@code [B, L, D]}, the forward input. Not modified.
     * @param dLogits {@code [B, L, C]}. Not modified.
     * @param dZ      {@code [B, L, D]}, overwritten
     * @param dW_U    {@code [D, C]}, overwritten
     */
    public void backward(Tensor Z, Tensor dLogits, Tensor dZ, Tensor dW_U) {
        int D = dModel(), C = classes(), L = Z.rows();
        double[] w = W_U.matrix().data, dw = dW_U.matrix().data;
        java.util.Arrays.fill(dw, 0, D * C, 0.0);
        for (int b = 0; b < Z.batch(); b++) {
            double[] z = Z.slice(b).data, dy = dLogits.slice(b).data, dz = dZ.slice(b).data;
            for (int t = 0; t < L; t++)
                for (int d = 0; d < D; d++) {
                    double zd = z[t * D + d], acc = 0;
                    for (int c = 0; c < C; c++) {
                        double g = dy[t * C + c];
                        dw[d * C + c] += zd * g;      // dW_U = Zᵀ · dlogits
                        acc += g * w[d * C + c];      // dZ   = dlogits · W_Uᵀ
                    }
                    dz[t * D + d] = acc;
                }
        }
    }
}
