package attnlab.model;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of {@link HookedModel#run}: the tokens, the logits {@code [L, vocab]} and the activation cache.
 * {@code top(k)} and {@code loss()} read the logits; {@code get}, {@code names} and {@code pattern} read the cache.
 */
public final class ModelRun {
    private final HookedModel model;
    private final int[] tokens;
    private final Tensor logits;
    private final ActivationCache cache;

    public ModelRun(HookedModel model, int[] tokens, Tensor logits, ActivationCache cache) {
        this.model = Checks.notNull(model, "model");
        this.tokens = Checks.notNull(tokens, "tokens").clone();
        this.logits = Checks.notNull(logits, "logits");
        this.cache = Checks.notNull(cache, "cache");
        if (logits.rank() != 2 || logits.rows() != tokens.length)
            throw new IllegalArgumentException("logits must be [L, vocab] = [" + tokens.length + ", vocab] but has shape "
                    + Checks.str(logits.shape()));
    }

    public HookedModel model() { return model; }

    public int[] tokens() { return tokens.clone(); }

    /** The tokens as the model's tokenizer spells them (ids for toy models): the labels of every picture. */
    public String[] strTokens() {
        String[] s = new String[tokens.length];
        for (int i = 0; i < s.length; i++) s[i] = model.tokenText(tokens[i]);
        return s;
    }

    /** {@code [L, vocab]}: row i predicts token i + 1. */
    public Tensor logits() { return logits; }

    public ActivationCache cache() { return cache; }

    public List<String> names() { return cache.names(); }

    public Tensor get(String name) { return cache.get(name); }

    /** {@code blocks.L.attn.hook_pattern}, {@code [H, L, L]}. */
    public Tensor pattern(int layer) {
        Checks.nonNegative(layer, "layer");
        if (layer >= model.layers())
            throw new IllegalArgumentException("layer must be < " + model.layers() + " (the model's layers) but was "
                    + layer);
        return cache.pattern(layer);
    }

    /** Per-token cross-entropy (nats) of predicting token i + 1 from row i: {@code [1, L − 1]}. */
    public Tensor loss() {
        int L = tokens.length;
        if (L < 2) throw new IllegalArgumentException("loss needs at least 2 tokens but the run has " + L);
        Tensor out = Tensor.zeros(1, L - 1);
        double[] z = logits.matrix().data;
        int V = logits.cols();
        for (int i = 0; i < L - 1; i++) out.matrix().data[i] = logSumExp(z, i * V, V) - z[i * V + tokens[i + 1]];
        return out;
    }

    /** The mean of {@link #loss()}. */
    public double meanLoss() {
        double s = 0;
        double[] l = loss().matrix().data;
        for (double v : l) s += v;
        return s / l.length;
    }

    /** The {@code k} most likely next tokens after the last position, with probabilities. */
    public Top top(int k) {
        Checks.positive(k, "k");
        int V = logits.cols(), last = tokens.length - 1;
        k = Math.min(k, V);
        double[] z = logits.matrix().data;
        double lse = logSumExp(z, last * V, V);
        List<Top.Entry> entries = new ArrayList<>();
        boolean[] taken = new boolean[V];
        for (int r = 0; r < k; r++) {
            int best = -1;
            for (int v = 0; v < V; v++)
                if (!taken[v] && (best < 0 || z[last * V + v] > z[last * V + best])) best = v;
            taken[best] = true;
            entries.add(new Top.Entry(best, model.tokenText(best), z[last * V + best],
                    Math.exp(z[last * V + best] - lse)));
        }
        return new Top(entries);
    }

    /** The next-token predictions of {@link #top}: prints as a small table. */
    public record Top(List<Entry> entries) {
        public record Entry(int id, String text, double logit, double probability) {}

        public int[] ids() {
            return entries.stream().mapToInt(Entry::id).toArray();
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%4s  %-16s %8s %9s%n", "rank", "token",
                    "prob", "logit"));
            for (int r = 0; r < entries.size(); r++) {
                Entry e = entries.get(r);
                b.append(String.format(Locale.ROOT, "%4d  %-16s %8.4f %9.4f%n", r + 1, quote(e.text()),
                        e.probability(), e.logit()));
            }
            return b.toString().stripTrailing();
        }

        private static String quote(String s) {
            return "'" + s.replace("\n", "\\n").replace("\t", "\\t") + "' ";
        }
    }

    static double logSumExp(double[] z, int off, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < n; v++) m = Math.max(m, z[off + v]);
        double s = 0;
        for (int v = 0; v < n; v++) s += Math.exp(z[off + v] - m);
        return m + Math.log(s);
    }

    @Override
    public String toString() {
        return "ModelRun: " + tokens.length + " tokens, logits " + Checks.str(logits.shape()) + ", " + cache.size()
                + " cached activations";
    }
}
