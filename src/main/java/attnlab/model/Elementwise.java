package attnlab.model;

import attnlab.attention.kernel.AttentionKernel;
import attnlab.attention.kernel.KernelThreads;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * The element-wise steps of a block, over {@code [L, n]} row-major arrays, split over the cores by rows when there
 * is enough of it (GPT-2 small's MLP at 1024 tokens: 3 M gelus a block).
 * <pre>
 *   gelu_new(x) = 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))       GPT-2 (NewGELUActivation)
 *               = x / (1 + e^(−2y)),  y = √(2/π) (x + 0.044715 x³)   (0.5 (1 + tanh y) = sigmoid(2y))
 *   silu(g) · u = g / (1 + e^(−g)) · u                              Llama's SwiGLU
 * </pre>
 * Both gates are the kernel's ({@link AttentionKernel#gelu}, {@link AttentionKernel#swiglu}): the SIMD kernel runs
 * them on its lanes through its own exp. gelu is never {@code Math.tanh}, which JDK 17 computes in software: that cost
 * a tenth of GPT-2 small's whole forward at 128 tokens. The two forms agree to a few ulps (the reference tests hold
 * at 1e-12); where 1 + tanh y cancels, the sigmoid form keeps the small result's digits and the tanh form loses them.
 */
final class Elementwise {
    private Elementwise() {}

    /** Rows per work unit. */
    private static final int ROWS = 16;

    /**
     * What {@link #forRows} counts for an element of a pass that mostly moves memory (a sum, a copy, a norm): about
     * 1–2 ns an element into fresh memory on this machine's kind, against some 20 µs to hand work to the other cores,
     * so such a pass splits from about 30 000 elements (SmolLM's 128 × 576).
     */
    static final int MEMORY_PASS = 100;

    /** {@code y = gelu_new(x)}, both {@code [L, n]}: the kernel's {@link AttentionKernel#gelu}, on the SIMD lanes. */
    static void gelu(double[] x, double[] y, int L, int n) {
        AttentionKernel k = AttentionKernel.get();
        forRows(L, n, 40, (i0, i1) -> k.gelu(x, y, i0 * n, i1 * n));
    }

    /** {@code y = silu(g) ∘ u}, all {@code [L, n]}: the kernel's {@link AttentionKernel#swiglu}. */
    static void swiglu(double[] g, double[] u, double[] y, int L, int n) {
        AttentionKernel k = AttentionKernel.get();
        forRows(L, n, 30, (i0, i1) -> k.swiglu(g, u, y, i0 * n, i1 * n));
    }

    /** {@code y[i, c] += b[c]} for every row. */
    static void addRow(double[] y, double[] b, int L) {
        if (b == null) return;
        int n = b.length;
        forRows(L, n, MEMORY_PASS, (i0, i1) -> {
            for (int i = i0, o = i0 * n; i < i1; i++, o += n) for (int c = 0; c < n; c++) y[o + c] += b[c];
        });
    }

    /** {@code a + b}, both {@code [L, n]}: a new tensor (the residual stream after a sublayer). */
    static Tensor sum(Tensor a, Tensor b) {
        double[] x = a.matrix().data, y = b.matrix().data, s = new double[x.length];
        int L = a.rows(), n = a.cols();
        forRows(L, n, MEMORY_PASS, (i0, i1) -> {
            for (int k = i0 * n; k < i1 * n; k++) s[k] = x[k] + y[k];
        });
        return Tensor.of(DMatrixRMaj.wrap(L, n, s));
    }

    interface Rows {
        void run(int i0, int i1);
    }

    /** {@code body} over rows {@code [0, L)} in units of {@link #ROWS}; {@code flopsEach} per element decides on threads. */
    static void forRows(int L, int n, int flopsEach, Rows body) {
        int units = (L + ROWS - 1) / ROWS;
        KernelThreads.forEach(units, (long) L * n * flopsEach, u -> body.run(u * ROWS, Math.min(L, (u + 1) * ROWS)));
    }
}
