package attnlab.train;

import attnlab.attention.MultiHeadAttention;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The trainable body shared by the lab's models: token embedding plus a positional table, N attention layers each
 * added to the residual stream, and an unembedding ({@link StackLane} has the math). It keeps the buffers of the last
 * forward for backward, and computes a batch of at least {@link Lanes#MIN_BATCH} sequences as two halves at once
 * (see {@link Lanes}): the split depends only on the batch size, so the numbers do not depend on the machine.
 * Exercise 5.9's {@link AttentionModel} is one layer with a fixed sinusoidal table; {@link AttentionOnly} is N layers
 * with a learned one. Not thread-safe.
 */
final class ResidualStack {
    private final Embedding embedding, positions;
    private final Tensor pe;
    private final MultiHeadAttention[] layers;
    private final Unembedding unembedding;
    private final IntFunction<Tensor> maskFor;     // the [L, L] mask of a sequence length
    private final StackLane[] lanes;               // lane 0 computes with the live layers; lane 1 with synced replicas
    private final MultiHeadAttention[] replicas;
    // buffers of the last forward (for backward), sized for one batch size and length
    private int[][] tokens;
    private int split;                             // lane 0 takes sequences [0, split), lane 1 [split, B)
    private Tensor[] X, dX;
    private Tensor logits, mask;

    /**
     * @param positions a learned table {@code [context, D]}, or null to add the fixed {@code pe}
     * @param pe        the fixed {@code [L, D]} table when {@code positions} is null
     * @param replicas  layers of the same shapes for the second lane (their weights are overwritten before use)
     */
    ResidualStack(Embedding embedding, Embedding positions, Tensor pe, MultiHeadAttention[] layers,
                  MultiHeadAttention[] replicas, Unembedding unembedding, IntFunction<Tensor> maskFor) {
        this.embedding = embedding;
        this.positions = positions;
        this.pe = pe;
        this.layers = layers;
        this.replicas = replicas;
        this.unembedding = unembedding;
        this.maskFor = maskFor;
        this.lanes = new StackLane[] {new StackLane(layers, embedding, positions, pe, unembedding),
            new StackLane(replicas, embedding, positions, pe, unembedding)};
    }

    /** The longest sequence: the positional table's rows. */
    int context() {
        return positions != null ? positions.vocab() : pe.rows();
    }

    /**
     * Logits {@code [B, L, C]} for a batch {@code [B][L]} of ids in {@code 0..V−1}, {@code L ≤ context()}, all of one
     * length; a buffer overwritten by the next forward of the same shape. Keeps what backward needs.
     */
    Tensor forward(int[][] tokens, boolean exactLength) {
        Checks.notNull(tokens, "tokens");
        if (tokens.length == 0) throw new IllegalArgumentException("tokens has no sequences (batch 0)");
        int L = Checks.notNull(tokens[0], "tokens[0]").length, V = embedding.vocab();
        if (L == 0) throw new IllegalArgumentException("tokens[0] is empty: a sequence needs at least one token");
        for (int b = 0; b < tokens.length; b++) {
            int len = Checks.notNull(tokens[b], "tokens[" + b + "]").length;
            if (exactLength && len != context())
                throw new IllegalArgumentException("tokens[" + b + "] has length " + len + " but the model has length L="
                        + context());
            if (len > context())
                throw new IllegalArgumentException("tokens[" + b + "] has length " + len + " but the model's context is "
                        + context() + " tokens");
            if (len != L)
                throw new IllegalArgumentException("tokens[" + b + "] has length " + len + " but tokens[0] has " + L
                        + ": a batch holds sequences of one length");
            for (int t = 0; t < len; t++)
                if (tokens[b][t] < 0 || tokens[b][t] >= V)
                    throw new IllegalArgumentException("tokens[" + b + "][" + t + "] must be in 0.." + (V - 1)
                            + " (vocab − 1) but was " + tokens[b][t]);
        }
        this.tokens = tokens;
        allocate(tokens.length, L);
        if (split == tokens.length) {
            lanes[0].forward();
            return logits;
        }
        for (int l = 0; l < layers.length; l++) {                  // sync the replicas
            List<Tensor> w = layers[l].parameters();
            replicas[l].setW_q(w.get(0)).setW_k(w.get(1)).setW_v(w.get(2)).setW_o(w.get(3));
        }
        Lanes.both(lanes[0]::forward, lanes[1]::forward);
        return logits;
    }

    /**
     * Backward of the last forward ({@link StackLane#backward} per part), then the parts' parameter gradients are
     * added: {@code dθ = dθ_part0 + dθ_part1}, since the loss is a sum over the batch.
     *
     * @param dLogits {@code [B, L, C]}. Not modified.
     * @return dE, [dP,] per layer dW_q, dW_k, dW_v, dW_o, then dW_U; valid until the next backward
     */
    Tensor[] backward(Tensor dLogits) {
        if (tokens == null) throw new IllegalStateException("backward needs a forward first: call forward(tokens)");
        Checks.notNull(dLogits, "dLogits");
        if (!Arrays.equals(dLogits.shape(), logits.shape()))
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

    private void allocate(int batch, int L) {
        if (X == null || X[0].batch() != batch || X[0].rows() != L) {
            int D = embedding.dModel(), C = unembedding.classes();
            X = new Tensor[layers.length + 1];
            dX = new Tensor[layers.length + 1];
            for (int l = 0; l <= layers.length; l++) {
                X[l] = Tensor.zeros(batch, L, D);
                dX[l] = Tensor.zeros(batch, L, D);
            }
            logits = Tensor.zeros(batch, L, C);
            split = batch >= Lanes.MIN_BATCH ? batch / 2 : batch;
            mask = maskFor.apply(L);
        }
        bind(0, 0, split);
        if (split < batch) bind(1, split, batch);
    }

    private void bind(int lane, int lo, int hi) {
        Tensor[] x = new Tensor[X.length], dx = new Tensor[dX.length];
        for (int l = 0; l < X.length; l++) {
            x[l] = part(X[l], lo, hi);
            dx[l] = part(dX[l], lo, hi);
        }
        lanes[lane].bind(Arrays.copyOfRange(tokens, lo, hi), mask, x, part(logits, lo, hi), dx);
    }

    /** Sequences {@code [lo, hi)} of a {@code [B, L, ·]} tensor, sharing its slices. */
    static Tensor part(Tensor t, int lo, int hi) {
        DMatrixRMaj[] s = new DMatrixRMaj[hi - lo];
        for (int b = lo; b < hi; b++) s[b - lo] = t.slice(b);
        return Tensor.stack(s);
    }

    /** The per-head attention weights of layer {@code l} in the last forward, {@code [B, H, L, L]}. */
    Tensor attentionWeights(int l) {
        if (tokens == null) throw new IllegalStateException("no weights yet: call forward(tokens) first");
        Tensor w0 = lanes[0].weights(l);
        int L = tokens[0].length, H = layers[l].nHeads();
        if (split == tokens.length) return w0;
        Tensor w1 = lanes[1].weights(l);
        DMatrixRMaj[] s = new DMatrixRMaj[w0.batch() + w1.batch()];
        for (int k = 0; k < w0.batch(); k++) s[k] = w0.slice(k);
        for (int k = 0; k < w1.batch(); k++) s[w0.batch() + k] = w1.slice(k);
        return Tensor.stack(s).view(tokens.length, H, L, L);
    }

    /** The live parameters: E, [P,] per layer W_q, W_k, W_v, W_o, then W_U. */
    Tensor[] parameters() {
        Tensor[] out = new Tensor[(positions == null ? 2 : 3) + 4 * layers.length];
        int k = 0;
        out[k++] = embedding.weights();
        if (positions != null) out[k++] = positions.weights();
        for (MultiHeadAttention m : layers) for (Tensor w : m.parameters()) out[k++] = w;
        out[k] = unembedding.weights();
        return out;
    }

    /** The fixed or learned positional table (live when learned). */
    Tensor positionTable() {
        return positions != null ? positions.weights() : pe;
    }

    Embedding embedding() { return embedding; }

    Unembedding unembedding() { return unembedding; }

    MultiHeadAttention layer(int l) { return layers[l]; }

    int layers() { return layers.length; }

    Tensor mask(int L) { return maskFor.apply(L); }
}
