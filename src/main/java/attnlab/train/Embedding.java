package attnlab.train;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.util.Random;

/**
 * Token embedding: a lookup table {@code E [V, D]}, row {@code v} is the vector of token {@code v}.
 * <pre>
 *   forward:  X[b][t] = E[tokens[b][t]]                          X [B, L, D]
 *   backward: dE[v]  += Σ_{b,t : tokens[b][t] = v} dX[b][t]      dE [V, D]  (a scatter-add: each row of dX goes back
 *                                                                 to the row of E it was copied from)
 * </pre>
 * Initialised {@code E ~ N(0, 1)} (numerics §9), from the given seed.
 */
public final class Embedding {
    private final Tensor E;

    /** A {@code [vocab, dModel]} table with N(0, 1) entries drawn from {@code new Random(seed)}. */
    public Embedding(int vocab, int dModel, long seed) {
        Checks.positive(vocab, "vocab");
        Checks.positive(dModel, "dModel");
        E = Tensor.randn(new Random(seed), vocab, dModel);
    }

    /** The live table {@code [V, D]}: writes change the model. */
    public Tensor weights() { return E; }

    public int vocab() { return E.rows(); }

    public int dModel() { return E.cols(); }

    /**
     * {@code X[b][t] = E[tokens[b][t]]}.
     *
     * @param tokens {@code [B][L]} ids in {@code 0..V−1}. Not modified.
     * @param X      {@code [B, L, D]}, overwritten
     */
    public void forward(int[][] tokens, Tensor X) {
        int D = dModel();
        double[] e = E.matrix().data;
        for (int b = 0; b < tokens.length; b++) {
            double[] x = X.slice(b).data;
            for (int t = 0; t < tokens[b].length; t++) {
                int v = tokens[b][t];
                if (v < 0 || v >= vocab())
                    throw new IllegalArgumentException("tokens[" + b + "][" + t + "] must be in 0.." + (vocab() - 1)
                            + " (vocab − 1) but was " + v);
                System.arraycopy(e, v * D, x, t * D, D);       // X[b][t] = E[v]
            }
        }
    }

    /**
     * Accumulates {@code dE[tokens[b][t]] += dX[b][t]}; the caller zeroes {@code dE} first.
     *
     * @param tokens {@code [B][L]}, as given to forward. Not modified.
     * @param dX     {@code [B, L, D]}. Not modified.
     * @param dE     {@code [V, D]}, accumulated into
     */
    public void backward(int[][] tokens, Tensor dX, Tensor dE) {
        int D = dModel();
        double[] de = dE.matrix().data;
        for (int b = 0; b < tokens.length; b++) {
            double[] dx = dX.slice(b).data;
            for (int t = 0; t < tokens[b].length; t++) {
                int row = tokens[b][t] * D, src = t * D;
                for (int c = 0; c < D; c++) de[row + c] += dx[src + c]; // forward: X[b][t] = E[v]
            }
        }
    }
}
