// Exercise 5.10, your version: the backward pass of O = softmax(Q K^T / sqrt(d_k)) V.
// Given dO = dLoss/dO [B][Lq][d_v], return {dQ, dK, dV}, each shaped like its input. Forward first, keeping P:
//   S = Q K^T * s  (s = 1/sqrt(d_k)),  P = softmax of each row of S,  O = P V
// then backward, one line per forward line, in reverse:
//   dV = P^T dO                      (from O = P V)
//   dP = dO V^T                      (from O = P V)
//   dS = ?                           (from P = softmax(S): every weight of a row depends on every score of that row)
//   dQ = ?,  dK = ?                  (from S = Q K^T * s)
// Check your answer numerically any time: gradcheckAttention(Q, K, V, null) shows what the numbers should be.
// Fill in the body, then run this file again: /open scripts/student/ex5_10.jsh

double[][][][] myAttentionBackward(double[][][] Q, double[][][] K, double[][][] V, double[][][] dO) {
    // TODO: your code here; return new double[][][][] {dQ, dK, dV};
    throw new UnsupportedOperationException("TODO");
}

check510((q, k, v, dO) -> myAttentionBackward(q, k, v, dO))
