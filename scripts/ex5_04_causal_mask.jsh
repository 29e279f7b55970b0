// Exercise 5.4: causal masking for ["The", "cat", "sat"]. Run: ./attnlab scripts/ex5_04_causal_mask.jsh
void chart(attnlab.plot.Chart<?> c, String path) { // a notebook shows the chart inline, a script saves it
    if (attnlab.display.Inline.show(c)) return;
    c.save(path);
    System.out.println("  (chart written to " + path + ")");
}
String[] toks = {"The", "cat", "sat"}
// a) Which positions can attend to which: row = the query word, column = the key word. 0 = may, -inf = may not.
var M = causalMask(3)
for (int i = 0; i < 3; i++) {
    StringBuilder sees = new StringBuilder();
    for (int j = 0; j < 3; j++) if (M.get(i, j) == 0) sees.append(" ").append(toks[j]);
    System.out.println("   " + toks[i] + " sees:" + sees);
}
// b) -inf goes into the scores before the softmax. exp(-inf) is exactly 0, so a blocked word gets exactly zero weight
//    and the other weights still sum to 1. Random vectors of width 4 stand in for the three words.
Math.exp(Double.NEGATIVE_INFINITY)
seed(4)
var X = randn(1, 3, 4)
var masked = attentionWithWeights(X, X, X, M)
chart(heatmap(Tensor.of(masked.weights().slice(0)), toks).title("5.4 causal attention weights").mask(M).values(true), "charts/ex5_04_masked.png")
// c) Without the mask, a word's output depends on the words after it. In training, the model reads the whole
//    sentence at once and predicts each next word: "cat" must predict "sat" without seeing it.
var open = attentionWithWeights(X, X, X)
chart(heatmap(Tensor.of(open.weights().slice(0)), toks).title("5.4 without the mask, the future is visible").values(true), "charts/ex5_04_unmasked.png")
System.out.println("c) weight of \"cat\" on the next word \"sat\": with the mask " + num(masked.weights().get(0, 1, 2)) + ", without " + num(open.weights().get(0, 1, 2)));
double change(boolean withMask) {   // how far the output at "cat" moves when only the vector of "sat" changes
    var X2 = X.copy();
    for (int c = 0; c < 4; c++) X2.set(0, 2, c, X2.get(0, 2, c) + 1.0);
    var before = withMask ? maskedAttention(X, X, X, M) : attention(X, X, X);
    var after = withMask ? maskedAttention(X2, X2, X2, M) : attention(X2, X2, X2);
    double d = 0;
    for (int c = 0; c < 4; c++) d = Math.max(d, Math.abs(after.get(0, 1, c) - before.get(0, 1, c)));
    return d;
}
System.out.println("   change the vector of \"sat\": the output at \"cat\" moves by " + num(change(false)) + " without the mask, by " + num(change(true)) + " with it.");
System.out.println("   Unmasked, training lets each word copy the answer from the future: the loss drops, but at generation");
System.out.println("   time the future words do not exist yet and the model has learned nothing it can use.");
