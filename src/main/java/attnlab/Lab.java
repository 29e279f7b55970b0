package attnlab;

import attnlab.attention.Alignment;
import attnlab.attention.Attention;
import attnlab.attention.Masks;
import attnlab.attention.PositionalEncoding;
import attnlab.attention.Softmax;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

import java.util.Random;

/**
 * The REPL facade: everything a user types, as static methods ({@code startup.jsh} does
 * {@code import static attnlab.Lab.*}). Each method is a one-line delegate to the class that owns the concept, so
 * the javadoc there is the contract; this file only fixes the short names.
 *
 * <p>Plain EJML matrices are accepted wherever one sequence is meant (a batch of one); those overloads return
 * EJML matrices back.
 */
public final class Lab {
    private Lab() {}

    // ================================================================== tensors (attnlab.tensor)

    private static Random rng = new Random(0);

    /** Reseeds the generator behind {@link #randn(int...)}; the REPL starts with seed 0. */
    public static void seed(long seed) { rng = new Random(seed); }

    /** Standard normal tensor of the given shape, e.g. {@code randn(2, 3, 4)}, from the seeded generator. */
    public static Tensor randn(int... shape) { return Tensor.randn(rng, shape); }

    public static Tensor zeros(int... shape) { return Tensor.zeros(shape); }

    public static Tensor ones(int... shape) { return Tensor.ones(shape); }

    public static Tensor eye(int n) { return Tensor.eye(n); }

    /** {@code tensor("1 2; 3 4")} or {@code tensor("[[1, 2], [3, 4]]")}. */
    public static Tensor tensor(String text) { return Tensor.parse(text); }

    public static Tensor tensor(double[][] data) { return Tensor.of(data); }

    public static Tensor tensor(double[][][] data) { return Tensor.of(data); }

    /** Wraps an EJML matrix (no copy). */
    public static Tensor tensor(DMatrixRMaj m) { return Tensor.of(m); }

    // ================================================================== attention (attnlab.attention)

    public static final Alignment TOP_LEFT = Alignment.TOP_LEFT;
    public static final Alignment BOTTOM_RIGHT = Alignment.BOTTOM_RIGHT;
    public static final PositionalEncoding.Layout INTERLEAVED = PositionalEncoding.Layout.INTERLEAVED;
    public static final PositionalEncoding.Layout CONCATENATED = PositionalEncoding.Layout.CONCATENATED;

    /** Row softmax over the last axis. */
    public static Tensor softmax(Tensor x) { return Softmax.forward(x); }

    public static DMatrixRMaj softmax(DMatrixRMaj x) { return Softmax.forward(Tensor.of(x)).matrix(); }

    /** {@code softmax(Q Kᵀ / √d_k) V}. */
    public static Tensor attention(Tensor Q, Tensor K, Tensor V) { return Attention.attention(Q, K, V); }

    /** {@code softmax(scale · Q Kᵀ) V}. */
    public static Tensor attention(Tensor Q, Tensor K, Tensor V, double scale) {
        return Attention.attention(Q, K, V, null, scale);
    }

    public static DMatrixRMaj attention(DMatrixRMaj Q, DMatrixRMaj K, DMatrixRMaj V) {
        return attention(Tensor.of(Q), Tensor.of(K), Tensor.of(V)).matrix();
    }

    /** {@code softmax(Q Kᵀ / √d_k + mask) V}; -inf in the mask blocks a key. */
    public static Tensor maskedAttention(Tensor Q, Tensor K, Tensor V, Tensor mask) {
        return Attention.attention(Q, K, V, mask, Double.NaN);
    }

    public static Tensor maskedAttention(Tensor Q, Tensor K, Tensor V, Tensor mask, double scale) {
        return Attention.attention(Q, K, V, mask, scale);
    }

    public static DMatrixRMaj maskedAttention(DMatrixRMaj Q, DMatrixRMaj K, DMatrixRMaj V, DMatrixRMaj mask) {
        return maskedAttention(Tensor.of(Q), Tensor.of(K), Tensor.of(V), Tensor.of(mask)).matrix();
    }

    /** Output and weights: {@code attentionWithWeights(Q, K, V).weights()}. */
    public static Attention.Result attentionWithWeights(Tensor Q, Tensor K, Tensor V) {
        return Attention.forward(Q, K, V, null, Double.NaN);
    }

    /** Output and weights under a mask (may be null). */
    public static Attention.Result attentionWithWeights(Tensor Q, Tensor K, Tensor V, Tensor mask) {
        return Attention.forward(Q, K, V, mask, Double.NaN);
    }

    /** {@code [n, n]}: 0 where {@code j <= i}, -inf above the diagonal. */
    public static Tensor causalMask(int n) { return Masks.causal(n); }

    /** {@code [Lq, Lk]} causal mask with the diagonal at TOP_LEFT ({@code j <= i}) or BOTTOM_RIGHT. */
    public static Tensor causalMask(int lq, int lk, Alignment alignment) { return Masks.causal(lq, lk, alignment); }

    /** {@code [n, n]}: 0 where {@code j < i}; row 0 is fully blocked. */
    public static Tensor strictCausalMask(int n) { return Masks.strictCausal(n); }

    /** {@code [B, Lq, Lk]}: keys at or after {@code keyLengths[b]} blocked. */
    public static Tensor paddingMask(int[] keyLengths, int lq, int lk) { return Masks.padding(keyLengths, lq, lk); }

    /** {@code [seqLen, dModel]} sinusoidal encoding, interleaved sin/cos. */
    public static Tensor positionalEncoding(int seqLen, int dModel) {
        return PositionalEncoding.encoding(seqLen, dModel);
    }

    public static Tensor positionalEncoding(int seqLen, int dModel, PositionalEncoding.Layout layout) {
        return PositionalEncoding.encoding(seqLen, dModel, layout);
    }

    /** {@code x + PE} for x {@code [L, D]} or {@code [B, L, D]}. */
    public static Tensor addPositionalEncoding(Tensor x) { return PositionalEncoding.add(x); }

    // ================================================================== gradients, multi-head (issue 3)
    // attnlab.grad types and MultiHeadAttention are fully qualified: this section needs no imports (trivial merges).

    /** Checks {@code backward} against central differences of {@code f} (eps 1e-6, atol 1e-5, rtol 1e-3). */
    public static attnlab.grad.GradReport gradcheck(attnlab.grad.TensorFunction f, attnlab.grad.Backward backward,
                                                    Tensor... inputs) {
        return attnlab.grad.GradCheck.check(f, backward, inputs);
    }

    /** The same for plain EJML matrices (wrapped without copying). */
    public static attnlab.grad.GradReport gradcheck(attnlab.grad.TensorFunction f, attnlab.grad.Backward backward,
                                                    DMatrixRMaj... inputs) {
        return attnlab.grad.GradCheck.check(f, backward, attnlab.grad.GradCheck.inputs(inputs));
    }

    /** With an explicit finite-difference step and tolerances. */
    public static attnlab.grad.GradReport gradcheck(attnlab.grad.TensorFunction f, attnlab.grad.Backward backward,
                                                    double eps, double atol, double rtol, Tensor... inputs) {
        return attnlab.grad.GradCheck.check(f, backward, eps, atol, rtol, inputs);
    }

    /** Checks {@code attentionBackward} at Q, K, V under {@code mask} (may be null). */
    public static attnlab.grad.GradReport gradcheckAttention(Tensor Q, Tensor K, Tensor V, Tensor mask) {
        return attnlab.grad.AttentionChecks.attention(Q, K, V, mask);
    }

    /** Checks {@code m.backward} of self-attention at x (mask may be null), for x and all four weights. */
    public static attnlab.grad.GradReport gradcheckMha(attnlab.attention.MultiHeadAttention m, Tensor x, Tensor mask) {
        return attnlab.grad.AttentionChecks.multiHead(m, x, mask);
    }

    /** Numerical gradients of {@code Σ f(inputs)}, one per input, for a function with no backward yet. */
    public static Tensor[] numericalGradient(attnlab.grad.TensorFunction f, Tensor... inputs) {
        return attnlab.grad.GradCheck.gradient(f, inputs);
    }

    /** dQ, dK, dV from the cache that {@code attentionWithWeights} returned. */
    public static Attention.Grads attentionBackward(Tensor dO, Attention.Result cache) {
        return Attention.backward(dO, cache);
    }

    /** Forward then backward: dQ, dK, dV of {@code Σ attention(Q, K, V) ⊙ dO}. */
    public static Attention.Grads attentionBackward(Tensor Q, Tensor K, Tensor V, Tensor dO) {
        return Attention.backward(dO, Attention.forward(Q, K, V, null, Double.NaN));
    }

    /** The same under an additive mask (may be null). */
    public static Attention.Grads attentionBackward(Tensor Q, Tensor K, Tensor V, Tensor mask, Tensor dO) {
        return Attention.backward(dO, Attention.forward(Q, K, V, mask, Double.NaN));
    }

    /** Multi-head attention; weights randn·0.02 from the REPL's seeded generator (see {@link #seed}). */
    public static attnlab.attention.MultiHeadAttention mha(int dModel, int nHeads) {
        return new attnlab.attention.MultiHeadAttention(dModel, nHeads, rng);
    }

    /** Multi-head attention with weights from {@code new Random(seed)}. */
    public static attnlab.attention.MultiHeadAttention mha(int dModel, int nHeads, long seed) {
        return new attnlab.attention.MultiHeadAttention(dModel, nHeads, seed);
    }

    // ================================================================== relative positions (issue 8)

    // ================================================================== charts (issue 5)

    /** Colour maps for {@code heatmap(w).colormap(MAGMA)}; VIRIDIS is the default, RDBU is diverging. */
    public static final attnlab.plot.Colormap VIRIDIS = attnlab.plot.Colormap.VIRIDIS;
    public static final attnlab.plot.Colormap MAGMA = attnlab.plot.Colormap.MAGMA;
    public static final attnlab.plot.Colormap RDBU = attnlab.plot.Colormap.RDBU;

    /** Heatmap of weights {@code [Lq, Lk]} (query 0 at the top); then {@code .show()} or {@code .save("charts/a")}. */
    public static attnlab.plot.Heatmap heatmap(Tensor w) { return attnlab.plot.Heatmap.of(w); }

    public static attnlab.plot.Heatmap heatmap(DMatrixRMaj w) { return attnlab.plot.Heatmap.of(w); }

    /** Heatmap with the same tokens on both axes (self-attention). */
    public static attnlab.plot.Heatmap heatmap(Tensor w, String... tokens) { return heatmap(w).tokens(tokens); }

    public static attnlab.plot.Heatmap heatmap(Tensor w, java.util.List<String> tokens) {
        return heatmap(w).tokens(tokens);
    }

    /** Heatmap with query tokens down the side and key tokens along the bottom. */
    public static attnlab.plot.Heatmap heatmap(Tensor w, String[] queryTokens, String[] keyTokens) {
        return heatmap(w).tokens(queryTokens, keyTokens);
    }

    public static attnlab.plot.Heatmap heatmap(Tensor w, java.util.List<String> queryTokens,
                                               java.util.List<String> keyTokens) {
        return heatmap(w).tokens(queryTokens, keyTokens);
    }

    public static attnlab.plot.Heatmap heatmap(DMatrixRMaj w, String... tokens) { return heatmap(w).tokens(tokens); }

    public static attnlab.plot.Heatmap heatmap(DMatrixRMaj w, String[] queryTokens, String[] keyTokens) {
        return heatmap(w).tokens(queryTokens, keyTokens);
    }

    /** All heads of {@code [H, Lq, Lk]} or {@code [B, H, Lq, Lk]} weights in one figure with one shared scale. */
    public static attnlab.plot.Heatmap headsGrid(Tensor w) { return attnlab.plot.Heatmap.heads(w); }

    public static attnlab.plot.Heatmap headsGrid(Tensor w, String... tokens) {
        return attnlab.plot.Heatmap.heads(w).tokens(tokens);
    }

    /** Positions × dimensions picture of {@code positionalEncoding(seqLen, dModel)}: {@code peHeatmap(100, 128)}. */
    public static attnlab.plot.Heatmap peHeatmap(int seqLen, int dModel) {
        return attnlab.plot.Heatmap.positional(positionalEncoding(seqLen, dModel));
    }

    /** Positions × dimensions picture of an encoding {@code [L, D]}. */
    public static attnlab.plot.Heatmap peHeatmap(Tensor pe) { return attnlab.plot.Heatmap.positional(pe); }

    /** Line chart of {@code (xs[i], ys[i])}; overlay more with {@code .add(xs, ys2, "other")}. */
    public static attnlab.plot.LineChart plot(double[] xs, double[] ys, String label) {
        return attnlab.plot.LineChart.of(xs, ys, label);
    }

    /** Line chart of {@code ys} against 0, 1, 2, .... */
    public static attnlab.plot.LineChart plot(double[] ys, String label) {
        return attnlab.plot.LineChart.of(ys, label);
    }

    // ================================================================== training (issue 7)

    /** Mask kinds for {@code model(task, dModel, heads, STRICT_CAUSAL)}: j &lt; i (row 0 sees nothing) or j ≤ i. */
    public static final attnlab.train.MaskKind STRICT_CAUSAL = attnlab.train.MaskKind.STRICT_CAUSAL;
    public static final attnlab.train.MaskKind CAUSAL = attnlab.train.MaskKind.CAUSAL;

    /** Progress display for {@code trainer(m, task).progress(PROGRESS_PLAIN)}: live bar, a few lines, or nothing. */
    public static final attnlab.train.ProgressBar.Mode PROGRESS_BAR = attnlab.train.ProgressBar.Mode.BAR;
    public static final attnlab.train.ProgressBar.Mode PROGRESS_PLAIN = attnlab.train.ProgressBar.Mode.PLAIN;
    public static final attnlab.train.ProgressBar.Mode PROGRESS_OFF = attnlab.train.ProgressBar.Mode.OFF;

    /** Task {@code y_t = x_{t−1}}: {@code previousTokenTask(8, 10)}. */
    public static attnlab.train.Task previousTokenTask(int vocab, int length) {
        return attnlab.train.Task.previousToken(vocab, length);
    }

    /** Task {@code y_t = x_{t−k}}. */
    public static attnlab.train.Task copyTask(int vocab, int length, int k) {
        return attnlab.train.Task.copy(vocab, length, k);
    }

    /** Task {@code y_t = x_{t−1} − x_{t−2} + (vocab − 1)}: one head cannot solve it, two can. */
    public static attnlab.train.Task differenceTask(int vocab, int length) {
        return attnlab.train.Task.difference(vocab, length);
    }

    /** The default model for {@code task}: d_model 16, 1 head, strict-causal mask, seed 0. */
    public static attnlab.train.AttentionModel tinyModel(attnlab.train.Task task) {
        return attnlab.train.AttentionModel.forTask(task, 16, 1, attnlab.train.MaskKind.STRICT_CAUSAL, 0);
    }

    /** Embedding + PE → multi-head self-attention with residual → unembedding, shaped for {@code task}; seed 0. */
    public static attnlab.train.AttentionModel model(attnlab.train.Task task, int dModel, int heads,
                                                     attnlab.train.MaskKind mask) {
        return attnlab.train.AttentionModel.forTask(task, dModel, heads, mask, 0);
    }

    public static attnlab.train.AttentionModel model(attnlab.train.Task task, int dModel, int heads,
                                                     attnlab.train.MaskKind mask, long seed) {
        return attnlab.train.AttentionModel.forTask(task, dModel, heads, mask, seed);
    }

    /** Trains with the defaults (1500 steps, batch 64, Adam lr 1e-2) and a progress bar; Ctrl-C keeps the model. */
    public static attnlab.train.TrainResult train(attnlab.train.AttentionModel model, attnlab.train.Task task) {
        return attnlab.train.Trainer.of(model, task).run();
    }

    public static attnlab.train.TrainResult train(attnlab.train.AttentionModel model, attnlab.train.Task task,
                                                  int steps) {
        return attnlab.train.Trainer.of(model, task).steps(steps).run();
    }

    /** A trainer to configure: {@code trainer(m, task).steps(3000).lr(3e-3).run()}. */
    public static attnlab.train.Trainer trainer(attnlab.train.AttentionModel model, attnlab.train.Task task) {
        return attnlab.train.Trainer.of(model, task);
    }

    /** Per-head previous-token, current-token and first-token scores of a model on fresh sequences of its task. */
    public static attnlab.train.HeadScores headScores(attnlab.train.AttentionModel model, attnlab.train.Task task) {
        return attnlab.train.HeadScores.of(model, task);
    }

    /** The same scores of attention weights {@code [B, H, L, L]}, {@code [H, L, L]} or {@code [L, L]}. */
    public static attnlab.train.HeadScores headScores(Tensor weights) { return attnlab.train.HeadScores.of(weights); }

    /** One heatmap per head of {@code model} on {@code tokens}, the tokens labelling both axes. */
    public static attnlab.plot.Heatmap headHeatmaps(attnlab.train.AttentionModel model, int... tokens) {
        return attnlab.train.TrainingCharts.heads(model, tokens);
    }

    /** Whole-model gradient check (embedding → MHA → unembedding → cross-entropy) on one batch of 2 sequences. */
    public static attnlab.grad.GradReport modelGradcheck(attnlab.train.AttentionModel model, attnlab.train.Task task) {
        return attnlab.train.ModelGradCheck.check(model, task.sample(new Random(0), 2));
    }


    // ================================================================== exercises and checker (issue 9)
}
