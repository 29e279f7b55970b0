// Exercise 5.6: the causal mask and attention under a mask. Run: ./attnlab scripts/ex5_06_masked_attention.jsh
void chart(attnlab.plot.Chart<?> c, String path) { // a notebook shows the chart inline, a script saves it
    if (attnlab.display.Inline.show(c)) return;
    c.save(path);
    System.out.println("  (chart written to " + path + ")");
}
// The mask is added to the scaled scores before the softmax: 0 keeps a key, -inf removes it (weight exactly 0).
causalMask(4)
seed(6)
var X = randn(1, 4, 8)
var r = attentionWithWeights(X, X, X, causalMask(4))
chart(heatmap(Tensor.of(r.weights().slice(0)), "w1", "w2", "w3", "w4").mask(causalMask(4)).values(true).title("5.6 causal weights"), "charts/ex5_06_causal.png")
// Lq != Lk: 2 new queries against 4 keys (2 cached + 2 new). TOP_LEFT (PyTorch's is_causal) lets query i see keys
// j <= i; BOTTOM_RIGHT (KV caches, Transformer-XL) lines the last query up with the last key.
causalMask(2, 4, TOP_LEFT)
causalMask(2, 4, BOTTOM_RIGHT)
// A row whose keys are all blocked: the toolkit (like PyTorch >= 2.5) gives it zero weights and a zero output
// instead of 0/0 = NaN. The strict causal mask (j < i) blocks all of row 0:
strictCausalMask(4)
attentionWithWeights(X, X, X, strictCausalMask(4)).weights()
// Finite mask values are added as they are: a bias of -1 per step back favours nearby keys (ALiBi works like this)
Tensor distanceBias(int n) {
    var m = causalMask(n);
    for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) m.set(0, i, j, -(i - j));
    return m;
}
distanceBias(4)
attentionWithWeights(X, X, X, distanceBias(4)).weights()
// Your turn: /open scripts/student/ex5_06.jsh, fill in myCausalMask and myMaskedAttention; the file checks both with
//   check56(n -> myCausalMask(n), (q, k, v, m) -> myMaskedAttention(q, k, v, m))
// This is the report for a version that forgets the mask altogether:
check56Tensor(n -> causalMask(n), (q, k, v, m) -> attention(q, k, v)).expectFailure()
// and for the toolkit itself:
check56Tensor(n -> causalMask(n), (q, k, v, m) -> maskedAttention(q, k, v, m))
