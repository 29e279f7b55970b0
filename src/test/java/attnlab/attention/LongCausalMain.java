package attnlab.attention;

import attnlab.tensor.Tensor;

import java.util.Locale;
import java.util.Random;

/**
 * Run in a JVM of its own by {@link BandAttentionTest} with a small heap: causal attention at length L (args: L d)
 * through the public API, then three rows checked against a direct computation of that row. Prints
 * {@code ok <max error> <ms>} or throws. A dense causal mask alone would be 8·L² bytes (2 GB at L = 16384).
 */
public final class LongCausalMain {
    private LongCausalMain() {}

    public static void main(String[] args) {
        int l = Integer.parseInt(args[0]), d = Integer.parseInt(args[1]);
        Random rng = new Random(1);
        Tensor Q = Tensor.randn(rng, 1, l, d), K = Tensor.randn(rng, 1, l, d), V = Tensor.randn(rng, 1, l, d);
        long t0 = System.nanoTime();
        Tensor O = Attention.bandAttention(Q, K, V, BandMask.causal(), Double.NaN);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        double err = 0;
        for (int i : new int[] {0, l / 2 + 7, l - 1}) err = Math.max(err, rowError(Q, K, V, O, i, d));
        if (!(err < 1e-12)) throw new AssertionError("rows differ from a direct computation by " + err);
        System.out.printf(Locale.ROOT, "ok %.3g %d%n", err, ms);
    }

    /** max |O_i − Σ_{j ≤ i} softmax(q_i·k_j/√d) v_j| for one row i, computed directly. */
    static double rowError(Tensor Q, Tensor K, Tensor V, Tensor O, int i, int d) {
        double[] s = new double[i + 1];
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int j = 0; j <= i; j++) {
            double dot = 0;
            for (int c = 0; c < d; c++) dot += Q.get(0, i, c) * K.get(0, j, c);
            s[j] = dot / Math.sqrt(d);
            max = Math.max(max, s[j]);
        }
        for (int j = 0; j <= i; j++) sum += s[j] = Math.exp(s[j] - max);
        double err = 0;
        for (int c = 0; c < d; c++) {
            double o = 0;
            for (int j = 0; j <= i; j++) o += s[j] / sum * V.get(0, j, c);
            err = Math.max(err, Math.abs(o - O.get(0, i, c)));
        }
        return err;
    }
}
