package attnlab.train;

import attnlab.tensor.Tensor;

/**
 * Softmax cross-entropy over the positions that have a target, averaged (PyTorch {@code F.cross_entropy} with
 * {@code ignore_index = -1}, reduction mean). With {@code N} counted positions {@code (b, t)}, target {@code y}:
 * <pre>
 *   forward:  P[b][t] = softmax(logits[b][t])                      (max subtracted: stable)
 *             loss    = −(1/N) Σ_{(b,t) counted} log P[b][t][y]     = (1/N) Σ (logsumexp(logits) − logits[y])
 *   backward: dlogits[b][t] = (P[b][t] − onehot(y)) / N  where counted, 0 elsewhere
 * </pre>
 * Accuracy is the fraction of counted positions whose argmax (the first, on ties) is the target.
 */
public final class CrossEntropy {
    private CrossEntropy() {}

    /** Mean loss, accuracy and the number {@code N} of counted positions. */
    public record Result(double loss, double accuracy, int count) {}

    /**
     * @param logits  {@code [B, L, C]}. Not modified.
     * @param targets {@code [B][L]}, a class in {@code 0..C−1} or {@link Task#NO_TARGET}. Not modified.
     * @param P       {@code [B, L, C]}, overwritten with the softmax (kept for backward)
     */
    public static Result forward(Tensor logits, int[][] targets, Tensor P) {
        int L = logits.rows(), C = logits.cols(), n = 0, correct = 0;
        double sum = 0;
        for (int b = 0; b < logits.batch(); b++) {
            double[] z = logits.slice(b).data, p = P.slice(b).data;
            for (int t = 0; t < L; t++) {
                int o = t * C, best = 0;
                double max = z[o];
                for (int c = 1; c < C; c++) if (z[o + c] > max) { max = z[o + c]; best = c; }
                double s = 0;
                for (int c = 0; c < C; c++) s += p[o + c] = Math.exp(z[o + c] - max);
                for (int c = 0; c < C; c++) p[o + c] /= s;
                int y = targets[b][t];
                if (y == Task.NO_TARGET) continue;
                if (y < 0 || y >= C)
                    throw new IllegalArgumentException("targets[" + b + "][" + t + "] must be in 0.." + (C - 1)
                            + " (classes − 1) or -1 (no target) but was " + y);
                sum += Math.log(s) + max - z[o + y];            // logsumexp − logit of the target
                n++;
                if (best == y) correct++;
            }
        }
        return n == 0 ? new Result(0, 0, 0) : new Result(sum / n, (double) correct / n, n);
    }

    /**
     * @param P       the softmax from {@link #forward}. Not modified.
     * @param targets as given to forward. Not modified.
     * @param count   {@code N} from forward's result
     * @param dLogits {@code [B, L, C]}, overwritten
     */
    public static void backward(Tensor P, int[][] targets, int count, Tensor dLogits) {
        int L = P.rows(), C = P.cols();
        double inv = count == 0 ? 0 : 1.0 / count;
        for (int b = 0; b < P.batch(); b++) {
            double[] p = P.slice(b).data, d = dLogits.slice(b).data;
            for (int t = 0; t < L; t++) {
                int o = t * C, y = targets[b][t];
                if (y == Task.NO_TARGET) {
                    java.util.Arrays.fill(d, o, o + C, 0.0);          // not counted: no gradient
                    continue;
                }
                for (int c = 0; c < C; c++) d[o + c] = p[o + c] * inv; // (P − onehot(y)) / N
                d[o + y] -= inv;
            }
        }
    }
}
