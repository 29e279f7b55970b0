package attnlab.attention;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Multi-head attention (exercise 5.7) with its backward pass. Shapes: x {@code [B, L, D]} or {@code [L, D]} (one
 * sequence), D = dModel, H = nHeads, dk = D / H.
 * <pre>
 *   Q = x_q W_q,  K = x_kv W_k,  V = x_kv W_v          [B, L, D]           (self-attention: x_q = x_kv = x)
 *   Q_h, K_h, V_h = split(Q), split(K), split(V)      [B, H, L, dk]       head h owns columns h·dk … (h+1)·dk − 1
 *   O_h = softmax(Q_h K_hᵀ / √dk + M) V_h              [B, H, Lq, dk]      {@link Attention}, per head
 *   C = concat_h(O_h)                                 [B, Lq, D]
 *   Y = C W_o                                         [B, Lq, D]
 * </pre>
 * Weights are {@code D×D}, initialised {@code randn·0.02} in the order W_q, W_k, W_v, W_o (as on the sheet), and
 * applied on the right, {@code x W}, with no biases. PyTorch's {@code nn.MultiheadAttention} applies
 * {@code x Wᵀ}: its {@code in_proj_weight} is {@code [W_q; W_k; W_v]} transposed (numerics §4), see
 * {@link #setFromPyTorch} and {@link #inProjWeight}. Masks are additive, {@code [Lq, Lk]} or {@code [B, Lq, Lk]},
 * and shared by all heads.
 *
 * <p>Optional biases (issue 14, for layers loaded from PyTorch, Hugging Face and GPT-2 checkpoints): after
 * {@link #withBiases()} the projections are {@code Q = x_q W_q + b_q}, {@code K = x_kv W_k + b_k},
 * {@code V = x_kv W_v + b_v}, {@code Y = C W_o + b_o}, each {@code b} a row {@code [1, D]} added to every row. The
 * default has none, and then computes exactly what it computed before biases existed.
 *
 * <p>The last forward is cached for {@link #backward} and {@link #weights()}; an instance is not thread-safe.
 */
public final class MultiHeadAttention {
    private final int dModel, nHeads, dHead;
    private final Tensor W_q, W_k, W_v, W_o;
    private Tensor b_q, b_k, b_v, b_o;    // [1, D] each after withBiases(); all null by default (no biases)
    // cache of the last forward
    private Tensor xq, xkv, C;
    private Attention.Result heads;
    private boolean self;

    /**
     * The gradients of one backward pass. {@code dX} (self-attention only) is {@code dXq + dXkv}. The bias gradients
     * {@code db_q … db_o} ({@code [1, D]}) are null when the layer has no biases.
     */
    public record Grads(Tensor dX, Tensor dXq, Tensor dXkv, Tensor dW_q, Tensor dW_k, Tensor dW_v, Tensor dW_o,
                        Tensor db_q, Tensor db_k, Tensor db_v, Tensor db_o) {
        /** The input gradient of self-attention; cross-attention has two inputs, see {@link #dXq}, {@link #dXkv}. */
        @Override
        public Tensor dX() {
            if (dX == null)
                throw new IllegalStateException("cross-attention has two inputs: use dXq() and dXkv()");
            return dX;
        }

        /** dW_q, dW_k, dW_v, dW_o (then db_q … db_o with biases), in the order of {@link #parameters()}. */
        public List<Tensor> parameterGrads() {
            return db_q == null ? List.of(dW_q, dW_k, dW_v, dW_o)
                    : List.of(dW_q, dW_k, dW_v, dW_o, db_q, db_k, db_v, db_o);
        }

        @Override
        public String toString() {
            return (dX != null ? "dX = " + dX : "dXq = " + dXq + "\ndXkv = " + dXkv) + "\ndW_q = " + dW_q
                    + "\ndW_k = " + dW_k + "\ndW_v = " + dW_v + "\ndW_o = " + dW_o
                    + (db_q == null ? "" : "\ndb_q = " + db_q + "\ndb_k = " + db_k + "\ndb_v = " + db_v
                    + "\ndb_o = " + db_o);
        }
    }

    /** Weights from {@code new Random(0)}. */
    public MultiHeadAttention(int dModel, int nHeads) {
        this(dModel, nHeads, 0L);
    }

    public MultiHeadAttention(int dModel, int nHeads, long seed) {
        this(dModel, nHeads, new Random(seed));
    }

    /** @throws IllegalArgumentException if dModel or nHeads is below 1, or dModel % nHeads ≠ 0 */
    public MultiHeadAttention(int dModel, int nHeads, Random rng) {
        Checks.positive(dModel, "dModel");
        Checks.positive(nHeads, "nHeads");
        Checks.notNull(rng, "rng");
        if (dModel % nHeads != 0)
            throw new IllegalArgumentException("dModel=" + dModel + " is not divisible by nHeads=" + nHeads
                    + ": each head needs dModel/nHeads columns (dModel % nHeads = " + dModel % nHeads + ")");
        this.dModel = dModel;
        this.nHeads = nHeads;
        this.dHead = dModel / nHeads;
        W_q = Tensor.randn(rng, dModel, dModel).times(0.02);
        W_k = Tensor.randn(rng, dModel, dModel).times(0.02);
        W_v = Tensor.randn(rng, dModel, dModel).times(0.02);
        W_o = Tensor.randn(rng, dModel, dModel).times(0.02);
    }

    // ------------------------------------------------------------------ forward and backward

    /** Self-attention without a mask. */
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    /** Self-attention; {@code mask} {@code [L, L]} or {@code [B, L, L]}, or null. */
    public Tensor forward(Tensor x, Tensor mask) {
        Tensor y = run(x, x, mask, "x", "x");
        self = true;
        return y;
    }

    /**
     * Cross-attention without a mask: queries from {@code xq} {@code [B, Lq, D]}, keys and values from {@code xkv}
     * {@code [B, Lk, D]}. (Not {@code forward(xq, xkv)}: that signature is self-attention's {@code forward(x, mask)}.)
     */
    public Tensor forwardCross(Tensor xq, Tensor xkv) {
        return forward(xq, xkv, null);
    }

    /** Cross-attention under a mask {@code [Lq, Lk]} or {@code [B, Lq, Lk]}, or null for none. */
    public Tensor forward(Tensor xq, Tensor xkv, Tensor mask) {
        return run(xq, xkv, mask, "xq", "xkv");
    }

    private Tensor run(Tensor xq, Tensor xkv, Tensor mask, String qName, String kvName) {
        checkInput(xq, qName);
        checkInput(xkv, kvName);
        if (!Arrays.equals(lead(xq), lead(xkv)))
            throw new IllegalArgumentException(kvName + " has shape " + Checks.str(xkv.shape()) + " but " + qName
                    + " has shape " + Checks.str(xq.shape()) + ": the batch dims must match");
        Tensor M = Heads.maskForHeads(mask, xq.batch(), nHeads, xq.rows(), xkv.rows(), xq.rank() == 3);
        Tensor Q = Heads.timesSplit(xq, W_q, nHeads), K = Heads.timesSplit(xkv, W_k, nHeads),  // [B, H, L, dk]
                V = Heads.timesSplit(xkv, W_v, nHeads);                                         // = split(x W)
        if (b_q != null) addInputBiases(Q, K, V);                                               // + split(b)
        Attention.Result h = Attention.forward(Q, K, V, M, 1.0 / Math.sqrt(dHead));
        Tensor C = Heads.merge(h.out(), nHeads, xq.shape());                                    // [B, Lq, D]
        Tensor Y = Heads.times(C, W_o);                                                         // [B, Lq, D]
        if (b_o != null) Biases.addToRows(Y, b_o);                                              // + b_o
        this.xq = xq;
        this.xkv = xkv;
        this.C = C;
        this.heads = h;
        this.self = false;
        return Y;
    }

    /**
     * Backward of the last forward (numerics §5, the MHA chain). Each line differentiates the forward line on its
     * right:
     * <pre>
     *   dW_o = Cᵀ dY,  dC = dY W_oᵀ                            Y = C W_o
     *   dO_h = split(dC)                                       C = concat_h(O_h)
     *   dQ_h, dK_h, dV_h = Attention.backward(dO_h)            O_h = attention(Q_h, K_h, V_h)
     *   dQ, dK, dV = concat_h(dQ_h), ...                       Q_h = split(Q), ...
     *   dW_q = x_qᵀ dQ,  dW_k = x_kvᵀ dK,  dW_v = x_kvᵀ dV       Q = x_q W_q, K = x_kv W_k, V = x_kv W_v
     *   dXq = dQ W_qᵀ,  dXkv = dK W_kᵀ + dV W_vᵀ,  dX = dXq + dXkv (self-attention)
     * </pre>
     * Weight gradients are summed over the batch.
     *
     * @param dY gradient of the loss with respect to the output of the last forward, same shape. Not modified.
     */
    public Grads backward(Tensor dY) {
        if (heads == null) throw new IllegalStateException("backward needs a forward first: call forward(x) first");
        Checks.notNull(dY, "dY");
        if (!Arrays.equals(dY.shape(), xq.shape()))
            throw new IllegalArgumentException("dY has shape " + Checks.str(dY.shape()) + " but the output Y has shape "
                    + Checks.str(xq.shape()));
        Tensor dW_o = Heads.weightGrad(C, dY);
        Tensor dC = Heads.timesTransposed(dY, W_o);
        Attention.Grads g = Attention.backward(Heads.split(dC, nHeads), heads);
        Tensor dQ = Heads.merge(g.dQ(), nHeads, xq.shape());
        Tensor dK = Heads.merge(g.dK(), nHeads, xkv.shape()), dV = Heads.merge(g.dV(), nHeads, xkv.shape());
        Tensor dW_q = Heads.weightGrad(xq, dQ), dW_k = Heads.weightGrad(xkv, dK), dW_v = Heads.weightGrad(xkv, dV);
        Tensor dXq = Heads.timesTransposed(dQ, W_q);
        Tensor dXkv = Heads.timesTransposed(dK, W_k).plus(Heads.timesTransposed(dV, W_v));
        Tensor[] db = b_q == null ? new Tensor[4] : biasGrads(dY, dQ, dK, dV);
        return new Grads(self ? dXq.plus(dXkv) : null, dXq, dXkv, dW_q, dW_k, dW_v, dW_o, db[0], db[1], db[2], db[3]);
    }

    /** The per-head attention weights of the last forward, {@code [B, H, Lq, Lk]} (B = 1 for a rank-2 input). */
    public Tensor weights() {
        if (heads == null) throw new IllegalStateException("no weights yet: call forward(x) first");
        return heads.weights();
    }

    // ------------------------------------------------------------------ parameters

    public int dModel() { return dModel; }
    public int nHeads() { return nHeads; }

    /** dk = dModel / nHeads, the width of one head; the scores are scaled by 1/√dk. */
    public int dHead() { return dHead; }

    /** 4·dModel², whatever the number of heads; 4·dModel² + 4·dModel with biases. */
    public int parameterCount() { return 4 * dModel * dModel + (b_q == null ? 0 : 4 * dModel); }

    /**
     * The live weight tensors (writes go through, e.g. from an optimizer): W_q, W_k, W_v, W_o; then b_q, b_k, b_v,
     * b_o if the layer has biases.
     */
    public List<Tensor> parameters() {
        return b_q == null ? List.of(W_q, W_k, W_v, W_o) : List.of(W_q, W_k, W_v, W_o, b_q, b_k, b_v, b_o);
    }

    /** {@code [D, D]}, applied as {@code x W_q}; live. */
    public Tensor W_q() { return W_q; }

    public Tensor W_k() { return W_k; }
    public Tensor W_v() { return W_v; }
    public Tensor W_o() { return W_o; }

    /** Copies {@code W} ({@code [D, D]}, applied as {@code x W}) into W_q. Not modified. */
    public MultiHeadAttention setW_q(Tensor W) { return set(W_q, W, "W_q"); }

    public MultiHeadAttention setW_k(Tensor W) { return set(W_k, W, "W_k"); }
    public MultiHeadAttention setW_v(Tensor W) { return set(W_v, W, "W_v"); }
    public MultiHeadAttention setW_o(Tensor W) { return set(W_o, W, "W_o"); }

    /**
     * Loads PyTorch {@code nn.MultiheadAttention} weights (with zero biases): W_q, W_k, W_v are the transposed row
     * blocks {@code [0:D], [D:2D], [2D:3D]} of {@code in_proj_weight} {@code [3D, D]}, and W_o is
     * {@code out_proj.weight}ᵀ, because PyTorch applies {@code x Wᵀ} and we apply {@code x W}. Neither modified.
     */
    public MultiHeadAttention setFromPyTorch(Tensor inProjWeight, Tensor outProjWeight) {
        checkMatrix(inProjWeight, "in_proj_weight", 3 * dModel, dModel);
        checkMatrix(outProjWeight, "out_proj.weight", dModel, dModel);
        Tensor[] w = {W_q, W_k, W_v};
        for (int p = 0; p < 3; p++) {
            DMatrixRMaj block = CommonOps_DDRM.extract(inProjWeight.matrix(), p * dModel, (p + 1) * dModel, 0, dModel);
            CommonOps_DDRM.transpose(block, w[p].matrix());
        }
        CommonOps_DDRM.transpose(outProjWeight.matrix(), W_o.matrix());
        return this;
    }

    /** PyTorch's {@code in_proj_weight} {@code [3D, D]} for these weights: {@code [W_qᵀ; W_kᵀ; W_vᵀ]}. */
    public Tensor inProjWeight() {
        Tensor t = Tensor.zeros(3 * dModel, dModel);
        Tensor[] w = {W_q, W_k, W_v};
        for (int p = 0; p < 3; p++)
            CommonOps_DDRM.insert(CommonOps_DDRM.transpose(w[p].matrix(), null), t.matrix(), p * dModel, 0);
        return t;
    }

    @Override
    public String toString() {
        return "MultiHeadAttention(dModel=" + dModel + ", nHeads=" + nHeads + ", dHead=" + dHead + ", parameters="
                + parameterCount() + (b_q == null ? "" : ", with biases") + ")";
    }

    // ------------------------------------------------------------------ optional biases (issue 14)

    /** Gives the layer zero biases b_q, b_k, b_v, b_o {@code [1, D]} (PyTorch's init), if it has none; returns this. */
    public MultiHeadAttention withBiases() {
        if (b_q == null) {
            b_q = Tensor.zeros(1, dModel);
            b_k = Tensor.zeros(1, dModel);
            b_v = Tensor.zeros(1, dModel);
            b_o = Tensor.zeros(1, dModel);
        }
        return this;
    }

    /** Whether {@link #withBiases()} (or a bias setter) gave the layer biases. */
    public boolean hasBiases() { return b_q != null; }

    /** {@code [1, D]}, added to {@code x_q W_q}; live. @throws IllegalStateException if the layer has no biases */
    public Tensor b_q() { return bias(b_q); }

    public Tensor b_k() { return bias(b_k); }
    public Tensor b_v() { return bias(b_v); }
    public Tensor b_o() { return bias(b_o); }

    /** Copies {@code b} ({@code [1, D]}) into b_q, giving the layer (zero) biases first if it has none. Not modified. */
    public MultiHeadAttention setB_q(Tensor b) { return setBias(0, b, "b_q"); }

    public MultiHeadAttention setB_k(Tensor b) { return setBias(1, b, "b_k"); }
    public MultiHeadAttention setB_v(Tensor b) { return setBias(2, b, "b_v"); }
    public MultiHeadAttention setB_o(Tensor b) { return setBias(3, b, "b_o"); }

    /**
     * Loads a whole PyTorch {@code nn.MultiheadAttention} state: the weights as {@link #setFromPyTorch(Tensor, Tensor)}
     * does, {@code in_proj_bias} {@code [1, 3D]} split into b_q, b_k, b_v, and {@code out_proj.bias} {@code [1, D]}
     * as b_o. None modified.
     */
    public MultiHeadAttention setFromPyTorch(Tensor inProjWeight, Tensor inProjBias, Tensor outProjWeight,
                                             Tensor outProjBias) {
        checkMatrix(inProjBias, "in_proj_bias", 1, 3 * dModel);
        checkMatrix(outProjBias, "out_proj.bias", 1, dModel);
        setFromPyTorch(inProjWeight, outProjWeight);
        withBiases();
        Tensor[] b = {b_q, b_k, b_v};
        for (int p = 0; p < 3; p++)
            System.arraycopy(inProjBias.matrix().data, p * dModel, b[p].matrix().data, 0, dModel);
        b_o.matrix().setTo(outProjBias.matrix());
        return this;
    }

    /** PyTorch's {@code in_proj_bias} for these biases: {@code [b_q, b_k, b_v]} as {@code [1, 3D]}. */
    public Tensor inProjBias() {
        Tensor t = Tensor.zeros(1, 3 * dModel);
        Tensor[] b = {b_q(), b_k(), b_v()};
        for (int p = 0; p < 3; p++) System.arraycopy(b[p].matrix().data, 0, t.matrix().data, p * dModel, dModel);
        return t;
    }

    // Q, K, V in the head layout [B, H, L, dk] += split(b_q), split(b_k), split(b_v)
    private void addInputBiases(Tensor Q, Tensor K, Tensor V) {
        Biases.addToHeads(Q, b_q, nHeads);
        Biases.addToHeads(K, b_k, nHeads);
        Biases.addToHeads(V, b_v, nHeads);
    }

    /**
     * The bias gradients, each forward line's bias summed over every row it was added to:
     * <pre>
     *   db_q = Σ rows dQ,  db_k = Σ rows dK,  db_v = Σ rows dV     Q = x_q W_q + b_q, ...
     *   db_o = Σ rows dY                                           Y = C W_o + b_o
     * </pre>
     */
    private static Tensor[] biasGrads(Tensor dY, Tensor dQ, Tensor dK, Tensor dV) {
        return new Tensor[] {Biases.sumRows(dQ), Biases.sumRows(dK), Biases.sumRows(dV), Biases.sumRows(dY)};
    }

    private Tensor bias(Tensor b) {
        if (b == null) throw new IllegalStateException("this MultiHeadAttention has no biases: call withBiases() first");
        return b;
    }

    private MultiHeadAttention setBias(int which, Tensor b, String name) {
        checkMatrix(b, name, 1, dModel);
        withBiases();
        new Tensor[] {b_q, b_k, b_v, b_o}[which].matrix().setTo(b.matrix());
        return this;
    }

    // ------------------------------------------------------------------ checks

    private MultiHeadAttention set(Tensor target, Tensor W, String name) {
        checkMatrix(W, name, dModel, dModel);
        target.matrix().setTo(W.matrix());
        return this;
    }

    private static void checkMatrix(Tensor W, String name, int rows, int cols) {
        Checks.notNull(W, name);
        if (W.rank() != 2 || W.rows() != rows || W.cols() != cols)
            throw new IllegalArgumentException(name + " has shape " + Checks.str(W.shape()) + " but must be ["
                    + rows + ", " + cols + "]");
    }

    private void checkInput(Tensor x, String name) {
        Checks.sequence(x, name);
        if (x.cols() != dModel)
            throw new IllegalArgumentException(name + " has d_model=" + x.cols() + " but this MultiHeadAttention has"
                    + " dModel=" + dModel);
    }

    private static int[] lead(Tensor x) {
        return Arrays.copyOf(x.shape(), x.rank() - 2);
    }
}
