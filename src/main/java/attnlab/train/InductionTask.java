package attnlab.train;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.util.Random;

/**
 * The repeated-random-tokens task of the induction-head papers: a BOS token, then random tokens that repeat. The
 * model predicts every next token; only a token that repeats can be predicted, and only by copying.
 * <pre>
 *   evaluation (and every picture):   BOS, x_1 .. x_n, x_1 .. x_n                     length 2n + 1
 *   training:                         BOS, x_1 .. x_k, x_1 .. x_k, x_1 ..  (period k, cut at length 2n + 1)
 *                                     k uniform in [max(2, n/4), n], per sequence
 * </pre>
 * Tokens {@code x} are uniform in {@code 0..vocab−1}; BOS is the id {@code vocab}, so the model needs
 * {@code vocab + 1} ids ({@link #modelVocab()}). Why the period varies in training: with a fixed n, a single layer can
 * cheat by position alone (attend n − 1 places back and copy), which is not induction; a varying period leaves
 * "find the earlier copy of the current token and read what came after it" as the only way to copy.
 *
 * <p>Targets at position t are {@code tokens[t + 1]}; each is either <b>new</b> (nothing earlier predicts it: the
 * first period, and the first token of the second, whose predecessor has not been seen twice) or <b>repeated</b>
 * (from the second token of the second period on: its predecessor occurred before, followed by it). On evaluation
 * sequences that is "the first half" (n + 1 targets) and "the repeated half" (n − 1 targets). New targets cannot be
 * predicted better than ln(vocab) nats; repeated ones only induction brings near 0.
 */
public final class InductionTask {
    /** Target kinds, as stored in {@link Batch#kinds()}. */
    public static final byte NONE = 0, NEW = 1, REPEATED = 2;

    private final int vocab, n, minPeriod;

    /**
     * One batch {@code [B][2n + 1]}: tokens, next-token targets ({@link Task#NO_TARGET} at the last position) and the
     * kind of each target ({@link #NEW}, {@link #REPEATED}, {@link #NONE}).
     */
    public record Batch(int[][] tokens, int[][] targets, byte[][] kinds) {
        public int size() { return tokens.length; }
    }

    private InductionTask(int vocab, int n) {
        this.vocab = vocab;
        this.n = n;
        this.minPeriod = Math.max(2, n / 4);
    }

    /** Random tokens {@code 0..vocab−1} (vocab ≥ 2), halves of n ≥ 2 tokens; BOS is id {@code vocab}. */
    public static InductionTask of(int vocab, int n) {
        if (vocab < 2) throw new IllegalArgumentException("vocab must be >= 2 but was " + vocab);
        if (n < 2) throw new IllegalArgumentException("n must be >= 2 but was " + n);
        if (n > 1_000_000) throw new IllegalArgumentException("n must be <= 1000000 but was " + n);
        return new InductionTask(vocab, n);
    }

    /** A new batch of {@code batch} training sequences (random periods) drawn from {@code rng}. */
    public Batch sample(Random rng, int batch) {
        return sample(rng, allocate(batch), false);
    }

    /** A new batch of {@code batch} evaluation sequences {@code BOS, x_1..x_n, x_1..x_n} drawn from {@code rng}. */
    public Batch evaluation(Random rng, int batch) {
        return sample(rng, allocate(batch), true);
    }

    /** One evaluation sequence drawn from {@code new Random(seed)}: the sequence of the pictures. */
    public int[] sequence(long seed) {
        return evaluation(new Random(seed), 1).tokens()[0];
    }

    Batch allocate(int batch) {
        Checks.positive(batch, "batch");
        int L = length();
        return new Batch(new int[batch][L], new int[batch][L], new byte[batch][L]);
    }

    /** Refills {@code into}: per sequence the period (training) and then the tokens, all from {@code rng}. */
    Batch sample(Random rng, Batch into, boolean evaluation) {
        Checks.notNull(rng, "rng");
        int[] x = new int[n];
        for (int b = 0; b < into.size(); b++) {
            int k = evaluation ? n : minPeriod + rng.nextInt(n - minPeriod + 1);
            for (int i = 0; i < k; i++) x[i] = rng.nextInt(vocab);
            int[] s = into.tokens()[b], y = into.targets()[b];
            byte[] kind = into.kinds()[b];
            s[0] = vocab;                                              // BOS
            for (int i = 0; i < 2 * n; i++) s[1 + i] = x[i % k];
            for (int t = 0; t < 2 * n; t++) {
                y[t] = s[t + 1];
                kind[t] = t >= k + 1 ? REPEATED : NEW;
            }
            y[2 * n] = Task.NO_TARGET;
            kind[2 * n] = NONE;
        }
        return into;
    }

    /**
     * Mean cross-entropy (nats) of the new and of the repeated targets: {@code {new, repeated}}, from logits
     * {@code [B, L, C]} of {@code batch}'s tokens ({@code NaN} for a kind with no target).
     */
    public static double[] halfLosses(Tensor logits, Batch batch) {
        Checks.notNull(logits, "logits");
        Checks.notNull(batch, "batch");
        int L = logits.rows(), C = logits.cols();
        double[] sum = new double[3];
        int[] count = new int[3];
        for (int b = 0; b < batch.size(); b++) {
            double[] z = logits.slice(b).data;
            for (int t = 0; t < L; t++) {
                int kind = batch.kinds()[b][t];
                if (kind == NONE) continue;
                int o = t * C;
                double max = z[o];
                for (int c = 1; c < C; c++) max = Math.max(max, z[o + c]);
                double s = 0;
                for (int c = 0; c < C; c++) s += Math.exp(z[o + c] - max);
                sum[kind] += Math.log(s) + max - z[o + batch.targets()[b][t]];
                count[kind]++;
            }
        }
        return new double[] {sum[NEW] / count[NEW], count[REPEATED] == 0 ? Double.NaN : sum[REPEATED] / count[REPEATED]};
    }

    /** Random token ids {@code 0..vocab−1}. */
    public int vocab() { return vocab; }

    /** The BOS id, {@code vocab}. */
    public int bos() { return vocab; }

    /** The ids a model needs: {@code vocab + 1} (the tokens and BOS). */
    public int modelVocab() { return vocab + 1; }

    /** Tokens per half. */
    public int n() { return n; }

    /** Sequence length {@code 2n + 1}. */
    public int length() { return 2 * n + 1; }

    /** The shortest training period, {@code max(2, n/4)}. */
    public int minPeriod() { return minPeriod; }

    /** ln(vocab): the best loss on new tokens. */
    public double chanceLoss() { return Math.log(vocab); }

    @Override
    public String toString() {
        return "InductionTask repeated random tokens: vocab " + vocab + " (+ BOS = " + vocab + "), n " + n
                + ", length " + length() + ", training periods " + minPeriod + ".." + n;
    }
}
