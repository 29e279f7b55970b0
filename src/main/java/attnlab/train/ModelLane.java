package attnlab.train;

import attnlab.attention.MultiHeadAttention;
import attnlab.tensor.Tensor;

/**
 * The model's computation on one part of a batch (see {@link AttentionModel}, which splits a batch into parts and
 * adds up their parameter gradients). The tensors it is bound to are views that share slices with the whole batch's
 * buffers, so the parts write the whole result in place.
 */
final class ModelLane {
    private final MultiHeadAttention mha;
    private final Embedding embedding;
    private final Unembedding unembedding;
    private final Tensor pe, mask, dE, dW_U;
    private int[][] tokens;
    private Tensor X, Z, logits, dZ, dX;
    private MultiHeadAttention.Grads g;

    ModelLane(MultiHeadAttention mha, Embedding embedding, Unembedding unembedding, Tensor pe, Tensor mask) {
        this.mha = mha;
        this.embedding = embedding;
        this.unembedding = unembedding;
        this.pe = pe;
        this.mask = mask;
        this.dE = Tensor.zeros(embedding.vocab(), embedding.dModel());
        this.dW_U = Tensor.zeros(unembedding.dModel(), unembedding.classes());
    }

    /** Binds this part's tokens {@code [b][L]} and its views {@code [b, L, ·]} of the batch buffers. */
    void bind(int[][] tokens, Tensor X, Tensor Z, Tensor logits, Tensor dZ, Tensor dX) {
        this.tokens = tokens;
        this.X = X;
        this.Z = Z;
        this.logits = logits;
        this.dZ = dZ;
        this.dX = dX;
    }

    /**
     * <pre>
     *   X      = E[tokens] + PE        [b, L, D]
     *   A      = MHA(X, mask)          [b, L, D]
     *   Z      = X + A                 [b, L, D]
     *   logits = Z W_U                 [b, L, C]
     * </pre>
     */
    void forward() {
        int n = X.rows() * X.cols();
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
    }

    /**
     * Each line differentiates the forward line on its right:
     * <pre>
     *   dZ, dW_U = unembedding.backward(dlogits)            logits = Z W_U
     *   dA = dZ;  g = MHA.backward(dA)                      Z = X + A,  A = MHA(X)
     *   dX = dZ + g.dX                                      (X reaches Z twice: residual and through MHA)
     *   dE = scatter_tokens(dX)                             X = E[tokens] + PE   (PE is fixed: no gradient)
     * </pre>
     *
     * @param dLogits this part's view {@code [b, L, C]}. Not modified.
     */
    void backward(Tensor dLogits) {
        unembedding.backward(Z, dLogits, dZ, dW_U);                      // dZ = dlogits W_Uᵀ, dW_U = Zᵀ dlogits
        g = mha.backward(dZ);                                             // dA = dZ
        int n = dX.rows() * dX.cols();
        for (int b = 0; b < dX.batch(); b++) {
            double[] dz = dZ.slice(b).data, dxa = g.dX().slice(b).data, dx = dX.slice(b).data;
            for (int i = 0; i < n; i++) dx[i] = dz[i] + dxa[i];          // dX = dZ + dA·∂A/∂X
        }
        dE.fill(0);
        embedding.backward(tokens, dX, dE);                               // dE[v] += Σ dX[b][t] where tokens = v
    }

    /** This part's gradients of the last backward: dE, dW_q, dW_k, dW_v, dW_o, dW_U. */
    Tensor[] gradients() {
        return new Tensor[] {dE, g.dW_q(), g.dW_k(), g.dW_v(), g.dW_o(), dW_U};
    }

    /** This part's attention weights of the last forward {@code [b, H, L, L]}. */
    Tensor weights() { return mha.weights(); }

    MultiHeadAttention attention() { return mha; }
}
