package attnlab.exercises;

import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * The shapes of the functions a student writes for the implementation exercises, one functional interface per
 * exercise and representation, so a REPL method or a lambda can be handed to the checker:
 * <pre>
 *   double[][][] myAttention(double[][][] Q, double[][][] K, double[][][] V) { ... }
 *   check55((q, k, v) -> myAttention(q, k, v))
 * </pre>
 * Three representations, each with its own check method (an implicitly typed lambda cannot pick between overloads):
 * <ul>
 *   <li><b>Arrays</b>: {@code double[B][L][d]}, the sheet's NumPy signatures ({@code check55}).</li>
 *   <li><b>Tensors</b>: {@link Tensor} {@code [B, L, d]} whose slices are EJML matrices ({@code check55Tensor}).</li>
 *   <li><b>Matrices</b>: one sequence as an EJML {@link DMatrixRMaj} {@code [L, d]}; the checker calls the function
 *       once per batch entry ({@code check55Ejml}).</li>
 * </ul>
 * Inputs are fresh copies on every call; the function may modify them.
 */
public final class Signatures {
    private Signatures() {}

    // ------------------------------------------------------------------ 5.5 dot-product attention

    /** 5.5: Q {@code [B][Lq][d_k]}, K {@code [B][Lk][d_k]}, V {@code [B][Lk][d_v]} → {@code [B][Lq][d_v]}. */
    @FunctionalInterface
    public interface AttentionArrays {
        double[][][] apply(double[][][] Q, double[][][] K, double[][][] V);
    }

    /** 5.5 on tensors {@code [B, L, d]}. */
    @FunctionalInterface
    public interface AttentionTensors {
        Tensor apply(Tensor Q, Tensor K, Tensor V);
    }

    /** 5.5 on one sequence: Q {@code [Lq, d_k]}, K {@code [Lk, d_k]}, V {@code [Lk, d_v]} → {@code [Lq, d_v]}. */
    @FunctionalInterface
    public interface AttentionMatrices {
        DMatrixRMaj apply(DMatrixRMaj Q, DMatrixRMaj K, DMatrixRMaj V);
    }

    // ------------------------------------------------------------------ 5.6 causal mask, masked attention

    /** 5.6: {@code [n][n]}, 0 where {@code j <= i}, {@code -inf} elsewhere. */
    @FunctionalInterface
    public interface CausalMaskArrays {
        double[][] apply(int seqLen);
    }

    /** 5.6 mask as a rank-2 tensor. */
    @FunctionalInterface
    public interface CausalMaskTensors {
        Tensor apply(int seqLen);
    }

    /** 5.6 mask as an EJML matrix. */
    @FunctionalInterface
    public interface CausalMaskMatrices {
        DMatrixRMaj apply(int seqLen);
    }

    /** 5.6: attention with an additive mask {@code [Lq][Lk]} shared by the batch. */
    @FunctionalInterface
    public interface MaskedAttentionArrays {
        double[][][] apply(double[][][] Q, double[][][] K, double[][][] V, double[][] mask);
    }

    /** 5.6 on tensors; the mask is {@code [Lq, Lk]}. */
    @FunctionalInterface
    public interface MaskedAttentionTensors {
        Tensor apply(Tensor Q, Tensor K, Tensor V, Tensor mask);
    }

    /** 5.6 on one sequence. */
    @FunctionalInterface
    public interface MaskedAttentionMatrices {
        DMatrixRMaj apply(DMatrixRMaj Q, DMatrixRMaj K, DMatrixRMaj V, DMatrixRMaj mask);
    }

    // ------------------------------------------------------------------ 5.7 multi-head attention

    /**
     * 5.7: the sheet's {@code MultiHeadAttention.forward(x)} as a function of the input and the weights: x
     * {@code [B][L][d_model]}, each W {@code [d_model][d_model]} applied as {@code x W}, head h owning columns
     * {@code h*d_k .. (h+1)*d_k - 1} with {@code d_k = d_model / nHeads}.
     */
    @FunctionalInterface
    public interface MultiHeadArrays {
        double[][][] apply(double[][][] x, double[][] Wq, double[][] Wk, double[][] Wv, double[][] Wo, int nHeads);
    }

    /** 5.7 on tensors: x {@code [B, L, d_model]}, weights {@code [d_model, d_model]}. */
    @FunctionalInterface
    public interface MultiHeadTensors {
        Tensor apply(Tensor x, Tensor Wq, Tensor Wk, Tensor Wv, Tensor Wo, int nHeads);
    }

    /** 5.7 on one sequence x {@code [L, d_model]}. */
    @FunctionalInterface
    public interface MultiHeadMatrices {
        DMatrixRMaj apply(DMatrixRMaj x, DMatrixRMaj Wq, DMatrixRMaj Wk, DMatrixRMaj Wv, DMatrixRMaj Wo, int nHeads);
    }

    // ------------------------------------------------------------------ 5.8 positional encoding

    /** 5.8: {@code [seqLen][dModel]}, {@code PE[pos][2i] = sin(pos/10000^(2i/d))}, {@code PE[pos][2i+1] = cos(..)}. */
    @FunctionalInterface
    public interface PositionalEncodingArrays {
        double[][] apply(int seqLen, int dModel);
    }

    /** 5.8 as a rank-2 tensor. */
    @FunctionalInterface
    public interface PositionalEncodingTensors {
        Tensor apply(int seqLen, int dModel);
    }

    /** 5.8 as an EJML matrix. */
    @FunctionalInterface
    public interface PositionalEncodingMatrices {
        DMatrixRMaj apply(int seqLen, int dModel);
    }

    // ------------------------------------------------------------------ 5.10 attention backward

    /** 5.10: given dO {@code [B][Lq][d_v]}, returns {@code {dQ, dK, dV}}, each shaped like its input. */
    @FunctionalInterface
    public interface BackwardArrays {
        double[][][][] apply(double[][][] Q, double[][][] K, double[][][] V, double[][][] dO);
    }

    /** 5.10 on tensors: returns {@code {dQ, dK, dV}}. */
    @FunctionalInterface
    public interface BackwardTensors {
        Tensor[] apply(Tensor Q, Tensor K, Tensor V, Tensor dO);
    }

    /** 5.10 on one sequence: returns {@code {dQ, dK, dV}}. */
    @FunctionalInterface
    public interface BackwardMatrices {
        DMatrixRMaj[] apply(DMatrixRMaj Q, DMatrixRMaj K, DMatrixRMaj V, DMatrixRMaj dO);
    }

    // ------------------------------------------------------------------ 5.11 relative positions

    /**
     * 5.11: Transformer-XL relative attention, one head, with its global biases u, v {@code [d]} and the projection
     * W_R {@code [d_R][d]} of the embeddings. Keys are memory followed by the segment ({@code mlen = Lk - Lq}); posEmbed
     * {@code [Lk][d_R]} has row r for distance {@code Lk-1-r}; with {@code RW = posEmbed W_R} ({@code [Lk][d]}):
     * {@code S_ij = ((q_i + u).k_j + (q_i + v).RW[Lq-1-i+j]) / sqrt(d)} for {@code j <= i + mlen}, blocked otherwise.
     */
    @FunctionalInterface
    public interface RelativeAttentionArrays {
        double[][][] apply(double[][][] Q, double[][][] K, double[][][] V, double[][] posEmbed, double[] u, double[] v,
                           double[][] W_R);
    }

    /** 5.11 on tensors: u and v are {@code [1, d]}, W_R {@code [d_R, d]}, posEmbed {@code [Lk, d_R]}. */
    @FunctionalInterface
    public interface RelativeAttentionTensors {
        Tensor apply(Tensor Q, Tensor K, Tensor V, Tensor posEmbed, Tensor u, Tensor v, Tensor W_R);
    }

    /** 5.11 on one sequence: u and v are {@code 1 x d} matrices. */
    @FunctionalInterface
    public interface RelativeAttentionMatrices {
        DMatrixRMaj apply(DMatrixRMaj Q, DMatrixRMaj K, DMatrixRMaj V, DMatrixRMaj posEmbed, DMatrixRMaj u, DMatrixRMaj v,
                          DMatrixRMaj W_R);
    }
}
