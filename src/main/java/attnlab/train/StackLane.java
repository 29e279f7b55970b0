package attnlab.train;

import attnlab.attention.MultiHeadAttention;
import attnlab.tensor.Tensor;

/**
 * The computation of a stack of attention layers on one part of a batch (see {@link ResidualStack}, which splits a
 * batch into parts and adds up their parameter gradients). The tensors it is bound to are views that share slices
 * with the whole batch's buffers, so the parts write the whole result in place. One layer with a fixed positional
 * table is exercise 5.9's model; N layers with a learned one is the attention-only transformer of issue 20.
 */
final class StackLane {
    private final MultiHeadAttention[] layers;
    private final Embedding embedding, positions;   // positions: a learned table, or null when pe is fixed
    private final Tensor pe;                         // the fixed table [L, D] when positions is null
    private final Unembedding unembedding;
    private final Tensor dE, dP, dW_U;
    private final MultiHeadAttention.Grads[] g;
    private int[][] tokens;
    private Tensor mask, logits;
    private Tensor[] X, dX;                          // X[l] is the residual stream entering layer l; X[N] the output

    StackLane(MultiHeadAttention[] layers, Embedding embedding, Embedding positions, Tensor pe,
              Unembedding unembedding) {
        this.layers = layers;
        this.embedding = embedding;
        this.positions = positions;
        this.pe = pe;
        this.unembedding = unembedding;
        this.dE = Tensor.zeros(embedding.vocab(), embedding.dModel());
        this.dP = positions == null ? null : Tensor.zeros(positions.vocab(), positions.dModel());
        this.dW_U = Tensor.zeros(unembedding.dModel(), unembedding.classes());
        this.g = new MultiHeadAttention.Grads[layers.length];
    }

    /**
     * Binds this part's tokens {@code [b][L]}, the mask {@code [L, L]} (or null) and its views {@code [b, L, ·]} of
     * the batch buffers: {@code X[0..N]} the residual streams, {@code dX[0..N]} their gradients.
     */
    void bind(int[][] tokens, Tensor mask, Tensor[] X, Tensor logits, Tensor[] dX) {
        this.tokens = tokens;
        this.mask = mask;
        this.X = X;
        this.logits = logits;
        this.dX = dX;
    }

    /**
     * <pre>
     *   X_0     = E[tokens] + P[0..L)          [b, L, D]   P fixed (5.9's sinusoids) or learned
     *   A_l     = MHA_l(X_l, mask)             [b, L, D]
     *   X_{l+1} = X_l + A_l                    [b, L, D]   residual, l = 0 .. N−1
     *   logits  = X_N W_U                      [b, L, C]
     * </pre>
     */
    void forward() {
        Tensor X0 = X[0];
        int n = X0.rows() * X0.cols();
        double[] p = positions == null ? pe.matrix().data : positions.weights().matrix().data;
        embedding.forward(tokens, X0);                                   // X_0 = E[tokens]
        for (int b = 0; b < X0.batch(); b++) {
            double[] x = X0.slice(b).data;
            for (int i = 0; i < n; i++) x[i] += p[i];                    //   + P[0..L)
        }
        for (int l = 0; l < layers.length; l++) {
            Tensor A = layers[l].forward(X[l], mask);                    // A_l = MHA_l(X_l, mask)
            for (int b = 0; b < X0.batch(); b++) {
                double[] x = X[l].slice(b).data, a = A.slice(b).data, z = X[l + 1].slice(b).data;
                for (int i = 0; i < n; i++) z[i] = x[i] + a[i];          // X_{l+1} = X_l + A_l
            }
        }
        unembedding.forward(X[layers.length], logits);                   // logits = X_N W_U
    }

    /**
     * Each line differentiates the forward line on its right:
     * <pre>
     *   dX_N, dW_U = unembedding.backward(dlogits)          logits = X_N W_U
     *   g_l = MHA_l.backward(dX_{l+1})                      X_{l+1} = X_l + A_l,  A_l = MHA_l(X_l)
     *   dX_l = dX_{l+1} + g_l.dX                            (X_l reaches X_{l+1} twice: residual and through MHA)
     *   dE = scatter_tokens(dX_0)                           X_0 = E[tokens] + P
     *   dP[t] = Σ_b dX_0[b][t]    (learned P only; a fixed table has no gradient)
     * </pre>
     *
     * @param dLogits this part's view {@code [b, L, C]}. Not modified.
     */
    void backward(Tensor dLogits) {
        int N = layers.length;
        unembedding.backward(X[N], dLogits, dX[N], dW_U);                // dX_N = dlogits W_Uᵀ, dW_U = X_Nᵀ dlogits
        int n = dX[0].rows() * dX[0].cols();
        for (int l = N - 1; l >= 0; l--) {
            g[l] = layers[l].backward(dX[l + 1]);                        // dA_l = dX_{l+1}
            for (int b = 0; b < dX[l].batch(); b++) {
                double[] dz = dX[l + 1].slice(b).data, dxa = g[l].dX().slice(b).data, dx = dX[l].slice(b).data;
                for (int i = 0; i < n; i++) dx[i] = dz[i] + dxa[i];      // dX_l = dX_{l+1} + dA_l·∂A_l/∂X_l
            }
        }
        dE.fill(0);
        embedding.backward(tokens, dX[0], dE);                           // dE[v] += Σ dX_0[b][t] where tokens = v
        if (dP != null) {
            dP.fill(0);
            double[] dp = dP.matrix().data;
            for (int b = 0; b < dX[0].batch(); b++) {
                double[] dx = dX[0].slice(b).data;
                for (int i = 0; i < n; i++) dp[i] += dx[i];              // dP[t] = Σ_b dX_0[b][t]
            }
        }
    }

    /** This part's gradients of the last backward: dE, [dP,] per layer dW_q, dW_k, dW_v, dW_o, then dW_U. */
    Tensor[] gradients() {
        Tensor[] out = new Tensor[(dP == null ? 2 : 3) + 4 * layers.length];
        int k = 0;
        out[k++] = dE;
        if (dP != null) out[k++] = dP;
        for (MultiHeadAttention.Grads gl : g) {
            out[k++] = gl.dW_q();
            out[k++] = gl.dW_k();
            out[k++] = gl.dW_v();
            out[k++] = gl.dW_o();
        }
        out[k] = dW_U;
        return out;
    }

    /** This part's attention weights of layer {@code l} in the last forward {@code [b, H, L, L]}. */
    Tensor weights(int l) { return layers[l].weights(); }

    MultiHeadAttention layer(int l) { return layers[l]; }
}
