package attnlab.exercises;

/**
 * What a student would write for the exercises, in plain loops over arrays, with switches that plant the common
 * mistakes. Deliberately independent of the toolkit: the checker must accept it when every switch is right.
 */
final class Student {
    private Student() {}

    /** Where the mistake goes. */
    enum Bug { NONE, NO_SCALE, WRONG_AXIS, UNSTABLE, MASK_AFTER_SOFTMAX, NO_ROWSUM, SIN_COS_SWAPPED, WRONG_HEAD_SPLIT,
        NAN_ON_BLOCKED_ROW, K_NOT_TRANSPOSED, V_TRANSPOSED, FINITE_FILL, HEADS_REVERSED }

    static double[][][] attention(double[][][] Q, double[][][] K, double[][][] V, double[][] mask, Bug bug) {
        int B = Q.length, lq = Q[0].length, lk = K[0].length, dk = Q[0][0].length, dv = V[0][0].length;
        double[][][] out = new double[B][lq][dv];
        for (int b = 0; b < B; b++) {
            double[][] w = weights(Q[b], K[b], mask, bug);
            for (int i = 0; i < lq; i++)
                for (int j = 0; j < lk; j++)
                    for (int c = 0; c < dv; c++)
                        out[b][i][c] += w[i][j] == 0 ? 0 : w[i][j] * (bug == Bug.V_TRANSPOSED ? V[b][c][j] : V[b][j][c]);
        }
        return out;
    }

    /** softmax(Q Kᵀ/√d_k + mask) for one sequence. */
    static double[][] weights(double[][] Q, double[][] K, double[][] mask, Bug bug) {
        int lq = Q.length, lk = K.length, dk = Q[0].length;
        double scale = bug == Bug.NO_SCALE ? 1 : 1 / Math.sqrt(dk);
        double[][] s = new double[lq][lk];
        for (int i = 0; i < lq; i++)
            for (int j = 0; j < lk; j++) {
                double dot = 0;
                for (int c = 0; c < dk; c++) dot += Q[i][c] * (bug == Bug.K_NOT_TRANSPOSED ? K[c][j] : K[j][c]);
                double m = mask != null && bug != Bug.MASK_AFTER_SOFTMAX ? mask[i][j] : 0;
                s[i][j] = bug == Bug.FINITE_FILL && m == Double.NEGATIVE_INFINITY ? -1e9 : dot * scale + m; // masked_fill
            }
        double[][] p = bug == Bug.WRONG_AXIS ? transpose(softmaxRows(transpose(s), bug)) : softmaxRows(s, bug);
        if (mask != null && bug == Bug.MASK_AFTER_SOFTMAX)
            for (int i = 0; i < lq; i++) for (int j = 0; j < lk; j++) p[i][j] += mask[i][j];
        return p;
    }

    static double[][] softmaxRows(double[][] s, Bug bug) {
        double[][] p = new double[s.length][];
        for (int i = 0; i < s.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : s[i]) max = Math.max(max, x);
            p[i] = new double[s[i].length];
            if (max == Double.NEGATIVE_INFINITY && bug != Bug.NAN_ON_BLOCKED_ROW) continue; // every key blocked: zeros
            if (bug == Bug.UNSTABLE) max = 0;
            double sum = 0;
            for (int j = 0; j < s[i].length; j++) sum += p[i][j] = Math.exp(s[i][j] - max);
            for (int j = 0; j < s[i].length; j++) p[i][j] /= sum;
        }
        return p;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    /** Multi-head attention on one batch of arrays; WRONG_HEAD_SPLIT reshapes [L, D] to [H, L, d_k] directly. */
    static double[][][] mha(double[][][] x, double[][] Wq, double[][] Wk, double[][] Wv, double[][] Wo, int H, Bug bug) {
        int B = x.length, L = x[0].length, D = x[0][0].length, dk = D / H;
        double[][][] y = new double[B][][];
        for (int b = 0; b < B; b++) {
            double[][] q = matmul(x[b], Wq), k = matmul(x[b], Wk), v = matmul(x[b], Wv), concat = new double[L][D];
            for (int h = 0; h < H; h++) {
                double[][] qh = new double[L][dk], kh = new double[L][dk], vh = new double[L][dk];
                for (int t = 0; t < L; t++)
                    for (int c = 0; c < dk; c++) {
                        int flat = bug == Bug.WRONG_HEAD_SPLIT ? h * L * dk + t * dk + c : t * D + h * dk + c;
                        qh[t][c] = q[flat / D][flat % D];
                        kh[t][c] = k[flat / D][flat % D];
                        vh[t][c] = v[flat / D][flat % D];
                    }
                double[][] oh = attention(new double[][][] {qh}, new double[][][] {kh}, new double[][][] {vh}, null,
                        bug)[0];
                int to = bug == Bug.HEADS_REVERSED ? H - 1 - h : h; // where head h lands in the concatenation
                for (int t = 0; t < L; t++)
                    for (int c = 0; c < dk; c++) {
                        int flat = bug == Bug.WRONG_HEAD_SPLIT ? h * L * dk + t * dk + c : t * D + to * dk + c;
                        concat[flat / D][flat % D] = oh[t][c];
                    }
            }
            y[b] = matmul(concat, Wo);
        }
        return y;
    }

    static double[][] matmul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++)
            for (int k = 0; k < b.length; k++)
                for (int j = 0; j < b[0].length; j++) c[i][j] += a[i][k] * b[k][j];
        return c;
    }

    /** {dQ, dK, dV} of attention by hand; NO_ROWSUM drops D_i, NO_SCALE drops the scale from dQ and dK. */
    static double[][][][] backward(double[][][] Q, double[][][] K, double[][][] V, double[][][] dO, Bug bug) {
        int B = Q.length, lq = Q[0].length, lk = K[0].length, dk = Q[0][0].length, dv = V[0][0].length;
        double s = bug == Bug.NO_SCALE ? 1 : 1 / Math.sqrt(dk);
        double[][][] dQ = new double[B][lq][dk], dK = new double[B][lk][dk], dV = new double[B][lk][dv];
        for (int b = 0; b < B; b++) {
            double[][] P = weights(Q[b], K[b], null, Bug.NONE);
            double[][] dP = matmul(dO[b], transpose(V[b]));
            dV[b] = matmul(transpose(P), dO[b]);
            double[][] dS = new double[lq][lk];
            for (int i = 0; i < lq; i++) {
                double D = 0;
                for (int j = 0; j < lk; j++) D += dP[i][j] * P[i][j];
                if (bug == Bug.NO_ROWSUM) D = 0;
                for (int j = 0; j < lk; j++) dS[i][j] = P[i][j] * (dP[i][j] - D);
            }
            double[][] q = matmul(dS, K[b]), k = matmul(transpose(dS), Q[b]);
            for (int i = 0; i < lq; i++) for (int c = 0; c < dk; c++) dQ[b][i][c] = s * q[i][c];
            for (int j = 0; j < lk; j++) for (int c = 0; c < dk; c++) dK[b][j][c] = s * k[j][c];
        }
        return new double[][][][] {dQ, dK, dV};
    }
}
