// Exercise 5.7, your version: multi-head attention, the sheet's MultiHeadAttention.forward(x) as a function of the
// input and the weights, so the checker can hand you the weights it uses.
//   1. project:  Q = x Wq, K = x Wk, V = x Wv          x [B][L][d_model], each W [d_model][d_model], applied as x W
//   2. split:    head h owns columns h*d_k .. (h+1)*d_k - 1 of Q, K and V, with d_k = d_model / nHeads
//   3. attend:   O_h = softmax(Q_h K_h^T / sqrt(d_k)) V_h      (your myAttention from 5.5 works here)
//   4. merge:    concatenate O_0 .. O_{H-1} back into [L][d_model] (same columns), then multiply by Wo
// Fill in the body, then run this file again: /open scripts/student/ex5_07.jsh
// Wrote it as a class, as on the sheet? Pass a lambda that builds it and sets its weights.

double[][][] myMultiHeadAttention(double[][][] x, double[][] Wq, double[][] Wk, double[][] Wv, double[][] Wo,
                                  int nHeads) {
    // TODO: your code here
    throw new UnsupportedOperationException("TODO");
}

check57((x, wq, wk, wv, wo, h) -> myMultiHeadAttention(x, wq, wk, wv, wo, h))
