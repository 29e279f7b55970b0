// Exercise 5.3: 8 heads of width 64 versus 1 head of width 512. Run: ./attnlab scripts/ex5_03_multi_head.jsh
void chart(attnlab.plot.Chart<?> c, String path) { // a notebook shows the chart inline, a script saves it
    if (attnlab.display.Inline.show(c)) return;
    c.save(path);
    System.out.println("  (chart written to " + path + ")");
}
// b) Parameters: W_q, W_k, W_v, W_o are d_model x d_model whatever the number of heads; heads only split the
//    columns of W_q, W_k, W_v into groups of d_k = d_model / n_heads.
long eightHeads = 8 * (3L * 512 * 64) + 512 * 512      // 8 heads, each with its own 512 x 64 slices of W_q, W_k, W_v; plus W_o
long oneHead = 3L * 512 * 512 + 512 * 512              // one head with all 512 columns; plus W_o
mha(512, 8).parameterCount() == mha(512, 1).parameterCount()
// a) What several heads can do that one cannot: a softmax row is ONE distribution over the keys. Two heads built by
//    hand over 6 tokens (x = one-hot position): head 0 finds the previous token, head 1 the first token, and each
//    copies the position it found into its own 6 output columns.
String[] toks = {"once", "upon", "a", "time", "there", "was"}
int L = 6, D = 12;
attnlab.attention.MultiHeadAttention handBuilt(int heads, double beta) {
    var Wq = zeros(D, D); var Wk = zeros(D, D); var Wv = zeros(D, D);
    for (int t = 0; t < L; t++) {
        Wq.set(0, t, t, beta);                  // head 0 query of token t: "I am at t"
        Wq.set(0, t, L, beta);                  // head 1 query, every token: "I want position 0"
        if (t + 1 < L) Wk.set(0, t, t + 1, 1);  // head 0 key of token t: "I come just before t+1"
        Wv.set(0, t, t, 1);                     // head 0 value: my position
        Wv.set(0, t, L + t, 1);                 // head 1 value: my position
    }
    Wk.set(0, 0, L, 1);                         // head 1 key: only token 0 answers
    return mha(D, heads).setW_q(Wq).setW_k(Wk).setW_v(Wv).setW_o(eye(D));
}
var x = tensor(new double[][][] {{{1,0,0,0,0,0, 0,0,0,0,0,0}, {0,1,0,0,0,0, 0,0,0,0,0,0}, {0,0,1,0,0,0, 0,0,0,0,0,0},
                                  {0,0,0,1,0,0, 0,0,0,0,0,0}, {0,0,0,0,1,0, 0,0,0,0,0,0}, {0,0,0,0,0,1, 0,0,0,0,0,0}}})
var two = handBuilt(2, 15)
var y2 = two.forward(x)
chart(headsGrid(two.weights(), toks).title("5.3 two heads: previous token | first token"), "charts/ex5_03_two_heads.png")
var one = handBuilt(1, 15)
var y1 = one.forward(x)
chart(heatmap(Tensor.of(one.weights().slice(0)), toks).title("5.3 the same weights as one head"), "charts/ex5_03_one_head.png")
System.out.println("a) the word \"time\" (position 3) wants the previous word \"a\" and the first word \"once\":");
System.out.println("   2 heads: head 0 gives \"a\" " + num(two.weights().get(0, 3, 2)) + ", head 1 gives \"once\" " + num(two.weights().get(1, 3, 0)));
System.out.println("   1 head:  one row shares its weight: \"a\" " + num(one.weights().get(0, 3, 2)) + ", \"once\" " + num(one.weights().get(0, 3, 0)));
System.out.println("   the 6 \"previous word\" output columns of \"time\" (should be one-hot at position 2); row 0 = 2 heads, row 1 = 1 head:");
Tensor previousColumns(Tensor y) {
    var r = zeros(1, L);
    for (int c = 0; c < L; c++) r.set(0, 0, c, y.get(0, 3, c));
    return r;
}
Tensor.stack(previousColumns(y2).matrix(), previousColumns(y1).matrix())
System.out.println("   With one head, the previous word and the first word come out mixed half and half. Several heads give");
System.out.println("   each token several independent distributions, each read into its own columns, for the same parameters");
System.out.println("   and the same arithmetic (8 x 64 = 512 score dimensions either way).");
System.out.println("c) heads seen in trained models: previous-token heads (as above); heads that rest on the first token when");
System.out.println("   nothing matches; heads that find an earlier copy of the current word (induction); syntax heads (verb ->");
System.out.println("   subject, adjective -> noun); coreference heads (\"it\" -> \"cat\", see 5.1).");
