package attnlab.exercises;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.*;

class Ex511RelativeTest {

    /** The mistakes a student makes in 5.11, each planted by a switch in {@link #relative}. */
    enum Bug {
        NONE(null),
        SWAP_UV("u and v are swapped"),
        NO_U("the global content bias u is missing"),
        U_ON_KEYS("the global content bias u is missing"),        // (k_j + u).q_i: constant per row, as if missing
        NO_V("the global position bias v is missing"),
        V_ON_POSITIONS("the global position bias v is missing"),  // (RW + v).q_i: the same
        NO_U_NO_V("u and v are both missing"),
        SHEET_FORM("it equals the sheet's special case u = v = 0, W_R = I"), // u, v and W_R all ignored
        U_BOTH("u is used in both terms"),
        V_BOTH("v is used in both terms"),
        NO_W_R("posEmbed is used without W_R"),
        W_R_TRANSPOSED("it equals posEmbed W_R^T"),
        NO_POSITION("it equals causal attention without the position term"),
        REVERSED_ROWS("row r of posEmbed is distance Lk-1-r"),
        SCALE_CONTENT_ONLY("only the content term is divided by sqrt(d)"),
        NO_SCALE("the scores are not scaled"),
        SCALE_D_R("the scores are divided by sqrt(d_R)"),
        TOP_LEFT("with memory, query i sits at position i + mlen");

        final String hint;

        Bug(String hint) { this.hint = hint; }
    }

    /** A student's loop version, independent of the toolkit; {@code bug} plants one mistake. */
    static double[][][] relative(double[][][] Q, double[][][] K, double[][][] V, double[][] R, double[] u, double[] v,
                                 double[][] W, Bug bug) {
        int B = Q.length, lq = Q[0].length, lk = K[0].length, d = Q[0][0].length, dR = R[0].length, mlen = lk - lq;
        double[][] RW = new double[lk][d];                                 // RW = R W_R
        for (int r = 0; r < lk; r++)
            for (int c = 0; c < d; c++)
                for (int k = 0; k < dR; k++)
                    RW[r][c] += bug == Bug.NO_W_R || bug == Bug.SHEET_FORM ? (k == c ? R[r][k] : 0) : R[r][k] * (bug == Bug.W_R_TRANSPOSED ? W[c][k] : W[k][c]);
        double[] cu = bug == Bug.SWAP_UV || bug == Bug.V_BOTH ? v : bug == Bug.NO_U || bug == Bug.U_ON_KEYS
                || bug == Bug.NO_U_NO_V || bug == Bug.SHEET_FORM ? new double[d] : u;
        double[] pv = bug == Bug.SWAP_UV || bug == Bug.U_BOTH ? u : bug == Bug.NO_V || bug == Bug.V_ON_POSITIONS
                || bug == Bug.NO_U_NO_V || bug == Bug.SHEET_FORM ? new double[d] : v;
        double scale = bug == Bug.NO_SCALE ? 1 : 1 / Math.sqrt(bug == Bug.SCALE_D_R ? dR : d);
        double[][][] out = new double[B][lq][V[0][0].length];
        for (int b = 0; b < B; b++) {
            double[][] s = new double[lq][lk];
            for (int i = 0; i < lq; i++)
                for (int j = 0; j < lk; j++) {
                    if (j > i + (bug == Bug.TOP_LEFT ? 0 : mlen)) {
                        s[i][j] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    int row = bug == Bug.REVERSED_ROWS ? i + mlen - j : lq - 1 - i + j;
                    double ac = 0, bd = 0;
                    for (int c = 0; c < d; c++) {
                        ac += (Q[b][i][c] + cu[c]) * (K[b][j][c] + (bug == Bug.U_ON_KEYS ? u[c] : 0));
                        bd += (Q[b][i][c] + pv[c]) * (RW[row][c] + (bug == Bug.V_ON_POSITIONS ? v[c] : 0));
                    }
                    if (bug == Bug.NO_POSITION) bd = 0;
                    s[i][j] = bug == Bug.SCALE_CONTENT_ONLY ? ac * scale + bd : (ac + bd) * scale;
                }
            double[][] p = Student.softmaxRows(s, Student.Bug.NONE);
            for (int i = 0; i < lq; i++)
                for (int j = 0; j < lk; j++)
                    for (int c = 0; c < V[0][0].length; c++) out[b][i][c] += p[i][j] * V[b][j][c];
        }
        return out;
    }

    static Report check(Bug bug) {
        return Ex511Relative.check((Q, K, V, R, u, v, W) -> relative(Q, K, V, R, u, v, W, bug));
    }

    @Test
    void correctImplementationPasses() {
        Report r = check(Bug.NONE);
        assertTrue(r.passed(), r::toString);
        assertTrue(r.toString().startsWith("5.11 relative attention: all 6 cases pass"), r::toString);
    }

    @ParameterizedTest
    @EnumSource(value = Bug.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void everyMistakeIsCaughtAndNamed(Bug bug) {
        Report r = check(bug);
        assertFalse(r.passed(), r::toString);
        assertNotNull(r.hint(), r::toString);
        assertTrue(r.hint().startsWith(bug.hint), r::toString);
    }

    @Test
    void swappingUAndVPassesTheSheetsSpecialCaseButNotTheLearnedOnes() {
        Report r = check(Bug.SWAP_UV);
        String text = r.toString();
        assertTrue(text.contains("PASS  u = v = 0, W_R = I"), text);
        assertTrue(text.contains("FAIL  4 tokens, sinusoidal"), text);
        assertTrue(text.contains("FAIL  batch of 2, d_R = 8"), text);
        assertTrue(r.hint().startsWith("u and v are swapped: u, the global content bias, goes with the keys"), text);
    }

    @Test
    void casesHaveNonZeroDifferentBiasesAndANonSymmetricNonIdentityProjection() {
        long learned = Ex511Relative.cases().stream().map(Checker.Case::input).filter(in -> {
            Tensor u = in.u(), v = in.v(), W = in.W_R();
            boolean square = W.rows() == W.cols();
            return u.maxAbsDiff(Tensor.zeros(1, u.cols())) > 0 && v.maxAbsDiff(Tensor.zeros(1, v.cols())) > 0
                    && u.maxAbsDiff(v) > 0 && (!square || (W.maxAbsDiff(Tensor.eye(W.rows())) > 0
                    && W.maxAbsDiff(Tensor.of(Mutants.transpose(W).slice(0))) > 0));
        }).count();
        assertEquals(5, learned);
    }

    @Test
    void skeletonAndVariants() {
        assertTrue(Ex511Relative.check((Q, K, V, R, u, v, W) -> { throw new UnsupportedOperationException("TODO"); })
                .notImplemented());
        assertTrue(Ex511Relative.checkTensor((Q, K, V, R, u, v, W) -> {
            Tensor out = Tensor.zeros(Q.batch(), Q.rows(), V.cols());
            for (int b = 0; b < Q.batch(); b++)
                out.slice(b).setTo(attnlab.Lab.relativeAttention(Tensor.of(Q.slice(b)), Tensor.of(K.slice(b)),
                        Tensor.of(V.slice(b)), R, u, v, W).out().matrix());
            return out;
        }).passed());
        assertTrue(Ex511Relative.checkEjml((Q, K, V, R, u, v, W) -> attnlab.Lab.relativeAttention(Tensor.of(Q),
                Tensor.of(K), Tensor.of(V), Tensor.of(R), Tensor.of(u), Tensor.of(v), Tensor.of(W)).out().matrix())
                .passed());
        // the sheet's four-argument toolkit function ignores u, v and W_R: it passes only the special case
        Report sheet = Ex511Relative.checkEjml((Q, K, V, R, u, v, W) -> attnlab.Lab.relativeAttention(Tensor.of(Q),
                Tensor.of(K), Tensor.of(V), Tensor.of(R)).matrix());
        assertFalse(sheet.passed(), sheet::toString);
        assertTrue(sheet.hint().startsWith("it equals the sheet's special case u = v = 0, W_R = I"), sheet::toString);
    }
}
