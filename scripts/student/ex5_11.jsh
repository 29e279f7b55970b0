// Exercise 5.11, your version: relative attention as in Transformer-XL, with one head, u = v = 0 and W_R = I.
// Keys are an optional memory followed by the segment: Lk = mlen + Lq, and query i sits at position i + mlen.
// posEmbed [Lk][d] holds relative positions farthest first: row r is distance Lk-1-r (relPosEmbed(Lk, d) builds the
// sinusoidal one). For query i and key j the distance is i + mlen - j, which is row Lq-1-i+j:
//   S_ij = (q_i . k_j + q_i . posEmbed[Lq-1-i+j]) / sqrt(d)     for j <= i + mlen (the past, and the present)
//   S_ij = -inf                                                  for j >  i + mlen (the future)
//   output = softmax of each row of S, times V
// Fill in the body, then run this file again: /open scripts/student/ex5_11.jsh

double[][][] myRelativeAttention(double[][][] Q, double[][][] K, double[][][] V, double[][] posEmbed) {
    // TODO: your code here
    throw new UnsupportedOperationException("TODO");
}

check511((q, k, v, r) -> myRelativeAttention(q, k, v, r))
