// Exercise 5.10: the backward pass of attention. Run: ./attnlab scripts/ex5_10_backward.jsh
// Forward: S = Q K^T s (s = 1/sqrt(d_k)), P = softmax_row(S), O = P V. Given dO = dLoss/dO, the toolkit computes
//   dV = P^T dO,  dP = dO V^T,  D_i = sum_j dP_ij P_ij,  dS = P * (dP - D),  dQ = s dS K,  dK = s dS^T Q
seed(10)
var Q = randn(1, 3, 4)
var K = randn(1, 5, 4)
var V = randn(1, 5, 2)
var dO = randn(1, 3, 2)
var cache = attentionWithWeights(Q, K, V)
attentionBackward(dO, cache)
// Are these right? Central differences, as torch.autograd.gradcheck does (eps 1e-6, atol 1e-5, rtol 1e-3):
gradcheckAttention(Q, K, V, null)
// the rowsum D matters: every weight of a row depends on every score of that row. Without it the check fails:
attnlab.grad.GradCheck.check(in -> attention(in[0], in[1], in[2]), (d, in) -> {
    var r = attentionWithWeights(in[0], in[1], in[2]);
    DMatrixRMaj dS = new DMatrixRMaj(3, 5), dP = new DMatrixRMaj(3, 5), P = r.weights().slice(0);
    CommonOps_DDRM.multTransB(d.slice(0), in[2].slice(0), dP);            // dP = dO V^T
    CommonOps_DDRM.elementMult(P, dP, dS);                                // dS = P * dP  (D left out)
    var g = attentionBackward(in[0], in[1], in[2], d);
    var dQ = new DMatrixRMaj(3, 4);
    CommonOps_DDRM.mult(0.5, dS, in[1].slice(0), dQ);                    // dQ = s dS K, s = 1/sqrt(4)
    return new Tensor[] {tensor(dQ).view(1, 3, 4), g.dK(), g.dV()};
}, Q, K, V)
// Your turn: /open scripts/student/ex5_10.jsh, fill in myAttentionBackward; the file checks it with
//   check510((q, k, v, dO) -> myAttentionBackward(q, k, v, dO))
// This is the report for a version whose dQ forgets the scale s (dK and dV are right):
check510Tensor((q, k, v, d) -> { var g = attentionBackward(q, k, v, d); return new Tensor[] {g.dQ().times(Math.sqrt(q.cols())), g.dK(), g.dV()}; }).expectFailure()
// and for the toolkit itself:
check510Tensor((q, k, v, d) -> { var g = attentionBackward(q, k, v, d); return new Tensor[] {g.dQ(), g.dK(), g.dV()}; })
