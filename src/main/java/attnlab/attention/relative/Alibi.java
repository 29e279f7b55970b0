package attnlab.attention.relative;

import attnlab.attention.Attention;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

/**
 * ALiBi, attention with linear biases (Press, Smith and Lewis 2022, arXiv 2108.12409; numerics §8.4), as
 * ofirpress/attention_with_linear_biases. No position embeddings; each head h adds a fixed linear penalty:
 * <pre>
 *   S_ij = q_i·k_j/√d − m_h·(i' − j)   for j ≤ i',  −inf for j &gt; i'      i' = i + Lk − Lq (bottom-right causal)
 *   slopes, n a power of 2:  m_h = s^(h+1),  s = 2^(−2^(−(log2 n − 3))) = 2^(−8/n)
 *   otherwise, c = 2^⌊log2 n⌋:  slopes(c) followed by every other slope of slopes(2c), the first n − c of them
 * </pre>
 * The reference repository adds {@code m_h·j} instead of {@code −m_h·(i−j)}; the two differ by a constant per row,
 * so the causal softmax is the same. The bias has no parameters, so backward gives dQ, dK, dV only.
 */
public final class Alibi {
    private Alibi() {}

    /** The n head slopes, n ≥ 1 (e.g. n = 8 gives 1/2 … 1/256). */
    public static double[] slopes(int n) {
        Checks.positive(n, "nHeads");
        int c = Integer.highestOneBit(n);
        double[] s = new double[n], pow = powerOfTwo(c);
        System.arraycopy(pow, 0, s, 0, c);
        if (c < n) {
            double[] twice = powerOfTwo(2 * c);
            for (int i = 0; i < n - c; i++) s[c + i] = twice[2 * i];
        }
        return s;
    }

    private static double[] powerOfTwo(int n) {
        double start = StrictMath.pow(2, -StrictMath.pow(2, -(Integer.numberOfTrailingZeros(n) - 3)));
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = start * StrictMath.pow(start, i); // fairseq: start * ratio**i
        return s;
    }

    /** {@code [H, L, L]}: the bias added to the scores, {@code −m_h·(i − j)} on and below the diagonal, −inf above. */
    public static Tensor biasMatrix(int nHeads, int L) {
        return biasMatrix(nHeads, L, L);
    }

    /** {@code [H, Lq, Lk]}: {@code −m_h·(i' − j)} for {@code j ≤ i' = i + Lk − Lq}, −inf above. */
    public static Tensor biasMatrix(int nHeads, int lq, int lk) {
        Checks.nonNegative(lq, "Lq");
        Checks.nonNegative(lk, "Lk");
        double[] m = slopes(nHeads);
        Tensor t = Tensor.zeros(nHeads, lq, lk);
        for (int h = 0; h < nHeads; h++)
            for (int i = 0; i < lq; i++)
                for (int j = 0; j < lk; j++) {
                    int dist = i + lk - lq - j;
                    t.slice(h).data[i * lk + j] = dist < 0 ? Double.NEGATIVE_INFINITY : -m[h] * dist;
                }
        return t;
    }

    /**
     * {@code softmax(Q Kᵀ/√d + ALiBi) V} with the weights. Q {@code [.., H, Lq, d]} (rank 2 means one head),
     * K {@code [.., H, Lk, d]}, V {@code [.., H, Lk, d_v]}.
     */
    public static Attention.Result forward(Tensor Q, Tensor K, Tensor V) {
        BiasedAttention.check(Q, K, V, null);
        int H = Q.rank() == 2 ? 1 : Q.dim(-3), lq = Q.rows(), lk = K.rows();
        Tensor perHead = biasMatrix(H, lq, lk);
        int[] shape = Q.shape();
        shape[shape.length - 1] = lk;
        Tensor bias = Tensor.zeros(shape);
        for (int b = 0; b < bias.batch(); b++) bias.slice(b).setTo(perHead.slice(b % H)); // head b mod H
        return BiasedAttention.forward(Q, K, V, bias, Double.NaN);                         // S = QKᵀ/√d + bias
    }

    /** Backward of {@link #forward}: the bias is constant, so this is attention's backward. */
    public static Attention.Grads backward(Tensor dO, Attention.Result r) {
        return Attention.backward(dO, r);
    }
}
