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

    // ================================================================== training (issue 7)

    // ================================================================== exercises and checker (issue 9)
}
