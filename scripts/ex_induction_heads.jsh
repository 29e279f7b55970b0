// Induction heads, reproduced: a two-layer attention-only transformer trained here in seconds learns the circuit of
// Elhage et al. (2021) and Olsson et al. (2022): a previous-token head in layer 0 and, reading it through
// K-composition, an induction head in layer 1 that copies what followed the earlier copy of the current token.
// One layer cannot do it. Run: ./attnlab scripts/ex_induction_heads.jsh (about 20 s of training on two free cores).
void chart(attnlab.plot.Chart<?> c, String path) { // a notebook shows the chart inline, a script saves it
    if (attnlab.display.Inline.show(c)) return;
    c.save(path);
    System.out.println("  (chart written to " + path + ")");
}
// The task: BOS, then n = 16 random tokens of 64, then the same 16 again. The first half cannot be predicted better
// than ln 64 = 4.16 nats; the repeated half can, but only by copying: find the earlier copy of the current token and
// read the token after it. (Training varies the length of the repeated block, so that a single layer cannot cheat
// by counting positions; the pictures and losses use exactly BOS, x, x.)
var task = inductionTask(64, 16)
// The model: token embedding + learned positions, two attention layers of two heads each added to the residual
// stream, and an unembedding. No MLP, no layer norm. d_model 32, seed 3 (the run docs/induction.md documents).
var m = attentionOnly(task, 2, 3)
// Train: 2000 steps of 32 sequences, Adam lr 2e-2 decaying to 0. Watch the repeated-half loss: it sits near
// ln 64 and then falls within a few dozen steps, the phase change of Olsson et al.
var run = trainer(m, task).progress(PROGRESS_OFF).run()
chart(run.curve(), "charts/induction_curve.png")
// What each head looks at on one sequence BOS, x, x. Layer 0 head 1 attends to the previous token (the line just
// below the diagonal). The layer-1 heads draw the induction stripe: from query i in the second half to key
// i - 15 (n - 1 to the left of the diagonal), the token after the earlier copy of the current one.
chart(headsGrid(m, task), "charts/induction_heads.png")
// The same in numbers, by the head detectors of the real models (a perfect head scores 1): previous-token and
// induction scores for every [layer, head].
var scores = inductionScores(m, task)
chart(scores.heatmap(), "charts/induction_scores.png")
// The circuit in the weights: K-composition, how much a layer-1 head's keys read what a layer-0 head writes
// (||W_QK W_OV|| / (||W_QK|| ||W_OV||); random matrices of these shapes give about 0.18). The previous-token head
// feeding the induction heads' keys stands out; Q- and V-composition stay lower.
var comp = composition(m)
chart(comp.heatmap(), "charts/induction_composition.png")
// Switch each head off (zero its output) and measure both halves again: without the previous-token head the
// repeated half is back near ln 64, the induction heads share the work.
var knockout = ablation(m, task)
// The contrast: one layer, the same budget. It can learn that tokens of the sequence come back, not which one
// comes next: the repeated half stays far above 0.
var one = attentionOnly(task, 1, 3)
var run1 = trainer(one, task).progress(PROGRESS_OFF).run()
System.out.println("two layers: repeated half " + num(run.repeatedHalfLoss()) + " nats, phase change at step "
    + run.phaseChangeStep() + "; one layer: repeated half " + num(run1.repeatedHalfLoss()) + " nats (ln 64 = "
    + num(Math.log(64)) + ")")
