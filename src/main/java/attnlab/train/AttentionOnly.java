package attnlab.train;

import attnlab.attention.Masks;
import attnlab.attention.MultiHeadAttention;
import attnlab.model.Hook;
import attnlab.model.HookedModel;
import attnlab.model.ModelRun;
import attnlab.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An attention-only transformer (Elhage et al. 2021): N attention layers on a residual stream, no MLP, no layer
 * norm, no biases, trained in the lab (issue 20).
 * <pre>
 *   X_0     = E[tokens] + P[0..L)          [B, L, D]   token embedding E [V, D] ~ N(0, 1), learned positions
 *                                                      P [context, D] ~ N(0, 1)
 *   X_{l+1} = X_l + MHA_l(X_l, causal)     [B, L, D]   l = 0 .. N−1, W_* [D, D] = randn·0.02, causal mask j ≤ i
 *   logits  = X_N W_U                      [B, L, V]   unembedding W_U [D, V] = randn·0.02
 * </pre>
 * The computation, its backward and the two-lane batch split are {@link ResidualStack}'s, shared with exercise
 * 5.9's one-layer {@link AttentionModel}. Parameters, in the order of {@link #parameters()} and of the gradients
 * {@link #backward} returns: E, P, then per layer W_q, W_k, W_v, W_o, then W_U. Seeded: E from {@code seed}, P from
 * {@code seed + 1}, layer l from {@code seed + 2 + l}, W_U from {@code seed + 2 + layers}. It is a
 * {@link HookedModel}: {@link #run} gives logits and a TransformerLens-named cache, and hooks edit the pass.
 * Not thread-safe.
 */
public final class AttentionOnly implements HookedModel {
    private final int vocab, context;
    private final ResidualStack stack;

    /**
     * @param layers  attention layers N ≥ 1
     * @param heads   heads per layer; must divide {@code dModel}
     * @param dModel  width D of the residual stream
     * @param vocab   token ids {@code 0..vocab−1}, ≥ 2 (the logits have one class per id)
     * @param context the longest sequence, ≥ 2 (rows of the learned positional table)
     * @param seed    initialisation seed
     */
    public AttentionOnly(int layers, int heads, int dModel, int vocab, int context, long seed) {
        if (layers < 1) throw new IllegalArgumentException("layers must be >= 1 but was " + layers);
        if (heads < 1) throw new IllegalArgumentException("heads must be >= 1 but was " + heads);
        if (dModel < 1) throw new IllegalArgumentException("dModel must be >= 1 but was " + dModel);
        if (dModel % heads != 0)
            throw new IllegalArgumentException("heads=" + heads + " does not divide dModel=" + dModel
                    + ": each head needs dModel/heads columns (dModel % heads = " + dModel % heads + ")");
        if (vocab < 2) throw new IllegalArgumentException("vocab must be >= 2 but was " + vocab);
        if (context < 2) throw new IllegalArgumentException("context must be >= 2 but was " + context);
        this.vocab = vocab;
        this.context = context;
        MultiHeadAttention[] live = new MultiHeadAttention[layers], replicas = new MultiHeadAttention[layers];
        for (int l = 0; l < layers; l++) {
            live[l] = new MultiHeadAttention(dModel, heads, seed + 2 + l);
            replicas[l] = new MultiHeadAttention(dModel, heads, seed + 2 + l);
        }
        this.stack = new ResidualStack(new Embedding(vocab, dModel, seed), new Embedding(context, dModel, seed + 1),
                null, live, replicas, new Unembedding(dModel, vocab, seed + 2 + layers), Masks::causal);
    }

    // ------------------------------------------------------------------ forward and backward

    /**
     * Logits {@code [B, L, V]} for a batch {@code [B][L]} of ids in {@code 0..V−1} ({@code L ≤ context}); keeps what
     * backward needs ({@link StackLane#forward} has the math). A batch of at least 16 sequences is computed as two
     * halves at once; the result depends only on the batch, not on the machine.
     *
     * @param tokens not modified (kept by reference until the next forward)
     * @return a buffer overwritten by the next forward of the same shape
     */
    public Tensor forward(int[][] tokens) {
        return stack.forward(tokens, false);
    }

    /**
     * Backward of the last forward ({@link StackLane#backward}: through the unembedding, each layer from the last,
     * the residual sums, the embedding and the learned positions).
     *
     * @param dLogits {@code [B, L, V]}. Not modified.
     * @return the gradients in the order of {@link #parameters()}; valid until the next backward
     */
    public Tensor[] backward(Tensor dLogits) {
        return stack.backward(dLogits);
    }

    /** The per-head attention weights of layer {@code layer} in the last forward, {@code [B, H, L, L]}. */
    public Tensor attentionWeights(int layer) {
        checkLayer(layer);
        return stack.attentionWeights(layer);
    }

    // ------------------------------------------------------------------ HookedModel

    /** One sequence (at most {@code context} tokens) with TransformerLens's hook names; see {@link HookedForward}. */
    @Override
    public ModelRun run(int[] tokens, Predicate<String> names, Hook... hooks) {
        return HookedForward.run(this, stack, tokens, names, hooks);
    }

    @Override
    public int layers() { return stack.layers(); }

    @Override
    public int heads() { return stack.layer(0).nHeads(); }

    @Override
    public int vocab() { return vocab; }

    @Override
    public int context() { return context; }

    public int dModel() { return stack.embedding().dModel(); }

    public int dHead() { return stack.layer(0).dHead(); }

    // ------------------------------------------------------------------ parameters

    /** The live parameters E, P, per layer W_q, W_k, W_v, W_o, then W_U (writes change the model, e.g. Adam's). */
    public Tensor[] parameters() { return stack.parameters(); }

    /** Names of {@link #parameters()}, same order: E, P, blocks.0.W_q, ..., W_U. */
    public List<String> parameterNames() {
        List<String> n = new ArrayList<>(List.of("E", "P"));
        for (int l = 0; l < layers(); l++)
            for (String w : new String[] {"W_q", "W_k", "W_v", "W_o"}) n.add("blocks." + l + "." + w);
        n.add("W_U");
        return n;
    }

    /** Number of trained numbers: V·D + context·D + N·4·D² + D·V. */
    public int parameterCount() {
        int n = 0;
        for (Tensor t : parameters()) n += t.size();
        return n;
    }

    /** Layer {@code layer}'s attention (live weights W_q, W_k, W_v, W_o, each {@code [D, D]}, applied as x W). */
    public MultiHeadAttention attention(int layer) {
        checkLayer(layer);
        return stack.layer(layer);
    }

    /** Token embedding E {@code [V, D]}, live. */
    public Tensor embedding() { return stack.embedding().weights(); }

    /** Learned positions P {@code [context, D]}, live. */
    public Tensor positions() { return stack.positionTable(); }

    /** Unembedding W_U {@code [D, V]}, live. */
    public Tensor unembedding() { return stack.unembedding().weights(); }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= layers())
            throw new IllegalArgumentException("layer must be in 0.." + (layers() - 1) + " but was " + layer);
    }

    @Override
    public String toString() {
        return "AttentionOnly(" + layers() + (layers() == 1 ? " layer" : " layers") + " of " + heads()
                + (heads() == 1 ? " head" : " heads") + ", d_model " + dModel() + ", vocab " + vocab + ", context "
                + context + ", causal mask, " + parameterCount() + " parameters)";
    }
}
