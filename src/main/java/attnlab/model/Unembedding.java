package attnlab.model;

import attnlab.attention.kernel.AttentionKernel;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * The unembedding {@code W_U [D, V]}, held as column blocks {@code [D, ≤ BLOCK]}. Why blocks: the kernel's
 * {@code x·W} packs W into panels on every call, and a packed copy of GPT-2's whole {@code [768, 50257]} would be a
 * 309 MB temporary; a block's is at most {@link #BLOCK_DOUBLES} doubles. A tied model (GPT-2, SmolLM) keeps no other
 * copy of its embedding: {@link #embed} reads token t's row of {@code W_E = W_Uᵀ} as column t here.
 */
final class Unembedding {
    /** A block's size bound, in doubles (32 MB). */
    static final int BLOCK_DOUBLES = 1 << 22;

    private final int dModel, vocab, width;
    private final Tensor[] blocks;

    private Unembedding(int dModel, int vocab, int width, Tensor[] blocks) {
        this.dModel = dModel;
        this.vocab = vocab;
        this.width = width;
        this.blocks = blocks;
    }

    /** From {@code W [V, D]} as stored (an embedding or {@code lm_head.weight}): transposed block by block. */
    static Unembedding fromRows(DMatrixRMaj w) {
        int V = w.numRows, D = w.numCols;
        int width = Math.max(16, BLOCK_DOUBLES / D / 16 * 16);
        Tensor[] blocks = new Tensor[(V + width - 1) / width];
        // 32 × 32 tiles (a tile's rows and columns stay in cache), the blocks split over the cores
        attnlab.attention.kernel.KernelThreads.forEach(blocks.length, (long) V * D * 4, b -> {
            int v0 = b * width, n = Math.min(width, V - v0);
            DMatrixRMaj t = new DMatrixRMaj(D, n);
            for (int vt = 0; vt < n; vt += 32)
                for (int ct = 0; ct < D; ct += 32)
                    for (int v = vt; v < Math.min(n, vt + 32); v++)
                        for (int c = ct, src = (v0 + v) * D + ct; c < Math.min(D, ct + 32); c++, src++)
                            t.data[c * n + v] = w.data[src];
            blocks[b] = Tensor.of(t);
        });
        return new Unembedding(D, V, width, blocks);
    }

    /** Row {@code id} of {@code W_E = W_Uᵀ} into {@code out[off .. off + D)}. */
    void embed(int id, double[] out, int off) {
        Tensor b = blocks[id / width];
        int n = b.cols(), v = id % width;
        double[] d = b.matrix().data;
        for (int c = 0; c < dModel; c++) out[off + c] = d[c * n + v];
    }

    /** {@code logits [L, V] = x [L, D] · W_U}. */
    Tensor logits(Tensor x) {
        int L = x.rows();
        Tensor out = Tensor.zeros(L, vocab);
        double[] o = out.matrix().data;
        AttentionKernel k = AttentionKernel.get();
        for (int b = 0; b < blocks.length; b++) {
            int n = blocks[b].cols(), v0 = b * width;
            if (blocks.length == 1) {
                k.times(x, blocks[b], out);
                break;
            }
            Tensor part = Tensor.zeros(L, n);
            k.times(x, blocks[b], part);
            double[] p = part.matrix().data;
            for (int i = 0; i < L; i++) System.arraycopy(p, i * n, o, i * vocab + v0, n);
        }
        return out;
    }

    long parameters() {
        return (long) dModel * vocab;
    }
}
