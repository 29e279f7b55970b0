package attnlab.grad;

import attnlab.tensor.Tensor;

/**
 * A function of one or more tensors to a tensor, e.g. {@code x -> Attention.attention(x[0], x[1], x[2])}: what
 * {@link GradCheck} differentiates numerically. It must not modify its inputs and must be deterministic.
 */
@FunctionalInterface
public interface TensorFunction {
    /** @param inputs the inputs, in the order given to the checker. Not modified. */
    Tensor apply(Tensor... inputs);
}
