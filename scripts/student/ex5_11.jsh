// Exercise 5.11, your version: relative attention as in Transformer-XL (Dai et al. 2019, section 3.3), one head.
// Keys are an optional memory followed by the segment: Lk = mlen + Lq, and query i sits at position i + mlen.
// posEmbed [Lk][d_R] holds relative positions farthest first: row r is distance Lk-1-r (relPosEmbed(Lk, d_R) builds
// the sinusoidal one). W_R [d_R][d] projects it: RW = posEmbed W_R, [Lk][d]. u and v [d] are the learned global
// content and position biases. For query i and key j the distance is i + mlen - j, which is row Lq-1-i+j:
//   S_ij = ((q_i + u) . k_j + (q_i + v) . RW[Lq-1-i+j]) / sqrt(d)   for j <= i + mlen (the past, and the present)
//   S_ij = -inf                                                       for j >  i + mlen (the future)
//   output = softmax of each row of S, times V
// (The sheet's relative_attention(Q, K, V, pos_embed) is the special case u = v = 0, W_R = I; the check tries it
// first, then non-zero u and v and a W_R that is not the identity.)
// Fill in the body, then run this file again: /open scripts/student/ex5_11.jsh

double[][][] myRelativeAttention(double[][][] Q, double[][][] K, double[][][] V, double[][] posEmbed, double[] u,
                                 double[] v, double[][] W_R) {
    // TODO: your code here
    throw new UnsupportedOperationException("TODO");
}

check511((Q, K, V, R, u, v, W_R) -> myRelativeAttention(Q, K, V, R, u, v, W_R))
