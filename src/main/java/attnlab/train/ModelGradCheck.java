package attnlab.train;

import attnlab.grad.GradCheck;
import attnlab.grad.GradReport;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.util.List;
import java.util.function.Function;

/**
 * Checks the whole-model backward of the lab's models against central differences of the loss, with
 * {@link GradCheck} (numerics §5, §6):
 * <pre>
 *   f(θ)                 = CrossEntropy(model.forward(tokens), targets)     a [1, 1] tensor
 *   analytical gradient  = model.backward(CrossEntropy.backward(...)) · dOut
 * </pre>
 * For exercise 5.9's {@link AttentionModel} θ is E, W_q, W_k, W_v, W_o, W_U (embedding, PE, MHA, residual,
 * unembedding); for the N-layer {@link AttentionOnly} it is E, P, every layer's W_q, W_k, W_v, W_o, and W_U. The
 * model's live parameters are the checker's inputs, so each perturbation goes straight into the model and is
 * restored afterwards. Use it on a tiny instance: it runs two forward passes per parameter entry.
 */
public final class ModelGradCheck {
    private ModelGradCheck() {}

    /** Checks {@code model} on one batch with the default tolerances (eps 1e-6, atol 1e-5, rtol 1e-3). */
    public static GradReport check(AttentionModel model, Task.Batch batch) {
        Checks.notNull(model, "model");
        Checks.notNull(batch, "batch");
        return check(AttentionModel.parameterNames(), model.parameters(), model::forward, model::backward,
                batch.tokens(), batch.targets());
    }

    /** Checks every parameter of the N-layer {@code model} on one batch, default tolerances. */
    public static GradReport check(AttentionOnly model, InductionTask.Batch batch) {
        Checks.notNull(model, "model");
        Checks.notNull(batch, "batch");
        return check(model.parameterNames(), model.parameters(), model::forward, model::backward, batch.tokens(),
                batch.targets());
    }

    private static GradReport check(List<String> names, Tensor[] parameters, Function<int[][], Tensor> forward,
                                    Function<Tensor, Tensor[]> backward, int[][] tokens, int[][] targets) {
        return GradCheck.options().names(names.toArray(new String[0]))
                .check(p -> Tensor.of(new double[][] {{loss(forward.apply(tokens), targets)}}),
                        (dOut, p) -> {
                            Tensor[] g = gradients(forward, backward, tokens, targets);
                            for (int k = 0; k < g.length; k++) g[k] = g[k].times(dOut.get(0, 0));
                            return g;
                        },
                        parameters);
    }

    /** The mean cross-entropy of the model on one batch; fills {@code P} (the softmax) when it is not null. */
    static double loss(AttentionModel model, int[][] tokens, int[][] targets, Tensor P) {
        Tensor logits = model.forward(tokens);
        return CrossEntropy.forward(logits, targets, P == null ? Tensor.zeros(logits.shape()) : P).loss();
    }

    private static double loss(Tensor logits, int[][] targets) {
        return CrossEntropy.forward(logits, targets, Tensor.zeros(logits.shape())).loss();
    }

    /** Analytical gradients of the mean cross-entropy on one batch (copies), in parameter order. */
    public static Tensor[] gradients(AttentionModel model, int[][] tokens, int[][] targets) {
        return gradients(model::forward, model::backward, tokens, targets);
    }

    /** Analytical gradients of the mean cross-entropy on one batch (copies), in parameter order. */
    public static Tensor[] gradients(AttentionOnly model, int[][] tokens, int[][] targets) {
        return gradients(model::forward, model::backward, tokens, targets);
    }

    private static Tensor[] gradients(Function<int[][], Tensor> forward, Function<Tensor, Tensor[]> backward,
                                      int[][] tokens, int[][] targets) {
        Tensor logits = forward.apply(tokens);
        Tensor P = Tensor.zeros(logits.shape()), dLogits = Tensor.zeros(logits.shape());
        CrossEntropy.Result r = CrossEntropy.forward(logits, targets, P);
        CrossEntropy.backward(P, targets, r.count(), dLogits);
        Tensor[] g = backward.apply(dLogits);
        for (int k = 0; k < g.length; k++) g[k] = g[k].copy();
        return g;
    }
}
