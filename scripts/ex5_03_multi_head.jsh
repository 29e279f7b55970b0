// Exercise 5.3: 8 heads of width 64 versus 1 head of width 512. Run: ./attnlab scripts/ex5_03_multi_head.jsh
// b) Parameter count: W_q, W_k, W_v, W_o are d_model x d_model whatever the number of heads; the heads only split
//    the columns of W_q, W_k, W_v into groups of d_k = d_model / n_heads.
long perHead = 3L * 512 * 64;       // head h's own columns of W_q, W_k, W_v
System.out.println("b) 8 heads x 64:  8 x (3 x 512 x 64) + 512 x 512 (W_o) = " + (8 * perHead + 512 * 512));
System.out.println("   1 head x 512:  3 x 512 x 512 + 512 x 512 (W_o)        = " + (3L * 512 * 512 + 512 * 512));
System.out.println("   the toolkit agrees: mha(512, 8) has " + mha(512, 8).parameterCount() + ", mha(512, 1) has " + mha(512, 1).parameterCount());
// a) What several heads can do that one cannot: one softmax row is ONE distribution over the keys. Build 2 heads by
//    hand over 6 tokens (x = one-hot position): head 0 looks at the previous token, head 1 at the first token, and
//    each copies the position it found into its own 6 output columns.
String[] toks = {"once", "upon", "a", "time", "there", "was"};
int L = 6, D = 12;
double beta = 15;
var x = zeros(1, L, D)
for (int t = 0; t < L; t++) x.set(0, t, t, 1);
var Wq = zeros(D, D); var Wk = zeros(D, D); var Wv = zeros(D, D);
for (int t = 0; t < L; t++) {
    Wq.set(0, t, t, beta);                  // head 0 query: "I am at t"
    Wq.set(0, t, L, beta);                  // head 1 query: "I want position 0", for every t
    if (t + 1 < L) Wk.set(0, t, t + 1, 1);  // head 0 key of token t: "I am the previous token of t+1"
    Wv.set(0, t, t, 1);                     // head 0 value: my position
    Wv.set(0, t, L + t, 1);                 // head 1 value: my position
}
Wk.set(0, 0, L, 1);                         // head 1 key: only token 0 answers
var two = mha(D, 2).setW_q(Wq).setW_k(Wk).setW_v(Wv).setW_o(eye(D))
var y2 = two.forward(x)
headsGrid(two.weights(), toks).title("5.3 two heads: previous token | first token").save("charts/ex5_03_two_heads.png")
var one = mha(D, 1).setW_q(Wq).setW_k(Wk).setW_v(Wv).setW_o(eye(D))
var y1 = one.forward(x)
heatmap(Tensor.of(one.weights().slice(0)), toks).title("5.3 the same weights as one head").save("charts/ex5_03_one_head.png")
System.out.println("a) token \"time\" (position 3): weights on the previous token \"a\" and on the first token \"once\"");
System.out.println("   2 heads: head 0 gives \"a\" " + num(two.weights().get(0, 3, 2)) + ", head 1 gives \"once\" " + num(two.weights().get(1, 3, 0)));
System.out.println("   1 head:  one row must share its weight: \"a\" " + num(one.weights().get(0, 3, 2)) + ", \"once\" " + num(one.weights().get(0, 3, 0)));
System.out.println("   what the 6 \"previous token\" output columns say for \"time\" (should be one-hot at 2):");
double[] prev2 = new double[L], prev1 = new double[L];
for (int c = 0; c < L; c++) { prev2[c] = y2.get(0, 3, c); prev1[c] = y1.get(0, 3, c); }
System.out.println(tensor(new double[][] {prev2, prev1}));
System.out.println("   row 0 = two heads (clean), row 1 = one head (previous token and first token mixed half and half).");
System.out.println("   Several heads give several independent distributions per token, each in its own subspace,");
System.out.println("   for the same parameters and the same arithmetic (8 x 64 = 512 score columns either way).");
System.out.println("c) kinds of heads found in trained models: previous-token heads (above); heads that park on the first");
System.out.println("   token when nothing matches; heads that find an earlier copy of the current word (induction);");
System.out.println("   syntax heads (verb -> subject, adjective -> noun); coreference heads (\"it\" -> \"cat\", see 5.1).");
