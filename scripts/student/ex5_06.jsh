// Exercise 5.6, your version: a causal mask, and attention under a mask.
// myCausalMask(n): [n][n], 0 where key j <= query i (allowed), Double.NEGATIVE_INFINITY where j > i (the future).
// myMaskedAttention(Q, K, V, mask): softmax(Q K^T / sqrt(d_k) + mask) V, the mask [Lq][Lk] shared by the batch.
//   Add the mask to the scaled scores BEFORE the softmax. The mask may hold finite values too: add them as they are.
//   A row whose keys are all blocked has max -inf: give it zero weights (PyTorch >= 2.5 does), not 0/0 = NaN.
// Fill in the bodies, then run this file again: /open scripts/student/ex5_06.jsh
// Check only one part with null for the other, e.g. check56(n -> myCausalMask(n), null).

double[][] myCausalMask(int seqLen) {
    // TODO: your code here
    throw new UnsupportedOperationException("TODO");
}

double[][][] myMaskedAttention(double[][][] Q, double[][][] K, double[][][] V, double[][] mask) {
    // TODO: your code here
    throw new UnsupportedOperationException("TODO");
}

check56(n -> myCausalMask(n), (q, k, v, m) -> myMaskedAttention(q, k, v, m))
