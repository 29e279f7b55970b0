package attnlab.model;

import attnlab.attention.kernel.AttentionKernel;
import attnlab.attention.kernel.PackedWeights;
import attnlab.tensor.Tensor;

/**
 * The unembedding {@code W_U [D, V]}, packed once at load for the kernel's {@code x·W} ({@link PackedWeights}, built
 * straight from the file's {@code [V, D]} rows: no transposed copy, no per-forward packing; one product writes the
 * logits in place). A tied model (GPT-2, SmolLM) keeps no other copy of its embedding: {@link #embed} reads token
 * t's row of {@code W_E = W_Uᵀ} as column t here.
 */
final class Unembedding {
    private final PackedWeights w;

    /** {@code W_U [D, V]} packed (a loader fills it from the file's {@code [V, D]} rows, {@link PackedLoad}). */
    Unembedding(PackedWeights w) {
        this.w = w;
    }

    /** Row {@code id} of {@code W_E = W_Uᵀ} into {@code out[off .. off + D)}. */
    void embed(int id, double[] out, int off) {
        w.column(id, out, off);
    }

    /** {@code logits [L, V] = x [L, D] · W_U}. */
    Tensor logits(Tensor x) {
        Tensor out = Tensor.zeros(x.rows(), w.cols());
        AttentionKernel.get().timesPacked(x, w, out);
        return out;
    }

    long parameters() {
        return w.size();
    }
}
