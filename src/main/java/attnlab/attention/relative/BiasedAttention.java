package attnlab.attention.relative;

import attnlab.attention.Attention;
import attnlab.attention.Softmax;
import attnlab.tensor.Checks;
import attnlab.tensor.Interrupts;
import attnlab.tensor.Tensor;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.Arrays;

/**
 * Attention with an additive score bias, the common core of every relative scheme here:
 * <pre>
 *   S = scale · Q Kᵀ + bias        bias finite (added) or −inf (key blocked)     [.., Lq, Lk]
 *   P = softmax_row(S),  O = P V
 * </pre>
 * The forward pass is {@link Attention#forward} with the bias as its (finite) mask. The backward pass also returns
 * {@code dBias = dS}, which the schemes route into their own parameters (u, v, W_R, Shaw tables, T5 table).
 */
final class BiasedAttention {
    private BiasedAttention() {}

    /** Gradients of the loss {@code sum(O ⊙ dO)}; {@code dBias} has the leading shape of Q plus [Lq, Lk]. */
    record Grads(Tensor dQ, Tensor dK, Tensor dV, Tensor dBias) {}

    /** {@code Attention.forward(Q, K, V, bias, scale)}; bias {@code [.., Lq, Lk]} may be null. */
    static Attention.Result forward(Tensor Q, Tensor K, Tensor V, Tensor bias, double scale) {
        return Attention.forward(Q, K, V, bias, scale);
    }

    /**
     * Validates Q, K, V and an optional mask {@code [Lq, Lk]} or {@code [.., Lq, Lk]} with the messages of
     * {@link Attention}, before a scheme indexes into them.
     */
    static void check(Tensor Q, Tensor K, Tensor V, Tensor mask) {
        Checks.notNull(Q, "Q");
        Checks.notNull(K, "K");
        Checks.notNull(V, "V");
        int[] lead = Arrays.copyOf(Q.shape(), Q.rank() - 2);
        for (Tensor t : new Tensor[] {K, V})
            if (!Arrays.equals(Arrays.copyOf(t.shape(), t.rank() - 2), lead))
                throw new IllegalArgumentException((t == K ? "K" : "V") + " has shape " + Checks.str(t.shape())
                        + " but Q has shape " + Checks.str(Q.shape()) + ": the leading (batch) dims must match");
        Checks.sameDim("d_k", "K", K.cols(), "Q", Q.cols());
        Checks.sameDim("Lk", "V", V.rows(), "K", K.rows());
        if (mask == null) return;
        int[] full = Arrays.copyOf(lead, lead.length + 2);
        full[lead.length] = Q.rows();
        full[lead.length + 1] = K.rows();
        if (!(mask.rank() == 2 && mask.rows() == Q.rows() && mask.cols() == K.rows()) && !Arrays.equals(mask.shape(), full))
            throw new IllegalArgumentException("mask has shape " + Checks.str(mask.shape()) + " but must be ["
                    + Q.rows() + ", " + K.rows() + "] (Lq, Lk) or " + Checks.str(full));
    }

    /**
     * Backward of {@link #forward}. Plain attention needs no dBias: use {@link Attention#backward} there.
     *
     * @param dO      {@code [.., Lq, d_v]}, the gradient of the output. Not modified.
     * @param dPExtra null, or an extra gradient {@code [.., Lq, Lk]} reaching P from outside {@code O = P V}
     *                (Shaw's value table). Not modified.
     * @param r       the forward result
     */
    static Grads backward(Tensor dO, Tensor dPExtra, Attention.Result r) {
        Tensor Q = r.Q(), K = r.K(), V = r.V(), P = r.weights();
        Tensor dQ = Tensor.zeros(Q.shape()), dK = Tensor.zeros(K.shape()), dV = Tensor.zeros(V.shape());
        Tensor dP = Tensor.zeros(P.shape());
        for (int b = 0; b < Q.batch(); b++) {
            CommonOps_DDRM.multTransA(P.slice(b), dO.slice(b), dV.slice(b));      // O = P V:  dV = Pᵀ dO
            CommonOps_DDRM.multTransB(dO.slice(b), V.slice(b), dP.slice(b));      //           dP = dO Vᵀ
            if (dPExtra != null) CommonOps_DDRM.addEquals(dP.slice(b), dPExtra.slice(b));
        }
        Tensor dS = Softmax.backward(dP, P);                                      // P = softmax(S)
        for (int b = 0; b < Q.batch(); b++) {
            Interrupts.poll();
            CommonOps_DDRM.mult(r.scale(), dS.slice(b), K.slice(b), dQ.slice(b));      // S = s·Q Kᵀ + bias: dQ = s·dS K
            CommonOps_DDRM.multTransA(r.scale(), dS.slice(b), Q.slice(b), dK.slice(b)); //                   dK = s·dSᵀ Q
        }
        return new Grads(dQ, dK, dV, dS);                                         //                   dBias = dS
    }
}
