// Exercise 5.5: scaled dot-product attention. First the toolkit's version taken apart on EJML matrices, then the
// edge cases it handles, then how to check your own. Run: ./attnlab scripts/ex5_05_dot_product.jsh
var Q = tensor("1 0; 0 1; 1 1")     // 3 queries, d_k = 2
var K = tensor("1 0; 0 1")          // 2 keys
var V = tensor("1 2 3; 4 5 6")      // 2 values, d_v = 3
// step 1: scores = Q K^T / sqrt(d_k), one row per query, one column per key
var S = CommonOps_DDRM.multTransB(Q.matrix(), K.matrix(), null)
CommonOps_DDRM.scale(1 / Math.sqrt(2), S)
S
// step 2: softmax of each row: every query spreads a total weight of 1 over the keys
var P = softmax(S)
// step 3: each output row is the weighted average of the value rows
var O = CommonOps_DDRM.mult(P, V.matrix(), null)
// the toolkit does the three steps at once, and on batches [B, L, d]
attention(Q, K, V)
// Edge cases your version must handle too:
// Lq != Lk and d_v != d_k: 3 queries against 5 keys with values of width 6 give [B, 3, 6]
seed(5)
attention(randn(2, 3, 4), randn(2, 5, 4), randn(2, 5, 6)).shape()
// large scores: Math.exp overflows above 709, so softmax subtracts each row's max first; the result is unchanged
Math.exp(1000)
softmax(tensor("1000 999 -1000"))
// Your turn: /open scripts/student/ex5_05.jsh, fill in myAttention, and run the file again: it checks itself with
//   check55((q, k, v) -> myAttention(q, k, v))
// For example, this is the report for a version that forgets the 1/sqrt(d_k) (scale 1); .expectFailure() marks a
// failure shown on purpose, so that a graded run (./attnlab FILE exits 1 when a check fails) still passes:
check55Tensor((q, k, v) -> attention(q, k, v, 1.0)).expectFailure()
// and for the toolkit itself:
check55Tensor((q, k, v) -> attention(q, k, v))
