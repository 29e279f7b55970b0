package attnlab.train;

import attnlab.attention.MultiHeadAttention;
import attnlab.attention.PositionalEncoding;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import attnlab.model.HookedModel;
import attnlab.model.Hook;
import attnlab.model.ModelRun;

import java.util.List;
import java.util.function.Predicate;

/**
 * The one-layer attention model of exercise 5.9 (numerics §9), with its whole-model backward:
 * <pre>
 *   X      = E[tokens] + PE                 [B, L, D]   token embedding (E ~ N(0,1)) plus interleaved sinusoidal PE
 *   A      = MHA(X, mask)                   [B, L, D]   multi-head self-attention, W_* = randn·0.02
 *   Z      = X + A                          [B, L, D]   residual
 *   logits = Z W_U                          [B, L, C]   unembedding, W_U = randn·0.02
 * </pre>
 * trained with softmax cross-entropy ({@link CrossEntropy}). No MLP, no layer norm, no biases: what a head learns
 * is all the model has.
 *
 * <p>Parameters, in the order of {@link #parameters()} and of the gradients {@link #backward} returns:
 * E {@code [V, D]}, W_q, W_k, W_v, W_o {@code [D, D]}, W_U {@code [D, C]}. Seeded: E from {@code seed}, the MHA
 * weights from {@code seed + 1}, W_U from {@code seed + 2}. Buffers are reused across calls with the same batch
 * size; an instance is not thread-safe (it uses a worker thread of its own for half of a large batch, see
 * {@link Lanes}).
 */
public final class AttentionModel implements HookedModel {
    private final int length;
    private final MaskKind maskKind;
    private final Embedding embedding;
    private final MultiHeadAttention mha;
    private final Unembedding unembedding;
    private final ResidualStack stack;    // the computation, shared with the N-layer AttentionOnly

    /**
     * @param vocab   number of input tokens V
     * @param classes number of output classes C (V for copy tasks)
     * @param length  sequence length L (fixes the mask and PE)
     * @param dModel  width D; must be divisible by {@code heads}
     * @param heads   number of attention heads H
     * @param mask    which keys a query may see
     * @param seed    initialisation seed
     */
    public AttentionModel(int vocab, int classes, int length, int dModel, int heads, MaskKind mask, long seed) {
        Checks.positive(length, "length");
        Checks.notNull(mask, "mask");
        this.length = length;
        this.maskKind = mask;
        this.embedding = new Embedding(vocab, dModel, seed);
        this.mha = new MultiHeadAttention(dModel, heads, seed + 1);
        this.unembedding = new Unembedding(dModel, classes, seed + 2);
        Tensor pe = PositionalEncoding.encoding(length, dModel), m = mask.mask(length);
        this.stack = new ResidualStack(embedding, null, pe, new MultiHeadAttention[] {mha},
                new MultiHeadAttention[] {new MultiHeadAttention(dModel, heads, seed + 1)}, unembedding, L -> m);
    }

    /** A model shaped for {@code task}: its vocabulary, classes and length. */
    public static AttentionModel forTask(Task task, int dModel, int heads, MaskKind mask, long seed) {
        Checks.notNull(task, "task");
        return new AttentionModel(task.vocab(), task.outputVocab(), task.length(), dModel, heads, mask, seed);
    }

    // ------------------------------------------------------------------ forward and backward

    /**
     * Logits for a batch of token sequences; keeps what backward needs. The math is in {@link StackLane#forward}:
     * {@code logits = (X + MHA(X, mask)) W_U} with {@code X = E[tokens] + PE}. A batch of at least 16 sequences is
     * computed as two halves at once (see {@link Lanes}); the result depends only on the batch, not on the machine.
     *
     * @param tokens {@code [B][L]} ids in {@code 0..V−1}. Not modified (kept by reference until the next forward).
     * @return {@code [B, L, C]}, a buffer overwritten by the next forward with the same batch size
     */
    public Tensor forward(int[][] tokens) {
        return stack.forward(tokens, true);
    }

    /**
     * Backward of the last forward, per part ({@link StackLane#backward}):
     * <pre>
     *   dZ = dlogits W_Uᵀ,  dW_U = Zᵀ dlogits                 logits = Z W_U
     *   dX, dW_q, dW_k, dW_v, dW_o = MHA.backward(dZ), + dZ    Z = X + MHA(X)   (residual: dZ reaches X directly)
     *   dE[v] = Σ dX[b][t] over tokens[b][t] = v               X = E[tokens] + PE
     * </pre>
     * then the parts' parameter gradients are added: {@code dθ = dθ_part0 + dθ_part1}, since the loss is a sum over
     * the batch.
     *
     * @param dLogits {@code [B, L, C]}, the loss gradient for the last forward's logits. Not modified.
     * @return the gradients, in the order of {@link #parameters()}; valid until the next backward
     */
    public Tensor[] backward(Tensor dLogits) {
        return stack.backward(dLogits);
    }

    // ------------------------------------------------------------------ inspection

    /** The per-head attention weights of the last forward, {@code [B, H, L, L]}. */
    public Tensor attentionWeights() {
        return stack.attentionWeights(0);
    }

    /** Runs one sequence and returns its per-head weights {@code [H, L, L]} (a copy). */
    public Tensor headWeights(int[] sequence) {
        Checks.notNull(sequence, "sequence");
        forward(new int[][] {sequence.clone()});
        return attentionWeights().copy().view(heads(), length, length);
    }

    /** The predicted class (argmax of the logits) at every position of one sequence. */
    public int[] predict(int[] sequence) {
        Checks.notNull(sequence, "sequence");
        Tensor y = forward(new int[][] {sequence.clone()});
        int C = classes();
        int[] out = new int[length];
        double[] z = y.slice(0).data;
        for (int t = 0; t < length; t++) {
            int best = 0;
            for (int c = 1; c < C; c++) if (z[t * C + c] > z[t * C + best]) best = c;
            out[t] = best;
        }
        return out;
    }

    /** The live parameters E, W_q, W_k, W_v, W_o, W_U (writes change the model, e.g. from {@link Adam}). */
    public Tensor[] parameters() {
        return stack.parameters();
    }

    /** Names of {@link #parameters()}, same order. */
    public static List<String> parameterNames() {
        return List.of("E", "W_q", "W_k", "W_v", "W_o", "W_U");
    }

    /** Number of trained numbers: V·D + 4·D² + D·C. */
    public int parameterCount() {
        int n = 0;
        for (Tensor t : parameters()) n += t.size();
        return n;
    }

    /**
     * The attention layer: its weights are the model's (live). For the weights of the last forward use
     * {@link #attentionWeights()}: a split batch ran half of its sequences through a replica of this layer.
     */
    public MultiHeadAttention attention() { return mha; }

    public int vocab() { return embedding.vocab(); }

    public int classes() { return unembedding.classes(); }

    public int length() { return length; }

    public int dModel() { return embedding.dModel(); }

    public int heads() { return mha.nHeads(); }

    public MaskKind maskKind() { return maskKind; }

    // ------------------------------------------------------------------ HookedModel (one API with real models)

    /** One: exercise 5.9's model has a single attention layer. */
    @Override
    public int layers() { return 1; }

    /** The sequence length L: PE and the mask are built for it. */
    @Override
    public int context() { return length; }

    /**
     * One sequence of exactly {@code length()} tokens through the model with TransformerLens's hook names
     * ({@link HookedForward}; {@code hook_pos_embed} is the fixed sinusoidal table). The logits are {@code [L, C]}:
     * for tasks with {@code classes ≠ vocab} they are classes, not next tokens.
     */
    @Override
    public ModelRun run(int[] tokens, Predicate<String> names, Hook... hooks) {
        Checks.notNull(tokens, "tokens");
        if (tokens.length != length)
            throw new IllegalArgumentException("tokens has length " + tokens.length + " but the model has length L="
                    + length + " (its PE and mask are built for it)");
        return HookedForward.run(this, stack, tokens, names, hooks);
    }

    @Override
    public String toString() {
        return "AttentionModel(vocab " + vocab() + ", classes " + classes() + ", length " + length + ", d_model "
                + dModel() + ", heads " + heads() + ", mask " + maskKind.label() + ", " + parameterCount()
                + " parameters)";
    }
}
