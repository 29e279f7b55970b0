package attnlab.attention.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import static attnlab.attention.kernel.VectorTiles.L;
import static attnlab.attention.kernel.VectorTiles.SP;

/**
 * A model MLP's gates on the SIMD lanes ({@link AttentionKernel#gelu}, {@link AttentionKernel#swiglu}), through
 * {@link VectorExp}, whose domain is x ≤ 0; so each sigmoid takes the exponential of −|t|:
 * <pre>
 *   sigmoid(t) = 1 / (1 + e),  t ≥ 0        e = exp(−|t|)
 *              = e / (1 + e),  t &lt; 0
 *   gelu_new(x) = x · sigmoid(2y),  y = √(2/π) (x + 0.044715 x³)       (0.5 (1 + tanh y) = sigmoid(2y))
 *   silu(g) · u = g · sigmoid(g) · u
 * </pre>
 * The scalar tail uses the same formula lane by lane, so every element gets the same bits whichever path computes it.
 */
final class VectorGates {
    private VectorGates() {}

    private static final double GELU_2C = 2 * Math.sqrt(2.0 / Math.PI);

    /** {@code y[k] = gelu_new(x[k])} for k in [from, to). */
    static void gelu(double[] x, double[] y, int from, int to) {
        int k = from;
        for (; k + L <= to; k += L) {
            DoubleVector v = DoubleVector.fromArray(SP, x, k);
            DoubleVector t = v.mul(v).mul(v).mul(0.044715).add(v).mul(GELU_2C);
            v.mul(sigmoid(t)).intoArray(y, k);
        }
        for (; k < to; k++) {
            double v = x[k];
            y[k] = v * sigmoid(GELU_2C * (v + 0.044715 * (v * v * v)));
        }
    }

    /** {@code y[k] = silu(g[k]) · u[k]} for k in [from, to). */
    static void swiglu(double[] g, double[] u, double[] y, int from, int to) {
        int k = from;
        for (; k + L <= to; k += L) {
            DoubleVector v = DoubleVector.fromArray(SP, g, k);
            v.mul(sigmoid(v)).mul(DoubleVector.fromArray(SP, u, k)).intoArray(y, k);
        }
        for (; k < to; k++) y[k] = g[k] * sigmoid(g[k]) * u[k];
    }

    private static DoubleVector sigmoid(DoubleVector t) {
        DoubleVector e = VectorExp.exp(t.abs().neg());
        VectorMask<Double> negative = t.compare(VectorOperators.LT, 0.0);
        return DoubleVector.broadcast(SP, 1.0).blend(e, negative).div(e.add(1.0));
    }

    private static double sigmoid(double t) {
        double e = VectorExp.exp(-Math.abs(t));
        return (t < 0 ? e : 1.0) / (e + 1.0);
    }
}
