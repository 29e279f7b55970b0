package attnlab.grad;

import attnlab.attention.Attention;
import attnlab.attention.MultiHeadAttention;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.util.List;

/**
 * Ready-made gradient checks of the toolkit's own backward passes, for the REPL and the README: each wires the
 * forward and backward into {@link GradCheck} with named inputs and the default settings.
 */
public final class AttentionChecks {
    private AttentionChecks() {}

    /**
     * Checks {@link Attention#backward} for {@code softmax(Q Kᵀ/√d_k + mask) V} at the given inputs (inputs named
     * Q, K, V). Q, K, V are perturbed and restored; none is modified.
     *
     * @param mask additive mask {@code [Lq, Lk]} or {@code [B, Lq, Lk]}, or null; treated as a constant
     */
    public static GradReport attention(Tensor Q, Tensor K, Tensor V, Tensor mask) {
        return GradCheck.options().names("Q", "K", "V").check(
                x -> Attention.attention(x[0], x[1], x[2], mask, Double.NaN),
                (dO, x) -> {
                    Attention.Grads g = Attention.backward(dO, Attention.forward(x[0], x[1], x[2], mask, Double.NaN));
                    return new Tensor[] {g.dQ(), g.dK(), g.dV()};
                }, Q, K, V);
    }

    /**
     * Checks {@link MultiHeadAttention#backward} of self-attention {@code m.forward(x, mask)} with respect to x and
     * all four weight matrices (inputs named x, W_q, W_k, W_v, W_o). Afterwards the weights are as before and the
     * cache is that of {@code m.forward(x, mask)}.
     */
    public static GradReport multiHead(MultiHeadAttention m, Tensor x, Tensor mask) {
        Checks.notNull(m, "m");
        Checks.notNull(x, "x");
        List<Tensor> w = m.parameters();
        Tensor[] saved = {w.get(0).copy(), w.get(1).copy(), w.get(2).copy(), w.get(3).copy()};
        Tensor[] inputs = {x, saved[0].copy(), saved[1].copy(), saved[2].copy(), saved[3].copy()};
        GradReport report;
        try {
            report = GradCheck.options().names("x", "W_q", "W_k", "W_v", "W_o").check(
                    in -> load(m, in).forward(in[0], mask),
                    (dY, in) -> {
                        load(m, in).forward(in[0], mask);
                        MultiHeadAttention.Grads g = m.backward(dY);
                        return new Tensor[] {g.dX(), g.dW_q(), g.dW_k(), g.dW_v(), g.dW_o()};
                    }, inputs);
        } finally {
            m.setW_q(saved[0]).setW_k(saved[1]).setW_v(saved[2]).setW_o(saved[3]);
        }
        m.forward(x, mask); // leave the cache as a plain forward at x leaves it
        return report;
    }

    private static MultiHeadAttention load(MultiHeadAttention m, Tensor[] in) {
        return m.setW_q(in[1]).setW_k(in[2]).setW_v(in[3]).setW_o(in[4]);
    }
}
