package attnlab.model;

import attnlab.tensor.Checks;
import attnlab.tensor.TensorFormat;

import java.util.Random;

/**
 * How {@link Model#generate} picks the next token from the last row of logits:
 * <pre>
 *   GREEDY                 argmax (the first on ties)
 *   sample(T, k, seed)     keep the k largest logits (k ≤ 0: all), p ∝ exp(z / T), one draw from new Random(seed)
 * </pre>
 * The same seed gives the same text.
 */
public record Sampler(double temperature, int topK, long seed) {
    public static final Sampler GREEDY = new Sampler(0, 1, 0);

    public Sampler {
        if (!(temperature >= 0) || Double.isInfinite(temperature))
            throw new IllegalArgumentException("temperature must be ≥ 0 and finite but was "
                    + TensorFormat.number(temperature));
    }

    /** A seeded temperature / top-k sampler. */
    public static Sampler sample(double temperature, int topK, long seed) {
        if (!(temperature > 0))
            throw new IllegalArgumentException("temperature must be > 0 to sample (0 is GREEDY) but was "
                    + TensorFormat.number(temperature));
        return new Sampler(temperature, topK, seed);
    }

    /** One generation's draws (its own random stream). */
    Draw start() {
        return new Draw(this, new Random(seed));
    }

    static final class Draw {
        private final Sampler s;
        private final Random rng;

        Draw(Sampler s, Random rng) {
            this.s = s;
            this.rng = rng;
        }

        int next(double[] z, int off, int V) {
            int best = 0;
            for (int v = 1; v < V; v++) if (z[off + v] > z[off + best]) best = v;
            if (s.temperature == 0) return best;
            double cut = Double.NEGATIVE_INFINITY;
            if (s.topK > 0 && s.topK < V) {
                double[] sorted = new double[V];
                System.arraycopy(z, off, sorted, 0, V);
                java.util.Arrays.sort(sorted);
                cut = sorted[V - s.topK];
            }
            double mx = z[off + best], sum = 0;
            double[] p = new double[V];
            for (int v = 0; v < V; v++) if (z[off + v] >= cut) sum += p[v] = Math.exp((z[off + v] - mx) / s.temperature);
            double u = rng.nextDouble() * sum, acc = 0;
            for (int v = 0; v < V; v++) {
                acc += p[v];
                if (p[v] > 0 && u < acc) return v;
            }
            return best;
        }
    }

    @Override
    public String toString() {
        return temperature == 0 ? "greedy" : "sample(T=" + TensorFormat.number(temperature) + ", top-k "
                + (topK > 0 ? topK : "all") + ", seed " + seed + ")";
    }
}
