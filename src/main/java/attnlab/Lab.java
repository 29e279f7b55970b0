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
 *
 * <p>Names: {@code xAttention(..)} runs scheme x, {@code xBackward(..)} is its backward, {@code gradcheckX(..)}
 * checks a backward against central differences, {@code checkNN(..)} checks the user's own exercise NN, a noun
 * ({@code causalMask}, {@code heatmap}, {@code model}) builds that thing. Every name has {@code /help NAME}.
 */
public final class Lab {
    private Lab() {}

    // ================================================================== tensors (attnlab.tensor)


    /** Reseeds the generator behind {@link #randn(int...)}; the REPL starts with seed 0. */
    public static void seed(long seed) { attnlab.tensor.SharedRandom.seed(seed); }

    /** Standard normal tensor of the given shape, e.g. {@code randn(2, 3, 4)}, from the seeded generator. */
    public static Tensor randn(int... shape) { return Tensor.randn(attnlab.tensor.SharedRandom.stream(), shape); }

    /** Zeros of the given shape, e.g. {@code zeros(2, 4, 8)}. */
    public static Tensor zeros(int... shape) { return Tensor.zeros(shape); }

    /** Ones of the given shape. */
    public static Tensor ones(int... shape) { return Tensor.ones(shape); }

    /** The {@code [n, n]} identity. */
    public static Tensor eye(int n) { return Tensor.eye(n); }

    /** {@code tensor("1 2; 3 4")} or {@code tensor("[[1, 2], [3, 4]]")}. */
    public static Tensor tensor(String text) { return Tensor.parse(text); }

    /** From a Java array: one {@code [rows, cols]} sequence. */
    public static Tensor tensor(double[][] data) { return Tensor.of(data); }

    /** From a Java array {@code [B][L][D]}. */
    public static Tensor tensor(double[][][] data) { return Tensor.of(data); }

    /** Wraps an EJML matrix (no copy). */
    public static Tensor tensor(DMatrixRMaj m) { return Tensor.of(m); }

    // ================================================================== attention (attnlab.attention)

    /** Causal-mask alignments for {@code causalMask(Lq, Lk, TOP_LEFT)}: j ≤ i (PyTorch {@code is_causal}). */
    public static final Alignment TOP_LEFT = Alignment.TOP_LEFT;
    /** Bottom-right alignment: j ≤ i + Lk − Lq (KV cache, Transformer-XL). */
    public static final Alignment BOTTOM_RIGHT = Alignment.BOTTOM_RIGHT;
    /** Positional-encoding layout: sin and cos interleaved (the sheet's, the default). */
    public static final PositionalEncoding.Layout INTERLEAVED = PositionalEncoding.Layout.INTERLEAVED;
    /** Positional-encoding layout: all sines, then all cosines, same frequencies. */
    public static final PositionalEncoding.Layout CONCATENATED = PositionalEncoding.Layout.CONCATENATED;

    /** Row softmax over the last axis. */
    public static Tensor softmax(Tensor x) { return Softmax.forward(x); }

    /** Row softmax of one EJML matrix. */
    public static DMatrixRMaj softmax(DMatrixRMaj x) { return Softmax.forward(Tensor.of(x)).matrix(); }

    /** {@code softmax(Q Kᵀ / √d_k) V}. */
    public static Tensor attention(Tensor Q, Tensor K, Tensor V) { return Attention.attention(Q, K, V); }

    /** {@code softmax(scale · Q Kᵀ) V}. */
    public static Tensor attention(Tensor Q, Tensor K, Tensor V, double scale) {
        return Attention.attention(Q, K, V, null, scale);
    }

    /** Attention of one sequence given as EJML matrices. */
    public static DMatrixRMaj attention(DMatrixRMaj Q, DMatrixRMaj K, DMatrixRMaj V) {
        return attention(Tensor.of(Q), Tensor.of(K), Tensor.of(V)).matrix();
    }

    /** {@code softmax(Q Kᵀ / √d_k + mask) V}; -inf in the mask blocks a key. */
    public static Tensor maskedAttention(Tensor Q, Tensor K, Tensor V, Tensor mask) {
        return Attention.attention(Q, K, V, mask, Double.NaN);
    }

    /** {@code softmax(scale · Q Kᵀ + mask) V}. */
    public static Tensor maskedAttention(Tensor Q, Tensor K, Tensor V, Tensor mask, double scale) {
        return Attention.attention(Q, K, V, mask, scale);
    }

    /** Masked attention of one sequence given as EJML matrices. */
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

    /**
     * {@code softmax(Q Kᵀ / √d_k + causal) V} without building a mask (PyTorch {@code is_causal=True}): query i sees
     * keys {@code j <= i}; the same result as {@code maskedAttention(Q, K, V, causalMask(Lq, Lk, TOP_LEFT))}.
     */
    public static Tensor causalAttention(Tensor Q, Tensor K, Tensor V) {
        return Attention.bandAttention(Q, K, V, attnlab.attention.BandMask.causal(), Double.NaN);
    }

    /** Causal attention with the diagonal at TOP_LEFT ({@code j <= i}) or BOTTOM_RIGHT ({@code j <= i + Lk − Lq}). */
    public static Tensor causalAttention(Tensor Q, Tensor K, Tensor V, Alignment alignment) {
        return Attention.bandAttention(Q, K, V, attnlab.attention.BandMask.causal(alignment), Double.NaN);
    }

    /** Output, weights and cache of {@code causalAttention}, for {@code attentionBackward(dO, r)}. */
    public static Attention.Result causalAttentionWithWeights(Tensor Q, Tensor K, Tensor V, Alignment alignment) {
        return Attention.bandForward(Q, K, V, attnlab.attention.BandMask.causal(alignment), Double.NaN);
    }

    /** Causal attention in which query i sees only its last {@code window} keys: {@code i − window < j <= i}. */
    public static Tensor slidingWindowAttention(Tensor Q, Tensor K, Tensor V, int window) {
        return Attention.bandAttention(Q, K, V, attnlab.attention.BandMask.slidingWindow(window), Double.NaN);
    }

    /** Sliding-window attention with the given alignment. */
    public static Tensor slidingWindowAttention(Tensor Q, Tensor K, Tensor V, int window, Alignment alignment) {
        return Attention.bandAttention(Q, K, V, attnlab.attention.BandMask.slidingWindow(window, alignment),
                Double.NaN);
    }

    /** Output, weights and cache of {@code slidingWindowAttention}, for {@code attentionBackward(dO, r)}. */
    public static Attention.Result slidingWindowAttentionWithWeights(Tensor Q, Tensor K, Tensor V, int window,
                                                                     Alignment alignment) {
        return Attention.bandForward(Q, K, V, attnlab.attention.BandMask.slidingWindow(window, alignment),
                Double.NaN);
    }

    /** {@code [Lq, Lk]} sliding-window mask written out: 0 where {@code i + offset − window < j <= i + offset}. */
    public static Tensor slidingWindowMask(int lq, int lk, int window, Alignment alignment) {
        return attnlab.attention.BandMask.slidingWindow(window, alignment).toTensor(lq, lk);
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

    /** The encoding in the given layout ({@code INTERLEAVED} or {@code CONCATENATED}). */
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
        return new attnlab.attention.MultiHeadAttention(dModel, nHeads, attnlab.tensor.SharedRandom.stream());
    }

    /** Multi-head attention with weights from {@code new Random(seed)}. */
    public static attnlab.attention.MultiHeadAttention mha(int dModel, int nHeads, long seed) {
        return new attnlab.attention.MultiHeadAttention(dModel, nHeads, seed);
    }

    // ================================================================== relative positions (issue 8)

    // (fully qualified names keep the import block untouched, so merges stay trivial)

    /** Gradient check of Transformer-XL for Q, K, V, posEmbed, u, v and W_R. */
    public static attnlab.grad.GradReport gradcheckRelative(Tensor Q, Tensor K, Tensor V, Tensor posEmbed, Tensor u,
            Tensor v, Tensor W_R) {
        return attnlab.grad.RelativeChecks.transformerXL(Q, K, V, posEmbed, u, v, W_R);
    }

    /** Gradient check of Shaw et al. attention for Q, K, V and both tables. */
    public static attnlab.grad.GradReport gradcheckShaw(Tensor Q, Tensor K, Tensor V, Tensor wK, Tensor wV, int k) {
        return attnlab.grad.RelativeChecks.shaw(Q, K, V, wK, wV, k, null);
    }

    /** Gradient check of T5 attention for Q, K, V and the bias table (max distance 128). */
    public static attnlab.grad.GradReport gradcheckT5(Tensor Q, Tensor K, Tensor V, Tensor table,
            boolean bidirectional) {
        return attnlab.grad.RelativeChecks.t5(Q, K, V, table, bidirectional, 128);
    }

    /** Gradient check of ALiBi attention for Q, K, V. */
    public static attnlab.grad.GradReport gradcheckAlibi(Tensor Q, Tensor K, Tensor V) {
        return attnlab.grad.RelativeChecks.alibi(Q, K, V);
    }

    /** Gradient check of RoPE attention (rotate-half) for Q, K, V under the mask (may be null). */
    public static attnlab.grad.GradReport gradcheckRope(Tensor Q, Tensor K, Tensor V, Tensor mask) {
        return attnlab.grad.RelativeChecks.rope(Q, K, V, mask, ROTATE_HALF);
    }

    /** RoPE pairs channels (k, k + d/2): GPT-NeoX, HF Llama. */
    public static final attnlab.attention.relative.Rope.Layout ROTATE_HALF =
            attnlab.attention.relative.Rope.Layout.ROTATE_HALF;
    /** RoPE pairs channels (2k, 2k + 1): GPT-J, Meta Llama. */
    public static final attnlab.attention.relative.Rope.Layout ROPE_INTERLEAVED =
            attnlab.attention.relative.Rope.Layout.INTERLEAVED;

    /** Transformer-XL sinusoidal relative embeddings {@code [klen, d]}, row r at distance klen−1−r. */
    public static Tensor relPosEmbed(int klen, int d) {
        return attnlab.attention.relative.TransformerXL.positions(klen, d);
    }

    /** Exercise 5.11: Transformer-XL relative attention, u = v = 0, W_R = I, bottom-right causal, klen ≥ qlen. */
    public static Tensor relativeAttention(Tensor Q, Tensor K, Tensor V, Tensor posEmbed) {
        return attnlab.attention.relative.TransformerXL.attention(Q, K, V, posEmbed);
    }

    /** Transformer-XL relative attention with its parameters u, v {@code [H, d]} and W_R {@code [d_R, H·d]}. */
    public static attnlab.attention.relative.TransformerXL.Result relativeAttention(Tensor Q, Tensor K, Tensor V,
            Tensor posEmbed, Tensor u, Tensor v, Tensor W_R) {
        return attnlab.attention.relative.TransformerXL.forward(Q, K, V, posEmbed, u, v, W_R);
    }

    /** dQ, dK, dV, du, dv, dW_R, dPos of the 7-argument {@code relativeAttention}. */
    public static attnlab.attention.relative.TransformerXL.Grads relativeAttentionBackward(Tensor dO,
            attnlab.attention.relative.TransformerXL.Result r) {
        return attnlab.attention.relative.TransformerXL.backward(dO, r);
    }

    /** The Transformer-XL pad-and-reshape shift: {@code y[i][j] = x[i][j + qlen − 1 − i]}. */
    public static Tensor relShift(Tensor x) { return attnlab.attention.relative.TransformerXL.relShift(x); }

    /** {@code [qlen, qlen+mlen]} Transformer-XL position term (d) alone (v = 1, W_R = I), for a heatmap. */
    public static Tensor relPosBias(int qlen, int mlen, int d) {
        return attnlab.attention.relative.TransformerXL.positionBias(qlen, mlen, d);
    }

    /** Shaw et al. attention with key/value tables {@code [2k+1, d]}, {@code [2k+1, d_v]}, clip distance k. */
    public static attnlab.attention.relative.Shaw.Result shawAttention(Tensor Q, Tensor K, Tensor V, Tensor wK,
            Tensor wV, int k) {
        return attnlab.attention.relative.Shaw.forward(Q, K, V, wK, wV, k, null);
    }

    /** Shaw et al. attention under an additive mask. */
    public static attnlab.attention.relative.Shaw.Result shawAttention(Tensor Q, Tensor K, Tensor V, Tensor wK,
            Tensor wV, int k, Tensor mask) {
        return attnlab.attention.relative.Shaw.forward(Q, K, V, wK, wV, k, mask);
    }

    /** {@code [L, L]} Shaw table row {@code clip(j − i, k) + k}, for a heatmap. */
    public static Tensor shawIndex(int L, int k) { return attnlab.attention.relative.Shaw.index(L, L, k); }

    /** T5 bucket of {@code rel = j − i} (32 buckets, max distance 128). */
    public static int t5Bucket(int rel, boolean bidirectional) {
        return attnlab.attention.relative.T5Bias.bucket(rel, bidirectional);
    }

    /** {@code [L, L]} T5 bucket ids, for a heatmap. */
    public static Tensor t5Buckets(int L, boolean bidirectional) {
        return attnlab.attention.relative.T5Bias.bucketMatrix(L, bidirectional);
    }

    /** {@code [H, L, L]} T5 bias {@code table[bucket(j − i)][h]}, table {@code [numBuckets, H]}, max distance 128. */
    public static Tensor t5Bias(Tensor table, int L, boolean bidirectional) {
        return attnlab.attention.relative.T5Bias.bias(table, L, L, bidirectional, 128);
    }

    /** T5 attention: {@code softmax(Q Kᵀ + bias) V} (no 1/√d), causal when not bidirectional. */
    public static attnlab.attention.relative.T5Bias.Result t5Attention(Tensor Q, Tensor K, Tensor V, Tensor table,
            boolean bidirectional) {
        return attnlab.attention.relative.T5Bias.forward(Q, K, V, table, bidirectional, 128);
    }

    /** The n ALiBi head slopes as a {@code [1, n]} tensor. */
    public static Tensor alibiSlopes(int n) {
        return Tensor.of(new double[][] {attnlab.attention.relative.Alibi.slopes(n)});
    }

    /** {@code [H, L, L]} ALiBi bias {@code −m_h·(i − j)}, −inf above the diagonal. */
    public static Tensor alibiBias(int nHeads, int L) { return attnlab.attention.relative.Alibi.biasMatrix(nHeads, L); }

    /** Causal attention with ALiBi; Q {@code [.., H, Lq, d]}. */
    public static Attention.Result alibiAttention(Tensor Q, Tensor K, Tensor V) {
        return attnlab.attention.relative.Alibi.forward(Q, K, V);
    }

    /** RoPE, rotate-half layout, row m at position m. */
    public static Tensor rope(Tensor x) { return attnlab.attention.relative.Rope.apply(x, ROTATE_HALF); }

    /** RoPE in the given layout ({@code ROTATE_HALF} or {@code ROPE_INTERLEAVED}). */
    public static Tensor rope(Tensor x, attnlab.attention.relative.Rope.Layout layout) {
        return attnlab.attention.relative.Rope.apply(x, layout);
    }

    /** Rotate Q and K (rotate-half), then plain attention under the mask (may be null). */
    public static attnlab.attention.relative.Rope.Result ropeAttention(Tensor Q, Tensor K, Tensor V, Tensor mask) {
        return attnlab.attention.relative.Rope.attention(Q, K, V, mask, ROTATE_HALF);
    }

    /** {@code [L, L]} RoPE score of all-ones q, k at positions m, n, divided by d: depends on m − n only. */
    public static Tensor ropeScores(int d, int L) { return attnlab.attention.relative.Rope.scoreByDistance(d, L); }

    // ================================================================== charts (issue 5)

    /** Colour maps for {@code heatmap(w).colormap(MAGMA)}; VIRIDIS is the default. */
    public static final attnlab.plot.Colormap VIRIDIS = attnlab.plot.Colormap.VIRIDIS;
    /** Perceptually uniform dark-to-bright colour map. */
    public static final attnlab.plot.Colormap MAGMA = attnlab.plot.Colormap.MAGMA;
    /** Diverging red-white-blue colour map, for signed values. */
    public static final attnlab.plot.Colormap RDBU = attnlab.plot.Colormap.RDBU;

    /** Heatmap of weights {@code [Lq, Lk]} (query 0 at the top); then {@code .show()} or {@code .save("charts/a")}. */
    public static attnlab.plot.Heatmap heatmap(Tensor w) { return attnlab.plot.Heatmap.of(w); }

    /** Heatmap of an EJML matrix. */
    public static attnlab.plot.Heatmap heatmap(DMatrixRMaj w) { return attnlab.plot.Heatmap.of(w); }

    /** Heatmap with the same tokens on both axes (self-attention). */
    public static attnlab.plot.Heatmap heatmap(Tensor w, String... tokens) { return heatmap(w).tokens(tokens); }

    /** Heatmap with the same tokens on both axes, from a list. */
    public static attnlab.plot.Heatmap heatmap(Tensor w, java.util.List<String> tokens) {
        return heatmap(w).tokens(tokens);
    }

    /** Heatmap with query tokens down the side and key tokens along the bottom. */
    public static attnlab.plot.Heatmap heatmap(Tensor w, String[] queryTokens, String[] keyTokens) {
        return heatmap(w).tokens(queryTokens, keyTokens);
    }

    /** Heatmap with query and key tokens from lists. */
    public static attnlab.plot.Heatmap heatmap(Tensor w, java.util.List<String> queryTokens,
                                               java.util.List<String> keyTokens) {
        return heatmap(w).tokens(queryTokens, keyTokens);
    }

    /** Heatmap of an EJML matrix with the same tokens on both axes. */
    public static attnlab.plot.Heatmap heatmap(DMatrixRMaj w, String... tokens) { return heatmap(w).tokens(tokens); }

    /** Heatmap of an EJML matrix with query and key tokens. */
    public static attnlab.plot.Heatmap heatmap(DMatrixRMaj w, String[] queryTokens, String[] keyTokens) {
        return heatmap(w).tokens(queryTokens, keyTokens);
    }

    /** All heads of {@code [H, Lq, Lk]} or {@code [B, H, Lq, Lk]} weights in one figure with one shared scale. */
    public static attnlab.plot.Heatmap headsGrid(Tensor w) { return attnlab.plot.Heatmap.heads(w); }

    /** All heads in one figure, the tokens on both axes of each. */
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

    /** Mask kind for {@code model(task, dModel, heads, STRICT_CAUSAL)}: j &lt; i, row 0 sees nothing. */
    public static final attnlab.train.MaskKind STRICT_CAUSAL = attnlab.train.MaskKind.STRICT_CAUSAL;
    /** Mask kind j ≤ i: a token may attend to itself. */
    public static final attnlab.train.MaskKind CAUSAL = attnlab.train.MaskKind.CAUSAL;

    /** Progress display for {@code trainer(m, task).progress(PROGRESS_BAR)}: a live bar (the default on a terminal). */
    public static final attnlab.train.ProgressBar.Mode PROGRESS_BAR = attnlab.train.ProgressBar.Mode.BAR;
    /** Progress display: a few plain lines (piped or non-interactive runs). */
    public static final attnlab.train.ProgressBar.Mode PROGRESS_PLAIN = attnlab.train.ProgressBar.Mode.PLAIN;
    /** Progress display: nothing. */
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
    public static attnlab.train.AttentionModel model(attnlab.train.Task task) {
        return attnlab.train.AttentionModel.forTask(task, 16, 1, attnlab.train.MaskKind.STRICT_CAUSAL, 0);
    }

    /** Embedding + PE → multi-head self-attention with residual → unembedding, shaped for {@code task}; seed 0. */
    public static attnlab.train.AttentionModel model(attnlab.train.Task task, int dModel, int heads,
                                                     attnlab.train.MaskKind mask) {
        return attnlab.train.AttentionModel.forTask(task, dModel, heads, mask, 0);
    }

    /** The same with the weights initialised from {@code seed}. */
    public static attnlab.train.AttentionModel model(attnlab.train.Task task, int dModel, int heads,
                                                     attnlab.train.MaskKind mask, long seed) {
        return attnlab.train.AttentionModel.forTask(task, dModel, heads, mask, seed);
    }

    /** Trains with the defaults (1500 steps, batch 64, Adam lr 1e-2) and a progress bar; Ctrl-C keeps the model. */
    public static attnlab.train.TrainResult train(attnlab.train.AttentionModel model, attnlab.train.Task task) {
        return attnlab.train.Trainer.of(model, task).run();
    }

    /** Trains for {@code steps} steps, the other settings as above. */
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
    public static attnlab.plot.Heatmap headsGrid(attnlab.train.AttentionModel model, int... tokens) {
        return attnlab.train.TrainingCharts.heads(model, tokens);
    }

    /** Whole-model gradient check (embedding → MHA → unembedding → cross-entropy) on one batch of 2 sequences. */
    public static attnlab.grad.GradReport gradcheckModel(attnlab.train.AttentionModel model, attnlab.train.Task task) {
        return attnlab.train.ModelGradCheck.check(model, task.sample(new Random(0), 2));
    }


    // ================================================================== files and real layers (issue 14)
    // attnlab.io types are fully qualified: this section needs no imports (trivial merges). docs/formats.md has
    // the formats, the shape mapping (0-d -> [1, 1], 1-d (n,) -> [1, n]) and the errors.

    /** {@code np.save}: writes {@code t} to a {@code .npy} as {@code <f8}, C order, atomically. */
    public static void save(Tensor t, String path) { attnlab.io.TensorIO.save(t, path, "f8"); }

    /** The same as {@code "f8"} or {@code "f4"} (float32: rounded to nearest, relative error ≤ 2⁻²⁴). */
    public static void save(Tensor t, String path, String dtype) { attnlab.io.TensorIO.save(t, path, dtype); }

    /** {@code np.load} of a {@code .npy}: any numeric dtype, either byte or memory order, read as float64. */
    public static Tensor load(String path) { return attnlab.io.TensorIO.load(path); }

    /** {@code np.savez}: one stored {@code NAME.npy} entry per map entry, in map order. */
    public static void savez(String path, java.util.Map<String, Tensor> arrays) {
        attnlab.io.TensorIO.savez(path, arrays, false);
    }

    /** {@code np.savez_compressed}: the same with deflated entries. */
    public static void savezCompressed(String path, java.util.Map<String, Tensor> arrays) {
        attnlab.io.TensorIO.savez(path, arrays, true);
    }

    /** {@code np.load} of an {@code .npz}: an ordered map name → Tensor that prints as a table. */
    public static attnlab.io.TensorFile loadz(String path) { return attnlab.io.TensorIO.loadz(path); }

    /** A {@code .safetensors} file: name → Tensor in header order, with its {@code metadata()}. */
    public static attnlab.io.TensorFile loadSafetensors(String path) {
        return attnlab.io.TensorIO.loadSafetensors(path);
    }

    /** Only the tensors whose names start with one of {@code prefixes}, e.g. {@code "wte.", "h.0."}. */
    public static attnlab.io.TensorFile loadSafetensors(String path, String... prefixes) {
        return attnlab.io.TensorIO.loadSafetensors(path, prefixes);
    }

    /** Writes F64 tensors to a {@code .safetensors}, atomically. */
    public static void saveSafetensors(String path, java.util.Map<String, Tensor> tensors) {
        attnlab.io.TensorIO.saveSafetensors(path, tensors, null);
    }

    /** The same with a {@code __metadata__} map (string → string). */
    public static void saveSafetensors(String path, java.util.Map<String, Tensor> tensors,
                                       java.util.Map<String, String> metadata) {
        attnlab.io.TensorIO.saveSafetensors(path, tensors, metadata);
    }

    /** A real attention layer from a state dict: PyTorch, Hugging Face or GPT-2 layout, found under {@code prefix}. */
    public static attnlab.attention.MultiHeadAttention loadMha(java.util.Map<String, Tensor> stateDict, String prefix,
                                                               int nHeads) {
        return attnlab.model.AttentionLayers.load(stateDict, prefix, nHeads);
    }

    /** Saves a 5.9 model's parameters under PyTorch's names to {@code .npz} or {@code .safetensors}. */
    public static void saveModel(attnlab.train.AttentionModel model, String path) {
        attnlab.train.ModelFiles.save(model, java.nio.file.Path.of(path));
    }

    /** Loads parameters saved by {@code saveModel} into {@code model} (same shape), bit for bit. */
    public static attnlab.train.AttentionModel loadModel(attnlab.train.AttentionModel model, String path) {
        return attnlab.train.ModelFiles.load(model, java.nio.file.Path.of(path));
    }

    /** The heads of GPT-2 block {@code layer} on token {@code ids}, from a loaded GPT-2 state dict (causal). */
    public static attnlab.plot.Heatmap headsGrid(java.util.Map<String, Tensor> gpt2, int layer, int... ids) {
        String[] labels = new String[ids.length];
        for (int t = 0; t < ids.length; t++) labels[t] = Integer.toString(ids[t]);
        return attnlab.plot.Heatmap.heads(attnlab.model.Gpt2.headWeights(gpt2, layer, ids)).tokens(labels)
                .mask(Masks.causal(ids.length)).title("GPT-2 block " + layer + ": attention per head (rows: query"
                        + " token, columns: key token)");
    }

    // ================================================================== exercises and checker (issue 9)
    // attnlab.exercises types are fully qualified: this section needs no imports (trivial merges). Each check runs the
    // function on random and edge cases against the toolkit and prints pass/fail per case, the first mismatch and a
    // hint. Three forms per exercise: arrays as on the sheet (check55), Tensors (check55Tensor), one sequence as EJML
    // matrices (check55Ejml). Skeletons: scripts/student/ex5_XX.jsh.

    /** {@code x} as the toolkit prints it ({@code 0.4213}, {@code 3.}, {@code 1.2346e+05}), the same on every JDK. */
    public static String num(double x) { return attnlab.tensor.TensorFormat.number(x); }

    /** The eleven exercises: scripts, skeletons and the call that checks each. */
    public static attnlab.exercises.Exercises.Catalogue exercises() { return attnlab.exercises.Exercises.catalogue(); }

    /** 5.5 {@code check55((q, k, v) -> myAttention(q, k, v))} on {@code double[B][L][d]}. */
    public static attnlab.exercises.Report check55(attnlab.exercises.Signatures.AttentionArrays f) {
        return attnlab.exercises.Ex55DotProduct.check(f);
    }

    /** 5.5 on Tensors {@code [B, L, d]}. */
    public static attnlab.exercises.Report check55Tensor(attnlab.exercises.Signatures.AttentionTensors f) {
        return attnlab.exercises.Ex55DotProduct.checkTensor(f);
    }

    /** 5.5 on one sequence as EJML matrices. */
    public static attnlab.exercises.Report check55Ejml(attnlab.exercises.Signatures.AttentionMatrices f) {
        return attnlab.exercises.Ex55DotProduct.checkEjml(f);
    }

    /** 5.6 {@code check56(n -> myCausalMask(n), (q, k, v, m) -> myMaskedAttention(q, k, v, m))}; either may be null. */
    public static attnlab.exercises.Report check56(attnlab.exercises.Signatures.CausalMaskArrays mask,
                                                   attnlab.exercises.Signatures.MaskedAttentionArrays attention) {
        return attnlab.exercises.Ex56CausalMask.check(mask, attention);
    }

    /** 5.6 on Tensors. */
    public static attnlab.exercises.Report check56Tensor(attnlab.exercises.Signatures.CausalMaskTensors mask,
            attnlab.exercises.Signatures.MaskedAttentionTensors attention) {
        return attnlab.exercises.Ex56CausalMask.checkTensor(mask, attention);
    }

    /** 5.6 on one sequence as EJML matrices. */
    public static attnlab.exercises.Report check56Ejml(attnlab.exercises.Signatures.CausalMaskMatrices mask,
                                                       attnlab.exercises.Signatures.MaskedAttentionMatrices attention) {
        return attnlab.exercises.Ex56CausalMask.checkEjml(mask, attention);
    }

    /** 5.7 {@code check57((x, wq, wk, wv, wo, h) -> myMultiHeadAttention(x, wq, wk, wv, wo, h))}. */
    public static attnlab.exercises.Report check57(attnlab.exercises.Signatures.MultiHeadArrays f) {
        return attnlab.exercises.Ex57MultiHead.check(f);
    }

    /** 5.7 on Tensors. */
    public static attnlab.exercises.Report check57Tensor(attnlab.exercises.Signatures.MultiHeadTensors f) {
        return attnlab.exercises.Ex57MultiHead.checkTensor(f);
    }

    /** 5.7 on one sequence as EJML matrices. */
    public static attnlab.exercises.Report check57Ejml(attnlab.exercises.Signatures.MultiHeadMatrices f) {
        return attnlab.exercises.Ex57MultiHead.checkEjml(f);
    }

    /** 5.8 {@code check58((n, d) -> myPositionalEncoding(n, d))}. */
    public static attnlab.exercises.Report check58(attnlab.exercises.Signatures.PositionalEncodingArrays f) {
        return attnlab.exercises.Ex58PositionalEncoding.check(f);
    }

    /** 5.8 on Tensors. */
    public static attnlab.exercises.Report check58Tensor(attnlab.exercises.Signatures.PositionalEncodingTensors f) {
        return attnlab.exercises.Ex58PositionalEncoding.checkTensor(f);
    }

    /** 5.8 on EJML matrices. */
    public static attnlab.exercises.Report check58Ejml(attnlab.exercises.Signatures.PositionalEncodingMatrices f) {
        return attnlab.exercises.Ex58PositionalEncoding.checkEjml(f);
    }

    /** 5.10 {@code check510((q, k, v, dO) -> myAttentionBackward(q, k, v, dO))}, returning {dQ, dK, dV}. */
    public static attnlab.exercises.Report check510(attnlab.exercises.Signatures.BackwardArrays f) {
        return attnlab.exercises.Ex510Backward.check(f);
    }

    /** 5.10 on Tensors. */
    public static attnlab.exercises.Report check510Tensor(attnlab.exercises.Signatures.BackwardTensors f) {
        return attnlab.exercises.Ex510Backward.checkTensor(f);
    }

    /** 5.10 on one sequence as EJML matrices. */
    public static attnlab.exercises.Report check510Ejml(attnlab.exercises.Signatures.BackwardMatrices f) {
        return attnlab.exercises.Ex510Backward.checkEjml(f);
    }

    /** 5.11 {@code check511((Q, K, V, R, u, v, W_R) -> myRelativeAttention(Q, K, V, R, u, v, W_R))}. */
    public static attnlab.exercises.Report check511(attnlab.exercises.Signatures.RelativeAttentionArrays f) {
        return attnlab.exercises.Ex511Relative.check(f);
    }

    /** 5.11 on Tensors. */
    public static attnlab.exercises.Report check511Tensor(attnlab.exercises.Signatures.RelativeAttentionTensors f) {
        return attnlab.exercises.Ex511Relative.checkTensor(f);
    }

    /** 5.11 on one sequence as EJML matrices. */
    public static attnlab.exercises.Report check511Ejml(attnlab.exercises.Signatures.RelativeAttentionMatrices f) {
        return attnlab.exercises.Ex511Relative.checkEjml(f);
    }

    // ================================================================== display (attnlab.display)

    /**
     * Shows {@code value} now, in the middle of a cell: in a notebook inline (a chart as a picture, a tensor as a
     * table); elsewhere a chart opens as by {@code show()} and anything else is printed as the REPL prints values.
     */
    public static void display(Object value) {
        if (attnlab.display.Inline.show(value)) return;
        if (value instanceof attnlab.plot.Chart) ((attnlab.plot.Chart<?>) value).show();
        else System.out.println(attnlab.display.ValueFormat.format(value));
    }

    // ================================================================== real models: attention pictures (issue 19)
    // attnlab.model and attnlab.plot types are fully qualified: this section needs no imports (trivial merges).
    // attnlab.plot takes plain arrays (token strings, [H, L, L] patterns); these two adapt a ModelRun. docs/charts.md.

    /**
     * The interactive attention view of a run: every layer's pattern on the run's tokens. In a notebook pick the layer
     * and head and hover tokens; elsewhere {@code .show()} prints the chosen head's heatmap, {@code .save("a.html")}.
     */
    public static attnlab.plot.AttentionView attentionView(attnlab.model.ModelRun r) {
        attnlab.tensor.Checks.notNull(r, "r");
        Tensor[] patterns = new Tensor[r.model().layers()];
        for (int l = 0; l < patterns.length; l++) patterns[l] = r.pattern(l);
        return attnlab.plot.AttentionView.of(r.strTokens(), patterns);
    }

    /** The heads of block {@code layer} of a run, one panel each, the run's tokens on both axes. */
    public static attnlab.plot.Heatmap headsGrid(attnlab.model.ModelRun r, int layer) {
        attnlab.tensor.Checks.notNull(r, "r");
        return attnlab.plot.Heatmap.heads(r.pattern(layer), r.strTokens())
                .title("layer " + layer + ": attention per head (rows: query token, columns: key token)");
    }

    // ================================================================== rich output from user code (issue 22)
    // In a notebook each of these is a display_data (the kernel's Inline sink); in the terminal each prints text.

    /**
     * Shows {@code value} now in a display area named {@code id}, which {@link #updateDisplay} redraws later (a
     * counter, a chart that changes). In the terminal it prints as {@link #display(Object)} does.
     */
    public static void display(Object value, String id) {
        if (attnlab.display.Inline.show(value, checkId(id), false)) return;
        display(value);
    }

    /**
     * Replaces what the display area {@code id} shows with {@code value} ({@code update_display_data}); an id not
     * shown yet gets a new area. In the terminal, which cannot redraw an earlier output, it prints the value again.
     */
    public static void updateDisplay(String id, Object value) {
        if (attnlab.display.Inline.show(value, checkId(id), true)) return;
        display(value);
    }

    /** Shows HTML ({@code text/html}); in the terminal prints its text, tags removed. */
    public static void html(String html) {
        display(attnlab.display.Rich.html(html));
    }

    /** Shows Markdown ({@code text/markdown}); in the terminal prints the source. */
    public static void markdown(String markdown) {
        display(attnlab.display.Rich.markdown(markdown));
    }

    /** Shows a LaTeX formula ({@code text/latex}, put between $$ when it has no delimiters); in the terminal prints the source. */
    public static void latex(String latex) {
        display(attnlab.display.Rich.latex(latex));
    }

    /** Shows a PNG (or JPEG) picture from its bytes; in the terminal prints {@code PNG image WxH, N bytes}. */
    public static void image(byte[] png) {
        display(attnlab.display.Rich.image(png, null));
    }

    /** Shows a PNG (or JPEG) file; in the terminal prints {@code PNG image WxH, N bytes from FILE}. */
    public static void image(String file) {
        if (file == null) throw new IllegalArgumentException("file must not be null");
        java.nio.file.Path p = java.nio.file.Path.of(file);
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("image(\"" + file + "\"): cannot read " + p.toAbsolutePath() + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        display(attnlab.display.Rich.image(bytes, file));
    }

    private static String checkId(String id) {
        if (id == null || id.isBlank())
            throw new IllegalArgumentException("id must be a non-empty name for the display area, got "
                    + (id == null ? "null" : "\"" + id + "\""));
        return id;
    }

    // ================================================================== real models (attnlab.model, issue 19)
    // attnlab.model types are fully qualified: this section needs no imports (trivial merges). docs/models.md.

    /** Detector kind: attends to the previous token (key i − 1). */
    public static final attnlab.model.HeadDetector.Kind PREVIOUS_TOKEN = attnlab.model.HeadDetector.Kind.PREVIOUS_TOKEN;
    /** Detector kind: attends to earlier copies of the current token. */
    public static final attnlab.model.HeadDetector.Kind DUPLICATE_TOKEN =
            attnlab.model.HeadDetector.Kind.DUPLICATE_TOKEN;
    /** Detector kind: attends to the token after an earlier copy of the current token. */
    public static final attnlab.model.HeadDetector.Kind INDUCTION = attnlab.model.HeadDetector.Kind.INDUCTION;
    /** Detector rows: TransformerLens's mean over every row (rows without a target count as 0). */
    public static final attnlab.model.HeadDetector.Rows ALL_ROWS = attnlab.model.HeadDetector.Rows.ALL_ROWS;
    /** Ablation: the head's output replaced by zeros. */
    public static final attnlab.model.Ablation.Kind ZERO_ABLATION = attnlab.model.Ablation.Kind.ZERO;
    /** Ablation: the head's output replaced by its mean over the positions. */
    public static final attnlab.model.Ablation.Kind MEAN_ABLATION = attnlab.model.Ablation.Kind.MEAN;

    /**
     * A Hugging Face model directory ({@code ~} expands): GPT-2 or Llama family, {@code config.json},
     * {@code model.safetensors} or shards, the tokenizer read on first use. Fails before reading when the heap is
     * too small, naming the bytes needed and the flag.
     */
    public static attnlab.model.Model loadModel(String dir) {
        return attnlab.model.Model.load(dir);
    }

    /** A hook: {@code fn} gets the activation called {@code name} and returns what the pass continues with. */
    public static attnlab.model.Hook hook(String name, attnlab.model.Hook.Fn fn) {
        return new attnlab.model.Hook(name, fn);
    }

    /** A hook that zeroes head {@code head} of block {@code layer} (its {@code hook_z} rows). */
    public static attnlab.model.Hook ablateHead(int layer, int head) {
        return attnlab.model.Ablation.head(layer, head, attnlab.model.Ablation.Kind.ZERO);
    }

    /** A hook that ablates one head: {@code ZERO_ABLATION} or {@code MEAN_ABLATION} (its mean over positions). */
    public static attnlab.model.Hook ablateHead(int layer, int head, attnlab.model.Ablation.Kind kind) {
        return attnlab.model.Ablation.head(layer, head, kind);
    }

    /** A hook that replaces activation {@code name} with {@code source}'s (activation patching). */
    public static attnlab.model.Hook patch(String name, attnlab.model.ModelRun source) {
        return attnlab.model.Patching.hook(name, source);
    }

    /** Reruns {@code target} with {@code name} patched from {@code source}; prints the logit difference moved. */
    public static attnlab.model.Patching.Result patch(attnlab.model.ModelRun target, String name,
                                                      attnlab.model.ModelRun source) {
        return attnlab.model.Patching.run(target, name, source);
    }

    /** A names filter for runs: keeps the activations whose name contains one of {@code parts}. */
    public static java.util.function.Predicate<String> cacheOnly(String... parts) {
        attnlab.tensor.Checks.notNull(parts, "parts");
        String[] ps = parts.clone();
        return n -> {
            for (String p : ps) if (n.contains(p)) return true;
            return false;
        };
    }

    /** A seeded temperature / top-k sampler for {@code m.generate(text, n, sampler)}. */
    public static attnlab.model.Sampler sampler(double temperature, int topK, long seed) {
        return attnlab.model.Sampler.sample(temperature, topK, seed);
    }

    /** Scores every head of {@code m} for {@code kind} on seeded repeated random tokens: {@code [layers, heads]}. */
    public static attnlab.model.DetectedHeads detectHeads(attnlab.model.HookedModel m,
                                                          attnlab.model.HeadDetector.Kind kind) {
        return attnlab.model.HeadDetector.detect(m, kind);
    }

    /** The same, averaging over {@code rows} ({@code ALL_ROWS}: TransformerLens's number). */
    public static attnlab.model.DetectedHeads detectHeads(attnlab.model.HookedModel m,
                                                          attnlab.model.HeadDetector.Kind kind,
                                                          attnlab.model.HeadDetector.Rows rows) {
        return attnlab.model.HeadDetector.detect(m, kind, rows);
    }

    /** A detector of one's own: {@code pattern} maps the tokens to the {@code [L, L]} 0/1 pattern to look for. */
    public static attnlab.model.DetectedHeads detectHeads(attnlab.model.HookedModel m, String name,
                                                          java.util.function.Function<int[], Tensor> pattern) {
        return attnlab.model.HeadDetector.detect(m, name, pattern, attnlab.model.HeadDetector.Rows.ROWS_WITH_TARGET);
    }

    /** The built-in detection pattern {@code [L, L]} of {@code kind} on {@code tokens}. */
    public static Tensor detectionPattern(attnlab.model.HeadDetector.Kind kind, int... tokens) {
        return attnlab.model.HeadDetector.detectionPattern(kind, tokens);
    }

    // ================================================================== induction heads (issue 20)
    // N-layer attention-only transformers trained in the lab (attnlab.train); types fully qualified, no imports.

    /** The repeated-random-tokens task: BOS, n random tokens of {@code 0..vocab−1}, the same n again. */
    public static attnlab.train.InductionTask inductionTask(int vocab, int n) {
        return attnlab.train.InductionTask.of(vocab, n);
    }

    /** An attention-only transformer: embedding + learned positions, {@code layers} attention layers, unembedding. */
    public static attnlab.train.AttentionOnly attentionOnly(int layers, int heads, int dModel, int vocab, int context) {
        return new attnlab.train.AttentionOnly(layers, heads, dModel, vocab, context, 0);
    }

    /** The same with the weights initialised from {@code seed}. */
    public static attnlab.train.AttentionOnly attentionOnly(int layers, int heads, int dModel, int vocab, int context,
                                                            long seed) {
        return new attnlab.train.AttentionOnly(layers, heads, dModel, vocab, context, seed);
    }

    /** An attention-only model shaped for {@code task} (its ids with BOS, its length): d_model 32, 2 heads, seed 0. */
    public static attnlab.train.AttentionOnly attentionOnly(attnlab.train.InductionTask task, int layers) {
        return new attnlab.train.AttentionOnly(layers, 2, 32, task.modelVocab(), task.length(), 0);
    }

    /** The same with the weights initialised from {@code seed}. */
    public static attnlab.train.AttentionOnly attentionOnly(attnlab.train.InductionTask task, int layers, long seed) {
        return new attnlab.train.AttentionOnly(layers, 2, 32, task.modelVocab(), task.length(), seed);
    }

    /** Trains with the defaults (2000 steps, batch 32, Adam lr 2e-2 decaying to 0); Ctrl-C keeps the model. */
    public static attnlab.train.InductionResult train(attnlab.train.AttentionOnly model,
                                                      attnlab.train.InductionTask task) {
        return attnlab.train.InductionTrainer.of(model, task).run();
    }

    /** A trainer to configure: {@code trainer(m, task).steps(3000).lr(1e-2).run()}. */
    public static attnlab.train.InductionTrainer trainer(attnlab.train.AttentionOnly model,
                                                         attnlab.train.InductionTask task) {
        return attnlab.train.InductionTrainer.of(model, task);
    }

    /** Previous-token and induction scores {@code [layers, heads]} of every head, by the real-model detectors. */
    public static attnlab.train.InductionScores inductionScores(attnlab.model.HookedModel model,
                                                                attnlab.train.InductionTask task) {
        return attnlab.train.InductionScores.of(model, task);
    }

    /** K-, Q- and V-composition scores from every head of layer 0 into every head of layer 1. */
    public static attnlab.train.Composition composition(attnlab.train.AttentionOnly model) {
        return attnlab.train.Composition.of(model, 0, 1);
    }

    /** K-, Q- and V-composition scores from layer {@code from} into layer {@code to}. */
    public static attnlab.train.Composition composition(attnlab.train.AttentionOnly model, int from, int to) {
        return attnlab.train.Composition.of(model, from, to);
    }

    /** A hook that zeroes one head's output ({@code blocks.L.attn.hook_z}): pass it to {@code m.run(tokens, hook)}. */
    public static attnlab.model.Hook zeroHead(int layer, int head) {
        return attnlab.train.Ablation.zeroHead(layer, head);
    }

    /** {@code {first half, repeated half}} losses on 64 evaluation sequences (seed 1), with {@code hooks} in place. */
    public static double[] inductionLosses(attnlab.model.HookedModel model, attnlab.train.InductionTask task,
                                           attnlab.model.Hook... hooks) {
        return attnlab.train.Ablation.losses(model, task, 64, 1, hooks);
    }

    /** Both halves' losses with each head zeroed in turn, the unablated model first. */
    public static attnlab.train.Ablation.Table ablation(attnlab.model.HookedModel model,
                                                        attnlab.train.InductionTask task) {
        return attnlab.train.Ablation.table(model, task);
    }

    /** The heads of every layer on one evaluation sequence of {@code task} (seed 0): the induction stripe. */
    public static attnlab.plot.Heatmap headsGrid(attnlab.train.AttentionOnly model, attnlab.train.InductionTask task) {
        return attnlab.train.InductionCharts.heads(model, task, 0);
    }

    /** Gradient check of every parameter of an N-layer model on 2 training sequences of {@code task}. */
    public static attnlab.grad.GradReport gradcheckModel(attnlab.train.AttentionOnly model,
                                                         attnlab.train.InductionTask task) {
        attnlab.train.InductionTrainer.of(model, task);   // the model must fit the task
        return attnlab.train.ModelGradCheck.check(model, task.sample(new Random(0), 2));
    }

    /** Saves an N-layer model's parameters under PyTorch's names ({@code .npz} or {@code .safetensors}). */
    public static void saveModel(attnlab.train.AttentionOnly model, String path) {
        attnlab.train.ModelFiles.save(model, java.nio.file.Path.of(path));
    }

    /** Loads parameters saved by {@code saveModel} into {@code model} (same shapes); returns it. */
    public static attnlab.train.AttentionOnly loadModel(attnlab.train.AttentionOnly model, String path) {
        return attnlab.train.ModelFiles.load(model, java.nio.file.Path.of(path));
    }
}
