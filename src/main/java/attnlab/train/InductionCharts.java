package attnlab.train;

import attnlab.model.ModelRun;
import attnlab.plot.Heatmap;
import attnlab.plot.LineChart;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

/**
 * The pictures of the induction-head run: the loss of both halves against the step with the phase change marked,
 * and the heads of every layer on one repeated sequence. Each returns an {@code attnlab.plot} chart:
 * {@code .show()}, or {@code .save("docs/img/name.png")}.
 */
public final class InductionCharts {
    private InductionCharts() {}

    /**
     * The first-half and repeated-half training loss per step, ln(vocab) as a flat line, and a vertical line at the
     * phase change (the step where the repeated-half loss falls fastest).
     */
    public static LineChart curve(InductionResult r) {
        Checks.notNull(r, "result");
        if (r.steps() == 0) throw new IllegalArgumentException("result has no completed steps: nothing to plot");
        double[] x = r.stepAxis();
        double chance = r.task().chanceLoss();
        LineChart c = LineChart.of(x, r.firstHalf(), "first half (new tokens)")
                .add(x, r.repeatedHalf(), "repeated half")
                .add(new double[] {1, r.steps()}, new double[] {chance, chance},
                        "ln " + r.task().vocab() + " = " + Fixed.format(chance, 3));
        int p = r.phaseChangeStep();
        double top = chance;
        for (double v : r.firstHalf()) top = Math.max(top, v);
        for (double v : r.repeatedHalf()) top = Math.max(top, v);
        if (p > 0) c.add(new double[] {p, p}, new double[] {0, top}, "phase change, step " + p);
        return c.axes("step", "loss (nats)").title("Induction heads: " + r.model().layers()
                + (r.model().layers() == 1 ? " layer" : " layers") + " of " + r.model().heads() + " heads, vocab "
                + r.task().vocab() + ", n " + r.task().n());
    }

    /**
     * The heads of every layer on {@code tokens}: one panel per (layer, head), a row of panels per layer, labels
     * {@code position:token} with BOS spelled out; the causal mask drawn as masked.
     */
    public static Heatmap heads(AttentionOnly model, int[] tokens, int bos) {
        Checks.notNull(model, "model");
        ModelRun r = model.run(tokens, n -> n.endsWith("hook_pattern"));
        int layers = model.layers(), H = model.heads(), L = tokens.length;
        Tensor all = Tensor.zeros(layers * H, L, L);
        String[] titles = new String[layers * H];
        for (int l = 0; l < layers; l++) {
            Tensor p = r.pattern(l);
            for (int h = 0; h < H; h++) {
                all.slice(l * H + h).setTo(p.slice(h));
                titles[l * H + h] = "layer " + l + " · head " + h;
            }
        }
        String[] labels = new String[L];
        for (int t = 0; t < L; t++) labels[t] = t + ":" + (tokens[t] == bos ? "BOS" : Integer.toString(tokens[t]));
        return Heatmap.of(all).panelTitles(titles).columns(H).tokens(labels).values(false)
                .mask(attnlab.attention.Masks.causal(L))
                .title("Attention of every head on BOS, x, x (labels position:token)");
    }

    /** {@link #heads(AttentionOnly, int[], int)} on the evaluation sequence of {@code task} drawn with {@code seed}. */
    public static Heatmap heads(AttentionOnly model, InductionTask task, long seed) {
        Checks.notNull(task, "task");
        return heads(model, task.sequence(seed), task.bos());
    }
}
