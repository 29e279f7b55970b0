// Exercise 5.7: multi-head attention. Run: ./attnlab scripts/ex5_07_multi_head_attention.jsh
void chart(attnlab.plot.Chart<?> c, String path) { // a notebook shows the chart inline, a script saves it
    if (attnlab.display.Inline.show(c)) return;
    c.save(path);
    System.out.println("  (chart written to " + path + ")");
}
// mha(d_model, n_heads): W_q, W_k, W_v, W_o are d_model x d_model, randn * 0.02 as on the sheet, applied as x W.
seed(7)
var m = mha(8, 2)
var x = randn(1, 5, 8)
var y = m.forward(x)
// the per-head weights [B, H, Lq, Lk], one softmax per head
m.weights()
chart(headsGrid(m.weights(), "t0", "t1", "t2", "t3", "t4").title("5.7 two heads (random weights)"), "charts/ex5_07_heads.png")
// With the sheet's tiny weights every head is nearly uniform. Larger weights make the heads differ:
var big = mha(8, 2).setW_q(randn(8, 8)).setW_k(randn(8, 8)).setW_v(randn(8, 8)).setW_o(randn(8, 8))
big.forward(x).shape()
chart(headsGrid(big.weights(), "t0", "t1", "t2", "t3", "t4").title("5.7 two heads (weights randn)"), "charts/ex5_07_heads_big.png")
// Head h is plain attention on columns h*d_k .. (h+1)*d_k - 1 of Q = x W_q, K = x W_k, V = x W_v. Head 1 by hand:
Tensor columns(Tensor a, int from, int to) {   // columns [from, to) of a [1, L, D] tensor, as [L, to - from]
    var r = zeros(a.rows(), to - from);
    for (int i = 0; i < a.rows(); i++) for (int c = from; c < to; c++) r.set(0, i, c - from, a.get(0, i, c));
    return r;
}
Tensor project(Tensor x, Tensor W) {           // x W for x [1, L, D]
    var r = new DMatrixRMaj(x.rows(), W.cols());
    CommonOps_DDRM.mult(x.slice(0), W.matrix(), r);
    return tensor(r);
}
var head1 = attentionWithWeights(columns(project(x, big.W_q()), 4, 8), columns(project(x, big.W_k()), 4, 8), columns(project(x, big.W_v()), 4, 8)).weights()
head1.maxAbsDiff(Tensor.of(big.weights().slice(1))) < 1e-12   // the same weights, up to rounding
// Your turn: /open scripts/student/ex5_07.jsh, fill in myMultiHeadAttention; the file checks it with
//   check57((x, wq, wk, wv, wo, h) -> myMultiHeadAttention(x, wq, wk, wv, wo, h))
// This is the report for a version that ignores n_heads and runs one head over all the columns:
check57Tensor((x, wq, wk, wv, wo, h) -> mha(x.cols(), 1).setW_q(wq).setW_k(wk).setW_v(wv).setW_o(wo).forward(x)).expectFailure()
// and for the toolkit itself:
check57Tensor((x, wq, wk, wv, wo, h) -> mha(x.cols(), h).setW_q(wq).setW_k(wk).setW_v(wv).setW_o(wo).forward(x))
