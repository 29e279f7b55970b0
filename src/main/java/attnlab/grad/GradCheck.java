package attnlab.grad;

import attnlab.tensor.Checks;
import attnlab.tensor.Interrupts;
import attnlab.tensor.Tensor;
import attnlab.tensor.TensorFormat;
import org.ejml.data.DMatrixRMaj;

import java.util.Arrays;
import java.util.Random;

/**
 * Finite-difference gradient checking, the way {@code torch.autograd.gradcheck} does it (numerics §6).
 *
 * <p>For a function {@code out = f(x_0, x_1, ...)} the checker draws a seeded random probe {@code dOut} shaped like
 * {@code out} and differentiates the scalar loss
 * <pre>
 *   L(x) = Σ out ⊙ dOut                              (a random probe, not all ones, so every term counts)
 *   numerical:  dL/dx_e ≈ (L(x + eps·e) − L(x − eps·e)) / (2·eps)     central difference, entry by entry
 *   analytical: backward.apply(dOut, x)                              the vector-Jacobian product
 *   pass iff    |a − n| <= atol + rtol·|n|  for every entry           (torch.allclose)
 * </pre>
 * Defaults are torch's: {@code eps = 1e-6, atol = 1e-5, rtol = 1e-3}, designed for double precision. Each entry is
 * perturbed in place and restored exactly (also when {@code f} throws), so {@code f} may read its inputs or capture
 * them. Different settings: {@code GradCheck.options().eps(1e-7).names("Q", "K", "V").check(f, backward, Q, K, V)}.
 * Plain EJML matrices: wrap them with {@link #inputs(DMatrixRMaj...)} (no copy).
 */
public final class GradCheck {
    /** torch.autograd.gradcheck defaults. */
    public static final double EPS = 1e-6, ATOL = 1e-5, RTOL = 1e-3;
    /** Default seed of the random probe {@code dOut}. */
    public static final long SEED = 0;

    private GradCheck() {}

    /** Checks {@code backward} against central differences of {@code f} with the default settings. */
    public static GradReport check(TensorFunction f, Backward backward, Tensor... inputs) {
        return options().check(f, backward, inputs);
    }

    /** As {@link #check(TensorFunction, Backward, Tensor...)} with explicit {@code eps}, {@code atol}, {@code rtol}. */
    public static GradReport check(TensorFunction f, Backward backward, double eps, double atol, double rtol,
                                   Tensor... inputs) {
        return options().eps(eps).atol(atol).rtol(rtol).check(f, backward, inputs);
    }

    /**
     * Numerical gradients of {@code L = Σ f(inputs) ⊙ dOut}, one per input (central differences, eps 1e-6).
     *
     * @param dOut shaped like {@code f}'s output. Not modified.
     */
    public static Tensor[] numerical(TensorFunction f, Tensor dOut, Tensor... inputs) {
        return options().numerical(f, dOut, inputs);
    }

    /**
     * Numerical gradients of {@code Σ f(inputs)} (the probe is all ones), for a function with no backward yet; for a
     * scalar-valued {@code f} (a 1×1 output) this is its gradient.
     */
    public static Tensor[] gradient(TensorFunction f, Tensor... inputs) {
        Checks.notNull(f, "f");
        Tensor out = evaluate(f, checkInputs(inputs));
        return numerical(f, Tensor.ones(out.shape()), inputs);
    }

    /** Wraps EJML matrices as rank-2 tensors without copying, so perturbations write through. */
    public static Tensor[] inputs(DMatrixRMaj... matrices) {
        Checks.notNull(matrices, "inputs");
        Tensor[] t = new Tensor[matrices.length];
        for (int k = 0; k < t.length; k++) t[k] = Tensor.of(Checks.notNull(matrices[k], "inputs[" + k + "]"));
        return t;
    }

    /** The default settings, to be changed with the fluent setters of {@link Options}. */
    public static Options options() {
        return new Options(EPS, ATOL, RTOL, SEED, null);
    }

    /** Immutable checker settings; each setter returns a changed copy. */
    public static final class Options {
        private final double eps, atol, rtol;
        private final long seed;
        private final String[] names;

        private Options(double eps, double atol, double rtol, long seed, String[] names) {
            this.eps = eps;
            this.atol = atol;
            this.rtol = rtol;
            this.seed = seed;
            this.names = names;
        }

        /** Finite-difference step, {@code > 0}. */
        public Options eps(double eps) {
            if (!(eps > 0) || Double.isInfinite(eps))
                throw new IllegalArgumentException("eps must be finite and > 0 but was " + TensorFormat.number(eps));
            return new Options(eps, atol, rtol, seed, names);
        }

        /** Absolute tolerance, {@code >= 0}. */
        public Options atol(double atol) {
            if (!(atol >= 0))
                throw new IllegalArgumentException("atol must be >= 0 but was " + TensorFormat.number(atol));
            return new Options(eps, atol, rtol, seed, names);
        }

        /** Relative tolerance, {@code >= 0}. */
        public Options rtol(double rtol) {
            if (!(rtol >= 0))
                throw new IllegalArgumentException("rtol must be >= 0 but was " + TensorFormat.number(rtol));
            return new Options(eps, atol, rtol, seed, names);
        }

        /** Seed of the random probe {@code dOut}. */
        public Options seed(long seed) {
            return new Options(eps, atol, rtol, seed, names);
        }

        /** Names of the inputs for the report, e.g. {@code "Q", "K", "V"}; default {@code input0, input1, ...}. */
        public Options names(String... names) {
            Checks.notNull(names, "names");
            return new Options(eps, atol, rtol, seed, names.clone());
        }

        /** Checks {@code backward} against central differences of {@code f} at {@code inputs}. */
        public GradReport check(TensorFunction f, Backward backward, Tensor... inputs) {
            Checks.notNull(f, "f");
            Checks.notNull(backward, "backward");
            checkInputs(inputs);
            if (names != null && names.length != inputs.length)
                throw new IllegalArgumentException("names has " + names.length + " entries but there are "
                        + inputs.length + " inputs");
            // analytical first: a backward that reads a cache of the last forward sees the unperturbed one
            Tensor out = evaluate(f, inputs);
            Tensor dOut = Tensor.randn(new Random(seed), out.shape());
            Tensor[] analytical = backward.apply(dOut.copy(), inputs);
            if (analytical == null || analytical.length != inputs.length)
                throw new IllegalArgumentException("backward returned " + (analytical == null ? "null" :
                        analytical.length + " gradient(s)") + " but there are " + inputs.length + " input(s)");
            for (int k = 0; k < inputs.length; k++) {
                if (analytical[k] == null) throw new IllegalArgumentException("backward returned null for " + name(k));
                if (!Arrays.equals(analytical[k].shape(), inputs[k].shape()))
                    throw new IllegalArgumentException("backward's gradient for " + name(k) + " has shape "
                            + Checks.str(analytical[k].shape()) + " but " + name(k) + " has shape "
                            + Checks.str(inputs[k].shape()));
                analytical[k] = analytical[k].copy(); // it may be a buffer that the next forward reuses
            }
            Tensor[] numerical = numerical(f, dOut, inputs);
            String[] n = new String[inputs.length];
            for (int k = 0; k < n.length; k++) n[k] = name(k);
            return GradReport.compare(n, inputs, numerical, analytical, eps, atol, rtol);
        }

        /** Numerical gradients of {@code L = Σ f(inputs) ⊙ dOut}, one per input. */
        public Tensor[] numerical(TensorFunction f, Tensor dOut, Tensor... inputs) {
            Checks.notNull(f, "f");
            Checks.notNull(dOut, "dOut");
            checkInputs(inputs);
            Tensor[] grads = new Tensor[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                Tensor x = inputs[k];
                grads[k] = Tensor.zeros(x.shape());
                for (int b = 0; b < x.batch(); b++) {
                    double[] xd = x.slice(b).data, gd = grads[k].slice(b).data;
                    for (int e = 0; e < x.rows() * x.cols(); e++) {
                        Interrupts.poll();
                        double orig = xd[e], plus, minus;
                        try {
                            xd[e] = orig + eps;
                            plus = loss(f, inputs, dOut);
                            xd[e] = orig - eps;
                            minus = loss(f, inputs, dOut);
                        } finally {
                            xd[e] = orig; // restore exactly
                        }
                        gd[e] = (plus - minus) / (2 * eps);
                    }
                }
            }
            return grads;
        }

        private String name(int k) {
            return names != null ? names[k] : "input" + k;
        }

        @Override
        public String toString() {
            return "GradCheck eps " + GradReport.num(eps) + ", atol " + GradReport.num(atol) + ", rtol "
                    + GradReport.num(rtol) + ", seed " + seed;
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Tensor[] checkInputs(Tensor[] inputs) {
        Checks.notNull(inputs, "inputs");
        if (inputs.length == 0) throw new IllegalArgumentException("inputs is empty: give at least one tensor");
        for (int k = 0; k < inputs.length; k++) {
            Checks.notNull(inputs[k], "inputs[" + k + "]");
            for (int j = 0; j < k; j++)
                if (shareData(inputs[j], inputs[k]))
                    throw new IllegalArgumentException("inputs[" + j + "] and inputs[" + k + "] share data: pass a"
                            + " copy (x.copy()) so that each input gets its own gradient");
        }
        return inputs;
    }

    private static boolean shareData(Tensor a, Tensor b) {
        for (int i = 0; i < a.batch(); i++)
            for (int j = 0; j < b.batch(); j++) if (a.slice(i).data == b.slice(j).data) return true;
        return false;
    }

    private static Tensor evaluate(TensorFunction f, Tensor[] inputs) {
        Tensor out = f.apply(inputs);
        if (out == null) throw new IllegalArgumentException("f returned null: it must return a tensor");
        return out;
    }

    private static double loss(TensorFunction f, Tensor[] inputs, Tensor dOut) {
        Tensor out = evaluate(f, inputs);
        if (!Arrays.equals(out.shape(), dOut.shape()))
            throw new IllegalArgumentException("f returned shape " + Checks.str(out.shape()) + " but dOut has shape "
                    + Checks.str(dOut.shape()));
        double s = 0;
        for (int b = 0; b < out.batch(); b++) {
            double[] o = out.slice(b).data, d = dOut.slice(b).data;
            for (int e = 0; e < out.rows() * out.cols(); e++) s += o[e] * d[e];
        }
        return s;
    }

}
