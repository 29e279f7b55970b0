// Exercise 5.1: attention intuition on "The cat sat on the mat because it was tired."
// No trained model here: each word gets a hand-made key (what it is) and query (what it looks for) over six
// features, so every weight below can be traced back to a dot product. Run: ./attnlab scripts/ex5_01_intuition.jsh
String[] words = {"The", "cat", "sat", "on", "the", "mat", "because", "it", "was", "tired"};
// features:        animal  thing  pronoun  verb  state  function-word
double[][] is = {  {0,      0,     0,       0,    0,     1},   // The
                   {1,      0,     0,       0,    0,     0},   // cat
                   {0,      0,     0,       1,    0,     0},   // sat
                   {0,      0,     0,       0,    0,     1},   // on
                   {0,      0,     0,       0,    0,     1},   // the
                   {0,      1,     0,       0,    0,     0},   // mat
                   {0,      0,     0,       0,    0,     1},   // because
                   {0.5,    0.5,   1,       0,    0,     0},   // it: a pronoun standing for an animal or a thing
                   {0,      0,     0,       1,    0,     0},   // was
                   {0,      0,     0,       0,    1,     0} }; // tired
double[][] wants = { {4, 4, 0, 0, 0, 0},   // The     looks for its noun
                     {0, 0, 0, 4, 0, 0},   // cat     looks for its verb
                     {4, 0, 0, 0, 0, 0},   // sat     looks for who sat: an animal
                     {0, 4, 0, 0, 0, 0},   // on      looks for a place
                     {4, 4, 0, 0, 0, 0},   // the     looks for its noun
                     {0, 0, 0, 0, 0, 4},   // mat     looks for its preposition
                     {0, 0, 0, 4, 0, 0},   // because looks for the clauses' verbs
                     {5, 1, 0, 0, 0, 0},   // it      looks for a noun that can be tired: an animal
                     {0, 0, 4, 0, 0, 0},   // was     looks for its subject
                     {5, 0, 3, 0, 0, 0} }; // tired   looks for what is tired: an animal, or a pronoun for one
var K = tensor(is)
var Q = tensor(wants)
var W = attentionWithWeights(Q, K, K).weights()
heatmap(W, words).title("5.1 hand-made attention weights (row = query word)").values(true).save("charts/ex5_01_sentence.png")
void row(String word, Tensor w) {
    int i = java.util.Arrays.asList(words).indexOf(word);
    Integer[] order = new Integer[words.length];
    for (int j = 0; j < order.length; j++) order[j] = j;
    java.util.Arrays.sort(order, (a, b) -> Double.compare(w.get(i, b), w.get(i, a)));
    StringBuilder sb = new StringBuilder("  " + word + " attends to:");
    for (int n = 0; n < 3; n++) sb.append("  ").append(words[order[n]]).append(" ").append(num(w.get(i, order[n])));
    System.out.println(sb);
}
System.out.println("a) Predicting or reading \"tired\": its query looks for an animal (or a pronoun for one)");
row("tired", W)
System.out.println("b) Resolving \"it\": the score is query(it) . key(word) / sqrt(6)");
double dot(double[] a, double[] b) { double s = 0; for (int c = 0; c < a.length; c++) s += a[c] * b[c]; return s; }
System.out.println("  it . cat = " + num(dot(wants[7], is[1])) + ",  it . mat = " + num(dot(wants[7], is[5])) + ",  it . it = " + num(dot(wants[7], is[7])));
row("it", W)
System.out.println("  \"cat\" wins because the query of \"it\" asks for something that can be tired. Were the sentence");
System.out.println("  \"... because it was soft\", the query would ask for a thing, and the same attention picks \"mat\":");
double[][] wantsSoft = wants.clone();
wantsSoft[7] = new double[] {1, 5, 0, 0, 0, 0};
row("it", attentionWithWeights(tensor(wantsSoft), K, K).weights())
System.out.println("c) A fixed window of 3 sees only the word and the 2 before it:");
var window = zeros(10, 10)
for (int i = 0; i < 10; i++) for (int j = 0; j < 10; j++) if (j > i || j < i - 2) window.set(0, i, j, Double.NEGATIVE_INFINITY);
var Wwin = attentionWithWeights(Q, K, K, window).weights()
row("tired", Wwin)
System.out.println("  tired is at position 9, cat at 1: distance 8 > 2, so weight(tired -> cat) = " + num(Wwin.get(9, 1)));
System.out.println("  stacking windowed layers reaches 2 words further per layer: linking them needs "
        + (int) Math.ceil(8 / 2.0) + " layers; attention links any two words in one step, whatever their distance");
heatmap(Wwin, words).title("5.1 the same queries with a window of 3").mask(window).save("charts/ex5_01_window3.png")
