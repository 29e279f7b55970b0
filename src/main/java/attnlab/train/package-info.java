/**
 * Exercise 5.9: train a one-layer attention model in seconds and see what its heads learned.
 *
 * <p>The model ({@link attnlab.train.AttentionModel}) is a token embedding plus sinusoidal positional encoding, one
 * multi-head self-attention layer with a residual connection, and an unembedding, trained with softmax
 * cross-entropy ({@link attnlab.train.CrossEntropy}) and {@link attnlab.train.Adam} on a synthetic
 * {@link attnlab.train.Task}. The backward runs through the whole model and reuses
 * {@link attnlab.attention.MultiHeadAttention#backward}; {@link attnlab.train.ModelGradCheck} checks it against
 * central differences. Everything is seeded.
 *
 * <p>A worked example, in the REPL (the facade's functions, statically imported by {@code startup.jsh}) or in Java:
 * <pre>{@code
 * var task = previousTokenTask(8, 10);         // y_t = x_{t-1}, vocab 8, length 10
 * var m = model(task);                         // d_model 16, 1 head, strict-causal mask (j < i), seed 0
 * var r = train(m, task);                      // 1500 steps, batch 64, Adam lr 1e-2; progress bar; Ctrl-C keeps m
 * System.out.println(r);                       // trained 1500/1500 steps in ... s: ... accuracy 100.0% ...
 * System.out.print(headScores(m, task));       // head   prev  prevTL  argmax   back2    self   first
 *                                              //    0  0.916   0.916  100.0%   0.086   0.000   0.119
 * r.curve().save("charts/curve.png");          // loss and accuracy against the step
 * r.heatmaps().show();                         // one heatmap per head, tokens on both axes
 *
 * var c = model(task, 16, 1, CAUSAL);          // the same with j <= i: accuracy 100 %, but prev 0.562, self 0.385
 * train(c, task);
 * System.out.print(headScores(c, task));
 *
 * var d = differenceTask(8, 10);               // y_t = x_{t-1} - x_{t-2}: one head cannot, two heads can
 * var m2 = model(d, 16, 2, STRICT_CAUSAL);
 * trainer(m2, d).steps(3000).run();
 * System.out.print(headScores(m2, d));         // ... heads 0 and 1: one tops t-1 and the other t-2 in 64.4% of rows
 * }</pre>
 * Without the facade: {@code Task.previousToken(8, 10)}, {@code AttentionModel.forTask(task, 16, 1,
 * MaskKind.STRICT_CAUSAL, 0)}, {@code Trainer.of(model, task).run()}, {@code HeadScores.of(model, task)}. The target
 * figures (accuracy, previous-token scores under both masks, wall-clock, steps/s) are printed by
 * {@code bench/train.sh}, which runs {@link attnlab.train.Demo}.
 *
 * <p>Issue 20, induction heads: {@link attnlab.train.AttentionOnly} is an N-layer attention-only transformer on the
 * same computation ({@code ResidualStack}, with learned positions), trained by {@link attnlab.train.InductionTrainer}
 * on {@link attnlab.train.InductionTask} (repeated random tokens). {@link attnlab.train.InductionScores} (the real
 * models' head detectors), {@link attnlab.train.Composition} (K-, Q-, V-composition), {@link attnlab.train.Ablation}
 * (hooks that zero a head) and {@link attnlab.train.InductionCharts} show the circuit; both models are
 * {@link attnlab.model.HookedModel}s. {@link attnlab.train.ModelFiles} saves both under PyTorch's names.
 */
package attnlab.train;
