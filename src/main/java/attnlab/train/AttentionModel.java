package attnlab.train;

import attnlab.attention.MultiHeadAttention;
import attnlab.attention.PositionalEncoding;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

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
 * <p>Parameters, in the order of {@link #parameters()} and {@link #gradients()}: E {@code [V, D]}, W_q, W_k, W_v,
 * W_o {@code [D, D]}, W_U {@code [D, C]}. Seeded: E from {@code seed}, the MHA weights from {@code seed + 1}, W_U from
 * {@code seed + 2}. Buffers are reused across calls with the same batch size; an instance is not thread-safe.
 */
public final class AttentionModel {
    private final int length;
    private final MaskKind maskKind;
    private final Tensor mask, pe;
    private final Embedding embedding;
    private final MultiHeadAttention mha;
    private final Unembedding unembedding;
    // buffers of the last forward (for backward), sized for one batch size
    private int[][] tokens;
    private Tensor X, Z, logits, dZ, dX;
    private final Tensor dE, dW_U;

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
        this.mask = mask.mask(length);
        this.embedding = new Embedding(vocab, dModel, seed);
        this.mha = new MultiHeadAttention(dModel, heads, seed + 1);
        this.unembedding = new Unembedding(dModel, classes, seed + 2);
        this.pe = PositionalEncoding.encoding(length, dModel);
        this.dE = Tensor.zeros(vocab, dModel);
        this.dW_U = Tensor.zeros(dModel, classes);
    }

    /** A model shaped for {@code task}: its vocabulary, classes and length. */
    public static AttentionModel forTask(Task task, int dModel, int heads, MaskKind mask, long seed) {
        Checks.notNull(task, "task");
        return new AttentionModel(task.vocab(), task.outputVocab(), task.length(), dModel, heads, mask, seed);
    }

    // ------------------------------------------------------------------ forward and backward

    /**
     * Logits for a batch of token sequences; keeps what backward needs.
     *
     * @param tokens {@code [B][L]} ids in {@code 0..V−1}. Not modified (kept by reference until the next forward).
     * @return {@code [B, L, C]}, a buffer overwritten by the next forward with the same batch size
     */
    public Tensor forward(int[][] tokens) {
        Checks.notNull(tokens, "tokens");
        for (int b = 0; b < tokens.length; b++)
            if (Checks.notNull(tokens[b], "tokens[" + b + "]").length != length)
                throw new IllegalArgumentException("tokens[" + b + "] has length " + tokens[b].length
                        + " but the model has length L=" + length);
        if (tokens.length == 0) throw new IllegalArgumentException("tokens has no sequences (batch 0)");
        allocate(tokens.length);
        this.tokens = tokens;
        int n = length * dModel();
        double[] p = pe.matrix().data;
        embedding.forward(tokens, X);                                    // X = E[tokens]
        for (int b = 0; b < X.batch(); b++) {
            double[] x = X.slice(b).data;
            for (int i = 0; i < n; i++) x[i] += p[i];                    //   + PE
        }
        Tensor A = mha.forward(X, mask);                                 // A = MHA(X, mask)
        for (int b = 0; b < X.batch(); b++) {
            double[] x = X.slice(b).data, a = A.slice(b).data, z = Z.slice(b).data;
            for (int i = 0; i < n; i++) z[i] = x[i] + a[i];              // Z = X + A
        }
        unembedding.forward(Z, logits);                                  // logits = Z W_U
        return logits;
    }

    /**
     * Backward of the last forward; each line differentiates the forward line on its right:
     * <pre>
     *   dZ, dW_U = unembedding.backward(dlogits)            logits = Z W_U
     *   dA = dZ;  g = MHA.backward(dA)                      Z = X + A,  A = MHA(X)
     *   dX = dZ + g.dX                                      (X reaches Z twice: residual and through MHA)
     *   dE = scatter_tokens(dX)                             X = E[tokens] + PE   (PE is fixed: no gradient)
     * </pre>
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
        unembedding.backward(Z, dLogits, dZ, dW_U);                      // dZ = dlogits W_Uᵀ, dW_U = Zᵀ dlogits
        MultiHeadAttention.Grads g = mha.backward(dZ);                    // dA = dZ
        int n = length * dModel();
        for (int b = 0; b < dX.batch(); b++) {
            double[] dz = dZ.slice(b).data, dxa = g.dX().slice(b).data, dx = dX.slice(b).data;
            for (int i = 0; i < n; i++) dx[i] = dz[i] + dxa[i];          // dX = dZ + dA·∂A/∂X
        }
        dE.fill(0);
        embedding.backward(tokens, dX, dE);                               // dE[v] += Σ dX[b][t] where tokens = v
        return new Tensor[] {dE, g.dW_q(), g.dW_k(), g.dW_v(), g.dW_o(), dW_U};
    }

    private void allocate(int batch) {
        if (X != null && X.batch() == batch) return;
        int D = dModel(), C = classes();
        X = Tensor.zeros(batch, length, D);
        Z = Tensor.zeros(batch, length, D);
        dZ = Tensor.zeros(batch, length, D);
        dX = Tensor.zeros(batch, length, D);
        logits = Tensor.zeros(batch, length, C);
    }

    // ------------------------------------------------------------------ inspection

    /** The per-head attention weights of the last forward, {@code [B, H, L, L]}. */
    public Tensor attentionWeights() {
        if (tokens == null) throw new IllegalStateException("no weights yet: call forward(tokens) first");
        return mha.weights();
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

    /** The attention layer (its weights are live). */
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
