package attnlab.train;

import attnlab.grad.GradCheck;
import attnlab.grad.GradReport;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

/**
 * Checks the whole-model backward of an {@link AttentionModel} (embedding, PE, MHA, residual, unembedding,
 * cross-entropy) against central differences of the loss, with {@link GradCheck} (numerics §5, §6):
 * <pre>
 *   f(E, W_q, W_k, W_v, W_o, W_U) = CrossEntropy(model.forward(tokens), targets)     a [1, 1] tensor
 *   analytical gradient            = model.backward(CrossEntropy.backward(...)) · dOut
 * </pre>
 * The model's live parameters are the checker's inputs, so each perturbation goes straight into the model and is
 * restored afterwards. Use it on a tiny instance: it runs two forward passes per parameter entry.
 */
public final class ModelGradCheck {
    private ModelGradCheck() {}

    /** Checks {@code model} on one batch with the default tolerances (eps 1e-6, atol 1e-5, rtol 1e-3). */
    public static GradReport check(AttentionModel model, Task.Batch batch) {
        Checks.notNull(model, "model");
        Checks.notNull(batch, "batch");
        int[][] tokens = batch.tokens(), targets = batch.targets();
        return GradCheck.options().names(AttentionModel.parameterNames().toArray(new String[0]))
                .check(p -> Tensor.of(new double[][] {{loss(model, tokens, targets, null)}}),
                        (dOut, p) -> {
                            Tensor[] g = gradients(model, tokens, targets);
                            for (int k = 0; k < g.length; k++) g[k] = g[k].times(dOut.get(0, 0));
                            return g;
                        },
                        model.parameters());
    }

    /** The mean cross-entropy of the model on one batch; fills {@code P} (the softmax) when it is not null. */
    static double loss(AttentionModel model, int[][] tokens, int[][] targets, Tensor P) {
        Tensor logits = model.forward(tokens);
        return CrossEntropy.forward(logits, targets, P == null ? Tensor.zeros(logits.shape()) : P).loss();
    }

    /** Analytical gradients of the mean cross-entropy on one batch (copies), in parameter order. */
    public static Tensor[] gradients(AttentionModel model, int[][] tokens, int[][] targets) {
        Tensor logits = model.forward(tokens);
        Tensor P = Tensor.zeros(logits.shape()), dLogits = Tensor.zeros(logits.shape());
        CrossEntropy.Result r = CrossEntropy.forward(logits, targets, P);
        CrossEntropy.backward(P, targets, r.count(), dLogits);
        Tensor[] g = model.backward(dLogits);
        for (int k = 0; k < g.length; k++) g[k] = g[k].copy();
        return g;
    }
}
