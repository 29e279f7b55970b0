package attnlab.attention;

import attnlab.tensor.Tensor;

/**
 * The compute seam behind {@link Attention}: every attention entry point validates its arguments, allocates the
 * outputs and then calls exactly one kernel. Faster kernels (SIMD, multi-threaded) replace the implementation here
 * without changing any public API; {@link ScalarAttentionKernel} stays as the readable reference they are tested
 * against.
 *
 * <p>Contract for {@link #forward}: arguments are already validated. For every slice b,
 * <pre>
 *   S = scale · Q_b K_bᵀ, then S_ij = −inf where mask_ij = −inf (select, not add), else S_ij += mask_ij
 *   P = softmax_row(S)        (a row with no allowed key: P = 0)
 *   O_b = P V_b               (blocked keys are skipped, so NaN in a blocked V row cannot leak)
 * </pre>
 * Q [n, Lq, dk], K [n, Lk, dk], V [n, Lk, dv], mask null or [Lq, Lk] (one slice, shared) or [n, Lq, Lk];
 * out [n, Lq, dv] and weights [n, Lq, Lk] are overwritten; weights may be null when the caller does not need P.
 */
public interface AttentionKernel {

    void forward(Tensor Q, Tensor K, Tensor V, Tensor mask, double scale, Tensor out, Tensor weights);

    /** A short name for benchmarks and diagnostics. */
    String name();

    /** The kernel in use. */
    static AttentionKernel get() {
        return Holder.current;
    }

    /** Replaces the kernel in use (tests and benchmarks); returns the previous one. */
    static AttentionKernel use(AttentionKernel kernel) {
        AttentionKernel old = Holder.current;
        Holder.current = java.util.Objects.requireNonNull(kernel, "kernel");
        return old;
    }

    final class Holder {
        private Holder() {}

        static volatile AttentionKernel current = Kernels.best();
    }
}
