// Exercise 5.4: causal masking for ["The", "cat", "sat"]. Run: ./attnlab scripts/ex5_04_causal_mask.jsh
String[] toks = {"The", "cat", "sat"};
// a) which positions can attend to which: row = the query word, column = the key word
var M = causalMask(3)
System.out.println("a) the causal mask (0 = may attend, -inf = may not):\n" + M);
for (int i = 0; i < 3; i++) {
    StringBuilder sees = new StringBuilder();
    for (int j = 0; j < 3; j++) if (M.get(i, j) == 0) sees.append(" ").append(toks[j]);
    System.out.println("   " + toks[i] + " sees:" + sees);
}
// b) -inf goes in before the softmax: exp(-inf) is exactly 0, so a blocked word gets exactly zero weight and the
//    other weights still sum to 1. Random q, k, v of width 4 stand in for the three words.
seed(4)
var X = randn(1, 3, 4)
var masked = attentionWithWeights(X, X, X, M)
System.out.println("b) the masked cells hold -inf, and exp(-inf) = " + num(Math.exp(Double.NEGATIVE_INFINITY)) + " exactly. Weights with the mask:\n" + masked.weights());
heatmap(Tensor.of(masked.weights().slice(0)), toks).title("5.4 causal attention weights").mask(M).values(true).save("charts/ex5_04_masked.png")
// c) without the mask, a word's output depends on the words after it. In training the model reads the whole
//    sentence at once and must predict each next word: "cat" must predict "sat" without looking at it.
var open = attentionWithWeights(X, X, X)
heatmap(Tensor.of(open.weights().slice(0)), toks).title("5.4 without the mask: the future is visible").values(true).save("charts/ex5_04_unmasked.png")
System.out.println("c) weight of \"cat\" on the next word \"sat\": with the mask " + num(masked.weights().get(0, 1, 2)) + ", without " + num(open.weights().get(0, 1, 2)));
var X2 = X.copy()
for (int c = 0; c < 4; c++) X2.set(0, 2, c, X2.get(0, 2, c) + 1.0);   // change the word "sat" only
double leakOpen = 0, leakMasked = 0;
for (int c = 0; c < 4; c++) {
    leakOpen = Math.max(leakOpen, Math.abs(attention(X2, X2, X2).get(0, 1, c) - open.out().get(0, 1, c)));
    leakMasked = Math.max(leakMasked, Math.abs(maskedAttention(X2, X2, X2, M).get(0, 1, c) - masked.out().get(0, 1, c)));
}
System.out.println("   change the vector of \"sat\" and watch the output at \"cat\": it moves by " + num(leakOpen) + " without the mask,");
System.out.println("   by " + num(leakMasked) + " with it. Unmasked, the model can copy the answer from the future during training,");
System.out.println("   reach a low loss, and then fail at generation time, when the future words do not exist yet.");
