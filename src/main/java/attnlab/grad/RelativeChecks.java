package attnlab.grad;

import attnlab.attention.Attention;
import attnlab.attention.relative.Alibi;
import attnlab.attention.relative.Rope;
import attnlab.attention.relative.Shaw;
import attnlab.attention.relative.T5Bias;
import attnlab.attention.relative.TransformerXL;
import attnlab.tensor.Tensor;

/**
 * Ready-made gradient checks of the relative-position backward passes ({@code attnlab.attention.relative}), for the
 * REPL and the README: each wires a scheme's forward and backward into {@link GradCheck} (default settings) with
 * named inputs. Here, beside {@link AttentionChecks}, because the gradient checker sits above attention. The inputs are
 * perturbed and restored; none is modified. They must not share data (pass copies).
 */
public final class RelativeChecks {
    private RelativeChecks() {}

    /** Transformer-XL: inputs Q, K, V, posEmbed, u, v, W_R (shapes as in {@link TransformerXL}). */
    public static GradReport transformerXL(Tensor Q, Tensor K, Tensor V, Tensor posEmbed, Tensor u, Tensor v, Tensor W_R) {
        return GradCheck.options().names("Q", "K", "V", "posEmbed", "u", "v", "W_R").check(
                x -> TransformerXL.forward(x[0], x[1], x[2], x[3], x[4], x[5], x[6]).out(),
                (dO, x) -> {
                    TransformerXL.Grads g = TransformerXL.backward(dO,
                            TransformerXL.forward(x[0], x[1], x[2], x[3], x[4], x[5], x[6]));
                    return new Tensor[] {g.dQ(), g.dK(), g.dV(), g.dPos(), g.du(), g.dv(), g.dW_R()};
                }, Q, K, V, posEmbed, u, v, W_R);
    }

    /** Shaw et al.: inputs Q, K, V, wK, wV at clip distance k; the mask (may be null) is a constant. */
    public static GradReport shaw(Tensor Q, Tensor K, Tensor V, Tensor wK, Tensor wV, int k, Tensor mask) {
        return GradCheck.options().names("Q", "K", "V", "wK", "wV").check(
                x -> Shaw.forward(x[0], x[1], x[2], x[3], x[4], k, mask).out(),
                (dO, x) -> {
                    Shaw.Grads g = Shaw.backward(dO, Shaw.forward(x[0], x[1], x[2], x[3], x[4], k, mask));
                    return new Tensor[] {g.dQ(), g.dK(), g.dV(), g.dW_K(), g.dW_V()};
                }, Q, K, V, wK, wV);
    }

    /** T5: inputs Q, K, V and the bias table {@code [numBuckets, H]}. */
    public static GradReport t5(Tensor Q, Tensor K, Tensor V, Tensor table, boolean bidirectional, int maxDistance) {
        return GradCheck.options().names("Q", "K", "V", "table").check(
                x -> T5Bias.forward(x[0], x[1], x[2], x[3], bidirectional, maxDistance).out(),
                (dO, x) -> {
                    T5Bias.Grads g = T5Bias.backward(dO, T5Bias.forward(x[0], x[1], x[2], x[3], bidirectional, maxDistance));
                    return new Tensor[] {g.dQ(), g.dK(), g.dV(), g.dTable()};
                }, Q, K, V, table);
    }

    /** ALiBi: inputs Q, K, V (the bias has no parameters). */
    public static GradReport alibi(Tensor Q, Tensor K, Tensor V) {
        return GradCheck.options().names("Q", "K", "V").check(
                x -> Alibi.forward(x[0], x[1], x[2]).out(),
                (dO, x) -> {
                    Attention.Grads g = Alibi.backward(dO, Alibi.forward(x[0], x[1], x[2]));
                    return new Tensor[] {g.dQ(), g.dK(), g.dV()};
                }, Q, K, V);
    }

    /** RoPE attention: inputs Q, K, V; the mask (may be null) is a constant. */
    public static GradReport rope(Tensor Q, Tensor K, Tensor V, Tensor mask, Rope.Layout layout) {
        return GradCheck.options().names("Q", "K", "V").check(
                x -> Rope.attention(x[0], x[1], x[2], mask, layout).out(),
                (dO, x) -> Rope.attentionBackward(dO, Rope.attention(x[0], x[1], x[2], mask, layout)), Q, K, V);
    }
}
