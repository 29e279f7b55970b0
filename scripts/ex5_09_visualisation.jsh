// Exercise 5.9: train small attention models in seconds, then look at what their heads learned.
// Model: token embedding + sinusoidal PE -> multi-head self-attention with a residual -> unembedding; cross-entropy,
// Adam, 1500 steps, seeded. Tokens are random (vocabulary 8, length 10). Run: ./attnlab scripts/ex5_09_visualisation.jsh
void chart(attnlab.plot.Chart<?> c, String path) { // a notebook shows the chart inline, a script saves it
    if (attnlab.display.Inline.show(c)) return;
    c.save(path);
    System.out.println("  (chart written to " + path + ")");
}
// c) Does a head learn to attend to the previous word? Task: the target at position t is the token at t-1.
//    Strict causal mask (j < i): a token sees only the past, not itself. One head.
var task = previousTokenTask(8, 10)
var m = model(task, 16, 1, STRICT_CAUSAL)
var run = trainer(m, task).progress(attnlab.train.ProgressBar.Mode.OFF).run()
chart(run.curve().title("5.9 previous-token task: loss and accuracy"), "charts/ex5_09_curve.png")
// a) the heatmap of the trained head on a sample sequence, the tokens labelling both axes
chart(run.heatmaps().title("5.9 one head after training on the previous-token task"), "charts/ex5_09_previous_token.png")
// Scores per head, on fresh sequences: prev = mean weight on the token just before (1 = a perfect previous-token
// head), prevTL = TransformerLens's sum(A * D) / sum(A), argmax = how often the previous token gets the largest
// weight, back2 = weight two tokens back, self = on the token itself, first = on token 0.
var scores = headScores(m, task)
System.out.println("c) accuracy " + num(run.accuracy()) + "; the head puts " + num(scores.prev(0)) + " of its weight on the previous token");
// b) Do different heads focus on different positions? Give 2 heads a task that needs two positions:
//    the target at t is x[t-1] - x[t-2] (shifted to be >= 0).
var task2 = differenceTask(8, 10)
var m2 = model(task2, 16, 2, STRICT_CAUSAL)
var run2 = trainer(m2, task2).progress(attnlab.train.ProgressBar.Mode.OFF).run()
chart(run2.heatmaps().title("5.9 two heads after training on x[t-1] - x[t-2]"), "charts/ex5_09_two_heads.png")
var scores2 = headScores(m2, task2)
for (int h = 0; h < 2; h++) System.out.println("b) head " + h + ": " + num(scores2.prev(h)) + " on t-1, " + num(scores2.back2(h)) + " on t-2 -> mostly " + (scores2.prev(h) >= scores2.back2(h) ? "t-1" : "t-2"));
System.out.println("   accuracy " + num(run2.accuracy()) + " after " + run2.steps() + " steps. Train longer (trainer(m2, task2).steps(5000).run())");
System.out.println("   and compare the heads' t-1 and t-2 columns again: the task rewards one head on each.");
System.out.println("   With the plain causal mask (j <= i, try model(task, 16, 1, CAUSAL)) the previous-token head stays blurred,");
System.out.println("   around 0.6, because the readout can cancel what the token takes from itself.");
