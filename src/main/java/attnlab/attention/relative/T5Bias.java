package attnlab.attention.relative;

import attnlab.attention.Attention;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

/**
 * T5's bucketed relative position bias (Raffel et al. 2020; numerics §8.3), as HF transformers
 * {@code T5Attention._relative_position_bucket} (from Mesh TensorFlow). With {@code rel = j − i'} (key − query,
 * {@code i' = i + Lk − Lq}, bottom-right) and nb buckets:
 * <pre>
 *   bidirectional: nb ← nb/2,  base = (rel &gt; 0) · nb,  n = |rel|
 *   causal:                    base = 0,                n = max(−rel, 0)      (every future key is bucket 0)
 *   maxExact = nb/2
 *   bucket = base + n                                                        if n &lt; maxExact
 *          = base + min(nb−1, maxExact + ⌊log(n/maxExact) / log(maxDistance/maxExact) · (nb − maxExact)⌋)  else
 *   S_ij = q_i·k_j + table[bucket(i,j)][h]          (no 1/√d: T5 folds it into its initialisation)
 * </pre>
 * The logarithm is evaluated in float32, as in the PyTorch reference, so a distance on a bucket boundary follows its
 * rounding (numerics §8.3 notes the golden buckets were computed that way).
 * Shapes: table {@code [numBuckets, H]} (an {@code Embedding(numBuckets, nHeads)}), Q {@code [.., H, Lq, d]}.
 */
public final class T5Bias {
    private T5Bias() {}

    public static final int NUM_BUCKETS = 32, MAX_DISTANCE = 128;

    /** Forward result of {@link #forward}, kept for {@link #backward}. */
    public record Result(Tensor out, Tensor weights, Attention.Result att, Tensor buckets, int heads, int numBuckets) {
        @Override
        public String toString() {
            return "out = " + out + "\nweights = " + weights;
        }
    }

    /** Gradients of {@code sum(O ⊙ dO)}; {@code dTable} is {@code [numBuckets, H]}. */
    public record Grads(Tensor dQ, Tensor dK, Tensor dV, Tensor dTable) {}

    /** The bucket of {@code rel = j − i} with 32 buckets and max distance 128. */
    public static int bucket(int rel, boolean bidirectional) {
        return bucket(rel, bidirectional, NUM_BUCKETS, MAX_DISTANCE);
    }

    /** The bucket of {@code rel = j − i} (formula above). */
    public static int bucket(int rel, boolean bidirectional, int numBuckets, int maxDistance) {
        int nb = numBuckets, base = 0;
        long n; // long: |Integer.MIN_VALUE| does not fit an int
        if (bidirectional) {
            nb /= 2;
            base = rel > 0 ? nb : 0;
            n = Math.abs((long) rel);
        } else {
            n = Math.max(-(long) rel, 0);
        }
        int maxExact = nb / 2;
        if (n < maxExact) return base + (int) n;
        float ratio = (float) StrictMath.log((float) n / maxExact);
        float large = ratio / (float) StrictMath.log((double) maxDistance / maxExact) * (nb - maxExact);
        return base + Math.min(nb - 1, maxExact + (int) large);
    }

    /** {@code [L, L]} bucket ids (32 buckets, max distance 128), e.g. for a heatmap. */
    public static Tensor bucketMatrix(int L, boolean bidirectional) {
        return bucketMatrix(L, L, bidirectional, NUM_BUCKETS, MAX_DISTANCE);
    }

    /** {@code [Lq, Lk]} bucket ids with {@code rel = j − (i + Lk − Lq)}. */
    public static Tensor bucketMatrix(int lq, int lk, boolean bidirectional, int numBuckets, int maxDistance) {
        Checks.nonNegative(lq, "Lq");
        Checks.nonNegative(lk, "Lk");
        if (numBuckets < (bidirectional ? 4 : 2))
            throw new IllegalArgumentException("numBuckets must be >= " + (bidirectional ? 4 : 2) + " but was " + numBuckets);
        Checks.positive(maxDistance, "maxDistance");
        Tensor t = Tensor.zeros(lq, lk);
        for (int i = 0; i < lq; i++)
            for (int j = 0; j < lk; j++) t.matrix().set(i, j, bucket(j - (i + lk - lq), bidirectional, numBuckets, maxDistance));
        return t;
    }

    /** The bias {@code [H, Lq, Lk]}: {@code table[bucket(i,j)][h]}, table {@code [numBuckets, H]}. */
    public static Tensor bias(Tensor table, int lq, int lk, boolean bidirectional, int maxDistance) {
        Checks.notNull(table, "table");
        if (table.rank() != 2) throw new IllegalArgumentException("table must be [numBuckets, H] but has shape " + Checks.str(table.shape()));
        Tensor buckets = bucketMatrix(lq, lk, bidirectional, table.rows(), maxDistance);
        int H = table.cols();
        Tensor out = Tensor.zeros(H, lq, lk);
        for (int h = 0; h < H; h++)
            for (int f = 0; f < lq * lk; f++) out.slice(h).data[f] = table.get((int) buckets.matrix().data[f], h);
        return out;
    }

    /**
     * Attention with the T5 bias: {@code softmax(Q Kᵀ + bias (+ causal −inf when not bidirectional)) V}, scale 1.
     * Q {@code [.., H, Lq, d]} (rank 2 means one head), K {@code [.., H, Lk, d]}, V {@code [.., H, Lk, d_v]}.
     */
    public static Result forward(Tensor Q, Tensor K, Tensor V, Tensor table, boolean bidirectional, int maxDistance) {
        BiasedAttention.check(Q, K, V, null);
        Checks.notNull(table, "table");
        int H = Q.rank() == 2 ? 1 : Q.dim(-3), lq = Q.rows(), lk = K.rows();
        if (table.rank() != 2 || table.cols() != H)
            throw new IllegalArgumentException("table has shape " + Checks.str(table.shape()) + " but must be [numBuckets, "
                    + H + "] (Q has " + H + " head(s))");
        Tensor buckets = bucketMatrix(lq, lk, bidirectional, table.rows(), maxDistance);
        Tensor perHead = bias(table, lq, lk, bidirectional, maxDistance);
        int[] shape = Q.shape();
        shape[shape.length - 1] = lk;
        Tensor bias = Tensor.zeros(shape);
        for (int b = 0; b < bias.batch(); b++) {                                    // S = QKᵀ + table[bucket][h]
            double[] x = bias.slice(b).data, src = perHead.slice(b % H).data;
            for (int i = 0; i < lq; i++)
                for (int j = 0; j < lk; j++)
                    x[i * lk + j] = !bidirectional && j > i + lk - lq ? Double.NEGATIVE_INFINITY : src[i * lk + j];
        }
        Attention.Result att = BiasedAttention.forward(Q, K, V, bias, 1.0);          // P = softmax(S), O = P V
        return new Result(att.out(), att.weights(), att, buckets, H, table.rows());
    }

    /** Backward of {@link #forward}. */
    public static Grads backward(Tensor dO, Result r) {
        Checks.notNull(r, "result");
        Checks.notNull(dO, "dO");
        if (!java.util.Arrays.equals(dO.shape(), r.out().shape()))
            throw new IllegalArgumentException("dO has shape " + Checks.str(dO.shape()) + " but the output has shape "
                    + Checks.str(r.out().shape()));
        BiasedAttention.Grads g = BiasedAttention.backward(dO, null, r.att());     // P = softmax(QKᵀ + bias)
        Tensor dTable = Tensor.zeros(r.numBuckets(), r.heads());
        double[] bk = r.buckets().matrix().data;
        for (int b = 0; b < g.dBias().batch(); b++) {                               // bias = table[bucket][h]:
            double[] ds = g.dBias().slice(b).data;                                  //   dTable[bucket][h] += dS
            for (int f = 0; f < bk.length; f++) dTable.matrix().data[(int) bk[f] * r.heads() + b % r.heads()] += ds[f];
        }
        return new Grads(g.dQ(), g.dK(), g.dV(), dTable);
    }
}
