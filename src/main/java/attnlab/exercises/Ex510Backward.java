package attnlab.exercises;

import attnlab.attention.Attention;
import attnlab.tensor.Tensor;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static attnlab.exercises.Mutants.*;

/**
 * Exercise 5.10: the backward pass of {@code O = softmax(s·Q Kᵀ) V}, s = 1/sqrt(d_k) (numerics §5):
 * <pre>
 *   dV = Pᵀ dO,  dP = dO Vᵀ,  D_i = Σ_j dP_ij P_ij,  dS = P ∘ (dP − D 1ᵀ),  dQ = s dS K,  dK = s dSᵀ Q
 * </pre>
 * checked against {@link Attention#backward} on a random case, a batch, Lq != Lk with d_v != d_k, one token (where
 * dQ = dK = 0) and peaked weights. The report says which of dQ, dK, dV are wrong, which locates the bug.
 */
public final class Ex510Backward {
    private Ex510Backward() {}

    /** One input: Q, K, V and the upstream gradient dO {@code [B, Lq, d_v]}. */
    record In(Tensor Q, Tensor K, Tensor V, Tensor dO) {}

    static final String TITLE = "5.10 attention backward";
    static final String HOW_TO = Checker.howTo("ex5_10");
    private static final String[] OUTPUTS = {"dQ", "dK", "dV"};

    /** Arrays: {@code check510((q, k, v, dO) -> myAttentionBackward(q, k, v, dO))}, returning {dQ, dK, dV}. */
    public static Report check(Signatures.BackwardArrays f) {
        return report("check510", in -> {
            double[][][][] g = Convert.count(f.apply(Convert.arrays(in.Q()), Convert.arrays(in.K()),
                    Convert.arrays(in.V()), Convert.arrays(in.dO())), 3, "dQ, dK, dV");
            return new Tensor[] {Convert.fromArrays(g[0], "dQ"), Convert.fromArrays(g[1], "dK"),
                    Convert.fromArrays(g[2], "dV")};
        });
    }

    /** Tensors, returning {dQ, dK, dV}. */
    public static Report checkTensor(Signatures.BackwardTensors f) {
        return report("check510Tensor", in -> Convert.count(f.apply(in.Q().copy(), in.K().copy(), in.V().copy(),
                in.dO().copy()), 3,
                "dQ, dK, dV"));
    }

    /** EJML matrices, one sequence per call, returning {dQ, dK, dV}. */
    public static Report checkEjml(Signatures.BackwardMatrices f) {
        return report("check510Ejml", in -> {
            Tensor[] out = new Tensor[3];
            for (int k = 0; k < 3; k++) {
                int which = k;
                out[k] = Convert.perSequence(a -> Convert.count(f.apply(a[0], a[1], a[2], a[3]), 3, "dQ, dK, dV")[which],
                        OUTPUTS[k], in.Q(), in.K(), in.V(), in.dO());
            }
            return out;
        });
    }

    static Report report(String check, Function<In, Tensor[]> student) {
        return new Report(check, List.of(Checker.run(spec(), student)));
    }

    static Checker.Spec<In> spec() {
        return new Checker.Spec<>(TITLE, HOW_TO, OUTPUTS, cases(), Ex510Backward::reference, mistakes());
    }

    static Tensor[] reference(In in) {
        Attention.Grads g = Attention.backward(in.dO(), Attention.forward(in.Q(), in.K(), in.V(), null, Double.NaN));
        return new Tensor[] {g.dQ(), g.dK(), g.dV()};
    }

    static List<Checker.Case<In>> cases() {
        Random r = new Random(510);
        return List.of(
                of(r, "random", 1, 3, 3, 4, 4, 1, null),
                of(r, "batch of 2", 2, 4, 4, 6, 6, 1, null),
                of(r, "Lq != Lk, d_v != d_k", 1, 3, 5, 4, 2, 1, "here Lq = 3, Lk = 5, d_k = 4, d_v = 2: dV is [Lk, d_v] "
                        + "= P^T dO, dK is [Lk, d_k] = scale * dS^T Q"),
                of(r, "one token", 1, 1, 1, 3, 2, 1, "with a single key P = 1 whatever the scores, so dQ and dK are "
                        + "exactly 0 and dV = dO"),
                of(r, "peaked weights", 1, 4, 4, 4, 4, 3, null));
    }

    private static Checker.Case<In> of(Random r, String name, int b, int lq, int lk, int dk, int dv, double size,
                                       String edgeHint) {
        In in = new In(Tensor.randn(r, b, lq, dk).times(size), Tensor.randn(r, b, lk, dk).times(size),
                Tensor.randn(r, b, lk, dv), Tensor.randn(r, b, lq, dv));
        return new Checker.Case<>(name, Convert.shapes(new String[] {"Q", "K", "V", "dO"}, in.Q(), in.K(), in.V(),
                in.dO()), in, edgeHint);
    }

    // ------------------------------------------------------------------ mutated references

    /** How the softmax backward is done. */
    private enum Softmax { RIGHT, NO_ROWSUM, DIAGONAL, COLUMN_SUM }

    static List<Checker.Mistake<In>> mistakes() {
        return List.of(
                Checker.Mistake.of("dQ and dK miss the softmax's rowsum term: dS = P * (dP - D) with "
                        + "D_i = sum_j dP_ij P_ij (every weight in a row depends on every score of that row)",
                        in -> backward(in, Softmax.NO_ROWSUM, true, false, false)),
                Checker.Mistake.of("you used only the diagonal of the softmax Jacobian, P(1-P): the weights of a row "
                        + "also depend on the other scores, so dS = P * (dP - rowsum(dP * P))",
                        in -> backward(in, Softmax.DIAGONAL, true, false, false)),
                Checker.Mistake.of("the rowsum D_i = sum_j dP_ij P_ij runs over the keys j of query i (along each row)",
                        in -> backward(in, Softmax.COLUMN_SUM, true, false, false)),
                Checker.Mistake.of("dQ and dK miss the scale: S = Q K^T / sqrt(d_k), so dQ = dS K / sqrt(d_k) and "
                        + "dK = dS^T Q / sqrt(d_k)", in -> backward(in, Softmax.RIGHT, false, false, false)),
                Checker.Mistake.of("dQ misses the scale (dK has it): dQ = dS K / sqrt(d_k)",
                        in -> backward(in, Softmax.RIGHT, true, false, false, 1)),
                Checker.Mistake.of("dK misses the scale (dQ has it): dK = dS^T Q / sqrt(d_k)",
                        in -> backward(in, Softmax.RIGHT, true, false, false, 2)),
                Checker.Mistake.of("dV uses P instead of its transpose: O = P V, so dV = P^T dO",
                        in -> backward(in, Softmax.RIGHT, true, true, false)),
                Checker.Mistake.of("dK uses dS instead of its transpose: S = Q K^T, so dK = dS^T Q (times the scale)",
                        in -> backward(in, Softmax.RIGHT, true, false, true)));
    }

    private static Tensor[] backward(In in, Softmax softmax, boolean scaled, boolean dVNoTranspose, boolean dKNoTranspose) {
        return backward(in, softmax, scaled, dVNoTranspose, dKNoTranspose, 0);
    }

    /** @param unscaled 1: dQ without the scale, 2: dK without it, 0: as {@code scaled} says for both */
    private static Tensor[] backward(In in, Softmax softmax, boolean scaled, boolean dVNoTranspose, boolean dKNoTranspose,
                                     int unscaled) {
        double s = invSqrt(in.Q().cols());
        Tensor P = rows(scores(in.Q(), in.K(), s));                       // P = softmax(s Q Kᵀ)
        Tensor dV = dVNoTranspose ? times(P, in.dO()) : timesTransA(P, in.dO()); // dV = Pᵀ dO
        Tensor dP = timesTransB(in.dO(), in.V());                          // dP = dO Vᵀ
        Tensor dS = Tensor.zeros(P.shape());
        for (int b = 0; b < P.batch(); b++) {
            double[] p = P.slice(b).data, g = dP.slice(b).data, ds = dS.slice(b).data;
            int n = P.rows(), m = P.cols();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++) {
                    double D = 0;                                          // D_i = Σ_j dP_ij P_ij
                    if (softmax == Softmax.COLUMN_SUM) for (int k = 0; k < n; k++) D += g[k * m + j] * p[k * m + j];
                    else for (int k = 0; k < m; k++) D += g[i * m + k] * p[i * m + k];
                    double pij = p[i * m + j], gij = g[i * m + j];
                    ds[i * m + j] = switch (softmax) {                    // dS = P ∘ (dP − D)
                        case NO_ROWSUM -> pij * gij;
                        case DIAGONAL -> pij * (1 - pij) * gij;
                        default -> pij * (gij - D);
                    };
                }
        }
        double f = scaled ? s : 1;
        Tensor dQ = times(dS, in.K()).times(unscaled == 1 ? 1 : f);        // dQ = s dS K
        Tensor dK = (dKNoTranspose ? times(dS, in.Q()) : timesTransA(dS, in.Q())).times(unscaled == 2 ? 1 : f); // dK = s dSᵀ Q
        return new Tensor[] {dQ, dK, dV};
    }
}
