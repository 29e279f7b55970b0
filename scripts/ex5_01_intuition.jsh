// Exercise 5.1: attention intuition on "The cat sat on the mat because it was tired."
// No trained model here: each word gets a hand-made key (what it is) and query (what it looks for) over six
// features, so every weight below can be traced back to a dot product. Run: ./attnlab scripts/ex5_01_intuition.jsh
String[] words = {"The", "cat", "sat", "on", "the", "mat", "because", "it", "was", "tired"}
void chart(attnlab.plot.Chart<?> c, String path) { // a notebook shows the chart inline, a script saves it
    if (attnlab.display.Inline.show(c)) return;
    c.save(path);
    System.out.println("  (chart written to " + path + ")");
}
// columns:       animal thing pronoun verb state function-word
var K = tensor("0      0     0       0    0     1;" +  // The
               "1      0     0       0    0     0;" +  // cat
               "0      0     0       1    0     0;" +  // sat
               "0      0     0       0    0     1;" +  // on
               "0      0     0       0    0     1;" +  // the
               "0      1     0       0    0     0;" +  // mat
               "0      0     0       0    0     1;" +  // because
               "0.5    0.5   1       0    0     0;" +  // it: a pronoun, for an animal or a thing
               "0      0     0       1    0     0;" +  // was
               "0      0     0       0    1     0")    // tired
var Q = tensor("4 4 0 0 0 0;" +  // The     looks for its noun
               "0 0 0 4 0 0;" +  // cat     looks for its verb
               "4 0 0 0 0 0;" +  // sat     looks for who sat: an animal
               "0 4 0 0 0 0;" +  // on      looks for a place
               "4 4 0 0 0 0;" +  // the     looks for its noun
               "0 0 0 0 0 4;" +  // mat     looks for its preposition
               "0 0 0 4 0 0;" +  // because looks for the verbs it links
               "5 1 0 0 0 0;" +  // it      looks for a noun that can be tired: an animal
               "0 0 4 0 0 0;" +  // was     looks for its subject
               "5 0 3 0 0 0")    // tired   looks for what is tired: an animal, or a pronoun for one
var W = attentionWithWeights(Q, K, K).weights()
chart(heatmap(W, words).title("5.1 hand-made attention weights (row = query word)").values(true), "charts/ex5_01_sentence.png")
void row(String word, Tensor w) {
    int i = java.util.Arrays.asList(words).indexOf(word);
    Integer[] order = new Integer[words.length];
    for (int j = 0; j < order.length; j++) order[j] = j;
    java.util.Arrays.sort(order, (a, b) -> Double.compare(w.get(i, b), w.get(i, a)));
    StringBuilder sb = new StringBuilder("  " + word + " attends most to:");
    for (int n = 0; n < 3; n++) sb.append("  ").append(words[order[n]]).append(" ").append(num(w.get(i, order[n])));
    System.out.println(sb);
}
double dot(Tensor a, int i, Tensor b, int j) { double s = 0; for (int c = 0; c < a.cols(); c++) s += a.get(i, c) * b.get(j, c); return s; }
System.out.println("a) Reading \"tired\": its query looks for an animal, or a pronoun standing for one");
row("tired", W)
System.out.println("b) Resolving \"it\": score = query(it) . key(word) / sqrt(6);  it.cat = " + num(dot(Q, 7, K, 1)) + ", it.mat = " + num(dot(Q, 7, K, 5)) + ", it.it = " + num(dot(Q, 7, K, 7)))
row("it", W)
System.out.println("  \"cat\" wins because the query of \"it\" asks for something that can be tired. In \"... because it");
System.out.println("  was soft\" the query would ask for a thing instead, and the same keys make \"mat\" win:");
var Qsoft = Q.copy().set(0, 7, 0, 1).set(0, 7, 1, 5)     // row 7 ("it") now asks for a thing: 1 5 0 0 0 0
row("it", attentionWithWeights(Qsoft, K, K).weights())
System.out.println("c) A fixed window of 3 lets each word see itself and the 2 words before it:");
Tensor windowMask(int n, int width) {
    var m = zeros(n, n);
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) if (j > i || j <= i - width) m.set(0, i, j, Double.NEGATIVE_INFINITY);
    return m;
}
var window = windowMask(10, 3)
var Wwin = attentionWithWeights(Q, K, K, window).weights()
row("tired", Wwin)
System.out.println("  \"tired\" is word 9 and \"cat\" word 1: 8 apart, outside the window, so weight(tired -> cat) = " + num(Wwin.get(9, 1)));
System.out.println("  Stacked windowed layers reach 2 words further per layer: " + (int) Math.ceil(8 / 2.0) + " layers to link them, and the");
System.out.println("  signal is diluted on the way. Attention links any two words in one step, whatever the distance.");
chart(heatmap(Wwin, words).title("5.1 the same queries with a window of 3").mask(window), "charts/ex5_01_window3.png")
