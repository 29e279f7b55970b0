package attnlab.train;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import attnlab.tensor.TensorFormat;

/**
 * Adam (Kingma and Ba 2015; PyTorch {@code torch.optim.Adam} without weight decay), updating parameters in place.
 * For each entry, at step {@code t = 1, 2, ...} with gradient {@code g}:
 * <pre>
 *   m = β1·m + (1 − β1)·g            v = β2·v + (1 − β2)·g²
 *   m̂ = m / (1 − β1^t)               v̂ = v / (1 − β2^t)
 *   θ = θ − lr · m̂ / (√v̂ + ε)
 * </pre>
 * Defaults β1 = 0.9, β2 = 0.999, ε = 1e-8 (numerics §9).
 */
public final class Adam {
    private final double beta1, beta2, eps;
    private double lr;
    private final Tensor[] params;
    private final double[][] m, v;
    private int t;

    /** Adam with lr and the default β1 0.9, β2 0.999, ε 1e-8 over the given live parameters. */
    public Adam(double lr, Tensor... params) {
        this(lr, 0.9, 0.999, 1e-8, params);
    }

    /** @param params the live parameter tensors, updated in place by {@link #step}. */
    public Adam(double lr, double beta1, double beta2, double eps, Tensor... params) {
        if (!(lr > 0) || Double.isInfinite(lr))
            throw new IllegalArgumentException("lr must be > 0 but was " + TensorFormat.number(lr));
        if (!(beta1 >= 0 && beta1 < 1))
            throw new IllegalArgumentException("beta1 must be in [0, 1) but was " + TensorFormat.number(beta1));
        if (!(beta2 >= 0 && beta2 < 1))
            throw new IllegalArgumentException("beta2 must be in [0, 1) but was " + TensorFormat.number(beta2));
        if (!(eps > 0)) throw new IllegalArgumentException("eps must be > 0 but was " + TensorFormat.number(eps));
        Checks.notNull(params, "params");
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.params = params.clone();
        m = new double[params.length][];
        v = new double[params.length][];
        for (int k = 0; k < params.length; k++) {
            Checks.notNull(params[k], "params[" + k + "]");
            m[k] = new double[params[k].size()];
            v[k] = new double[params[k].size()];
        }
    }

    /**
     * One update. {@code grads[k]} must have the shape of {@code params[k]}. Not modified.
     */
    public void step(Tensor... grads) {
        Checks.notNull(grads, "grads");
        if (grads.length != params.length)
            throw new IllegalArgumentException("grads has " + grads.length + " tensors but there are " + params.length
                    + " parameters");
        t++;
        double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t);
        for (int k = 0; k < params.length; k++) {
            Tensor p = params[k], g = grads[k];
            if (!java.util.Arrays.equals(p.shape(), g.shape()))
                throw new IllegalArgumentException("grads[" + k + "] has shape " + Checks.str(g.shape())
                        + " but params[" + k + "] has shape " + Checks.str(p.shape()));
            double[] mk = m[k], vk = v[k];
            int n = p.rows() * p.cols();
            for (int s = 0; s < p.batch(); s++) {
                double[] th = p.slice(s).data, gs = g.slice(s).data;
                for (int i = 0; i < n; i++) {
                    int e = s * n + i;
                    double gi = gs[i];
                    mk[e] = beta1 * mk[e] + (1 - beta1) * gi;
                    vk[e] = beta2 * vk[e] + (1 - beta2) * gi * gi;
                    th[i] -= lr * (mk[e] / c1) / (Math.sqrt(vk[e] / c2) + eps);
                }
            }
        }
    }

    /** Number of steps taken. */
    public int steps() { return t; }

    public double lr() { return lr; }

    /** Sets the learning rate of the next steps (a schedule; the moments m and v are kept). */
    public Adam lr(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr))
            throw new IllegalArgumentException("lr must be > 0 but was " + TensorFormat.number(lr));
        this.lr = lr;
        return this;
    }
}
