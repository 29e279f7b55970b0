package attnlab.grad;

import attnlab.tensor.Tensor;

/**
 * A hand-written backward pass: given the upstream gradient {@code dOut} (same shape as the function's output) and
 * the inputs, returns one gradient per input, each shaped like its input, of the loss
 * <pre>  L = Σ out ⊙ dOut  </pre>
 * i.e. the vector-Jacobian product {@code dOutᵀ J}. Example for attention:
 * {@code (dO, x) -> { Grads g = Attention.backward(dO, Attention.forward(x[0], x[1], x[2], null, Double.NaN));
 * return new Tensor[] {g.dQ(), g.dK(), g.dV()}; }}
 */
@FunctionalInterface
public interface Backward {
    /**
     * @param dOut   gradient of the loss with respect to the output, shaped like the output. Not modified.
     * @param inputs the inputs, in the order given to the checker. Not modified.
     * @return one gradient per input, in the same order and shapes
     */
    Tensor[] apply(Tensor dOut, Tensor... inputs);
}
