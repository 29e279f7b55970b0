package attnlab.plot;

import attnlab.attention.Attention;
import attnlab.attention.Masks;
import attnlab.attention.PositionalEncoding;
import attnlab.attention.Softmax;
import attnlab.tensor.Tensor;

import java.nio.file.Path;
import java.util.Random;

/**
 * Regenerates the example pictures in {@code charts/} (the README shows them) from seeded data, so they are
 * reproducible rather than hand-made:
 * <pre>
 *   mvn -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -Djava.awt.headless=true -cp target/classes:$(cat target/cp.txt) attnlab.plot.Examples charts
 * </pre>
 */
public final class Examples {
    private Examples() {}

    static final String[] TOKENS = {"the", "cat", "sat", "on", "the", "warm", "mat", "."};

    /** Causal self-attention weights of 8 tokens with seeded random projections, {@code [8, 8]}. */
    static Tensor attentionWeights(int heads) {
        Random rng = new Random(7);
        Tensor q = Tensor.randn(rng, heads, TOKENS.length, 16).times(1.6);
        Tensor k = Tensor.randn(rng, heads, TOKENS.length, 16);
        Tensor v = Tensor.randn(rng, heads, TOKENS.length, 16);
        return Attention.forward(q, k, v, Masks.causal(TOKENS.length), Double.NaN).weights();
    }

    /**
     * Exercise 5.2 in numbers: the mean, over 200 draws, of the largest softmax probability over 16 keys of the
     * logits {@code q·k_j} (or {@code q·k_j / √d_k} when {@code scaled}), with q and k_j standard normal in d_k
     * dimensions. Unscaled logits have variance d_k, so softmax turns nearly one-hot as d_k grows.
     */
    public static double maxProbability(int dk, boolean scaled, Random rng) {
        int keys = 16, trials = 200;
        double sum = 0;
        for (int t = 0; t < trials; t++) {
            Tensor q = Tensor.randn(rng, 1, dk), k = Tensor.randn(rng, keys, dk);
            Tensor s = Tensor.zeros(1, keys);
            for (int j = 0; j < keys; j++) {
                double dot = 0;
                for (int c = 0; c < dk; c++) dot += q.get(0, c) * k.get(j, c);
                s.set(0, 0, j, scaled ? dot / Math.sqrt(dk) : dot);
            }
            Tensor p = Softmax.forward(s);
            double max = 0;
            for (int j = 0; j < keys; j++) max = Math.max(max, p.get(0, j));
            sum += max;
        }
        return sum / trials;
    }

    public static void main(String[] args) {
        String dir = args.length > 0 ? args[0] : "charts";
        Tensor w = attentionWeights(1).view(TOKENS.length, TOKENS.length);
        print(Heatmap.of(w).tokens(TOKENS).mask(Masks.causal(TOKENS.length))
                .title("Causal self-attention weights").save(dir + "/attention-tokens.png"));
        print(Heatmap.heads(attentionWeights(4)).tokens(TOKENS).mask(Masks.causal(TOKENS.length))
                .title("Four heads, one shared scale").save(dir + "/attention-heads.png"));
        print(Heatmap.positional(PositionalEncoding.encoding(100, 128)).save(dir + "/positional-encoding.png"));
        Random rng = new Random(1);
        int[] dks = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
        double[] xs = new double[dks.length], raw = new double[dks.length], scaled = new double[dks.length];
        for (int i = 0; i < dks.length; i++) {
            xs[i] = dks[i];
            raw[i] = maxProbability(dks[i], false, rng);
            scaled[i] = maxProbability(dks[i], true, rng);
        }
        print(LineChart.of(xs, raw, "q·k (unscaled)").add(xs, scaled, "q·k / √d_k").logX(true).markers(true)
                .axes("d_k", "mean max softmax probability (16 keys)").title("Why attention divides by √d_k")
                .save(dir + "/softmax-max-probability.png"));
    }

    private static void print(Path p) { System.out.println("wrote " + p); }
}
