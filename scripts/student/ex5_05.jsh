// Exercise 5.5, your version: dot-product attention.
//   scores  = Q K^T / sqrt(d_k)        [B][Lq][Lk]
//   weights = softmax of each row      subtract the row's max before Math.exp, or large scores overflow
//   output  = weights V                [B][Lq][d_v]
// Shapes: Q [B][Lq][d_k], K [B][Lk][d_k], V [B][Lk][d_v]. Lq and Lk may differ, and so may d_k and d_v.
// Fill in the body, then run this file again: /open scripts/student/ex5_05.jsh
// (The name is myAttention, not attention: a method you define hides every toolkit method of the same name.)
// Prefer EJML? Write DMatrixRMaj myAttention(DMatrixRMaj Q, DMatrixRMaj K, DMatrixRMaj V) for one sequence and
// check it with check55Ejml((q, k, v) -> myAttention(q, k, v)); on Tensors use check55Tensor.

double[][][] myAttention(double[][][] Q, double[][][] K, double[][][] V) {
    // TODO: your code here
    throw new UnsupportedOperationException("TODO");
}

check55((q, k, v) -> myAttention(q, k, v))
