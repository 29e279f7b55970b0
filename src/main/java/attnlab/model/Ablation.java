package attnlab.model;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

/**
 * Switching one head off: a {@link Hook} on {@code blocks.L.attn.hook_z} ({@code [L, H, dh]}, the head's output
 * before W_O) that replaces head h's rows.
 * <pre>
 *   ZERO   z[i, h, :] = 0                           the head contributes nothing (nor its share of b_O: none)
 *   MEAN   z[i, h, :] = mean over positions of z[:, h, :]   the head's average output, position information gone
 * </pre>
 * {@code m.run(text, ablateHead(5, 1))}; the rest of the pass is untouched.
 */
public final class Ablation {
    private Ablation() {}

    public enum Kind { ZERO, MEAN }

    public static Hook head(int layer, int head, Kind kind) {
        Checks.nonNegative(layer, "layer");
        Checks.nonNegative(head, "head");
        Checks.notNull(kind, "kind");
        return new Hook("blocks." + layer + ".attn.hook_z", (z, ctx) -> {
            int L = z.batch(), H = z.rows(), dh = z.cols();
            if (head >= H)
                throw new IllegalArgumentException("head must be < " + H + " (the model's heads) but was " + head);
            double[] mean = new double[dh];
            if (kind == Kind.MEAN)
                for (int i = 0; i < L; i++)
                    for (int c = 0; c < dh; c++) mean[c] += z.slice(i).data[head * dh + c] / L;
            Tensor out = z.copy();
            for (int i = 0; i < L; i++) System.arraycopy(mean, 0, out.slice(i).data, head * dh, dh);
            return out;
        });
    }
}
