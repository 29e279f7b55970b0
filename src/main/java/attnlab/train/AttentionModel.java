package attnlab.train;

import attnlab.attention.MultiHeadAttention;
import attnlab.attention.PositionalEncoding;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

import java.util.List;

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
public final class AttentionModel {
    private final int length;
    private final MaskKind maskKind;
    private final Embedding embedding;
    private final MultiHeadAttention mha;
    private final Unembedding unembedding;
    private final ModelLane[] lanes;      // lane 0 computes with mha; lane 1 with a replica synced before each forward
    // buffers of the last forward (for backward), sized for one batch size
    private int[][] tokens;
    private int split;                    // lane 0 takes sequences [0, split), lane 1 [split, B)
    private Tensor X, Z, logits, dZ, dX;

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
        this.lanes = new ModelLane[] {new ModelLane(mha, embedding, unembedding, pe, m),
            new ModelLane(new MultiHeadAttention(dModel, heads, seed + 1), embedding, unembedding, pe, m)};
    }

    /** A model shaped for {@code task}: its vocabulary, classes and length. */
    public static AttentionModel forTask(Task task, int dModel, int heads, MaskKind mask, long seed) {
        Checks.notNull(task, "task");
        return new AttentionModel(task.vocab(), task.outputVocab(), task.length(), dModel, heads, mask, seed);
    }

    // ------------------------------------------------------------------ forward and backward

    /**
     * Logits for a batch of token sequences; keeps what backward needs. The math is in {@link ModelLane#forward}:
     * {@code logits = (X + MHA(X, mask)) W_U} with {@code X = E[tokens] + PE}. A batch of at least 16 sequences is
     * computed as two halves at once (see {@link Lanes}); the result depends only on the batch, not on the machine.
     *
     * @param tokens {@code [B][L]} ids in {@code 0..V−1}. Not modified (kept by reference until the next forward).
     * @return {@code [B, L, C]}, a buffer overwritten by the next forward with the same batch size
     */
    public Tensor forward(int[][] tokens) {
        Checks.notNull(tokens, "tokens");
        if (tokens.length == 0) throw new IllegalArgumentException("tokens has no sequences (batch 0)");
        for (int b = 0; b < tokens.length; b++) {
            if (Checks.notNull(tokens[b], "tokens[" + b + "]").length != length)
                throw new IllegalArgumentException("tokens[" + b + "] has length " + tokens[b].length
                        + " but the model has length L=" + length);
            for (int t = 0; t < length; t++)
                if (tokens[b][t] < 0 || tokens[b][t] >= vocab())
                    throw new IllegalArgumentException("tokens[" + b + "][" + t + "] must be in 0.." + (vocab() - 1)
                            + " (vocab − 1) but was " + tokens[b][t]);
        }
        this.tokens = tokens;
        allocate(tokens.length);
        if (split == tokens.length) {
            lanes[0].forward();
            return logits;
        }
        List<Tensor> w = mha.parameters();
        lanes[1].attention().setW_q(w.get(0)).setW_k(w.get(1)).setW_v(w.get(2)).setW_o(w.get(3)); // sync the replica
        Lanes.both(lanes[0]::forward, lanes[1]::forward);
        return logits;
    }

    /**
     * Backward of the last forward, per part ({@link ModelLane#backward}):
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
        if (tokens == null) throw new IllegalStateException("backward needs a forward first: call forward(tokens)");
        Checks.notNull(dLogits, "dLogits");
        if (!java.util.Arrays.equals(dLogits.shape(), logits.shape()))
            throw new IllegalArgumentException("dLogits has shape " + Checks.str(dLogits.shape())
                    + " but the logits have shape " + Checks.str(logits.shape()));
        int B = tokens.length;
        if (split == B) {
            lanes[0].backward(dLogits);
            return lanes[0].gradients();
        }
        Tensor d0 = part(dLogits, 0, split), d1 = part(dLogits, split, B);
        Lanes.both(() -> lanes[0].backward(d0), () -> lanes[1].backward(d1));
        Tensor[] g0 = lanes[0].gradients(), g1 = lanes[1].gradients();
        for (int k = 0; k < g0.length; k++) g0[k] = g0[k].plus(g1[k]);
        return g0;
    }

    private void allocate(int batch) {
        if (X == null || X.batch() != batch) {
            int D = dModel(), C = classes();
            X = Tensor.zeros(batch, length, D);
            Z = Tensor.zeros(batch, length, D);
            dZ = Tensor.zeros(batch, length, D);
            dX = Tensor.zeros(batch, length, D);
            logits = Tensor.zeros(batch, length, C);
            split = batch >= Lanes.MIN_BATCH ? batch / 2 : batch;
        }
        bind(0, 0, split);
        if (split < batch) bind(1, split, batch);
    }

    private void bind(int lane, int lo, int hi) {
        lanes[lane].bind(java.util.Arrays.copyOfRange(tokens, lo, hi), part(X, lo, hi), part(Z, lo, hi),
                part(logits, lo, hi), part(dZ, lo, hi), part(dX, lo, hi));
    }

    /** Sequences {@code [lo, hi)} of a {@code [B, L, ·]} tensor, sharing its slices. */
    private static Tensor part(Tensor t, int lo, int hi) {
        DMatrixRMaj[] s = new DMatrixRMaj[hi - lo];
        for (int b = lo; b < hi; b++) s[b - lo] = t.slice(b);
        return Tensor.stack(s);
    }

    // ------------------------------------------------------------------ inspection

    /** The per-head attention weights of the last forward, {@code [B, H, L, L]}. */
    public Tensor attentionWeights() {
        if (tokens == null) throw new IllegalStateException("no weights yet: call forward(tokens) first");
        Tensor w0 = lanes[0].weights();
        if (split == tokens.length) return w0;
        Tensor w1 = lanes[1].weights();
        DMatrixRMaj[] s = new DMatrixRMaj[w0.batch() + w1.batch()];
        for (int k = 0; k < w0.batch(); k++) s[k] = w0.slice(k);
        for (int k = 0; k < w1.batch(); k++) s[w0.batch() + k] = w1.slice(k);
        return Tensor.stack(s).view(tokens.length, heads(), length, length);
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
        List<Tensor> w = mha.parameters();
        return new Tensor[] {embedding.weights(), w.get(0), w.get(1), w.get(2), w.get(3), unembedding.weights()};
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

    @Override
    public String toString() {
        return "AttentionModel(vocab " + vocab() + ", classes " + classes() + ", length " + length + ", d_model "
                + dModel() + ", heads " + heads() + ", mask " + maskKind.label() + ", " + parameterCount()
                + " parameters)";
    }
}
