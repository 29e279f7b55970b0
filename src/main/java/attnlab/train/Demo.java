package attnlab.train;

import attnlab.grad.GradReport;
import attnlab.tensor.Tensor;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Exercise 5.9 from the command line: trains the default previous-token model under both masks, prints the target
 * figures side by side with the per-head score tables, checks the whole-model gradient, and saves the charts.
 * <pre>
 *   bench/train.sh                      (or: java -cp target/classes:DEPS attnlab.train.Demo)
 *   options: --steps N      training steps (default 1500)
 *            --heads H      also train with H heads (default 2; 0 = only 1 head)
 *            --difference   also train the two-head task y_t = x_{t−1} − x_{t−2} with 1 and 2 heads
 *            --progress bar|plain|off   (default: bar on a terminal, plain lines otherwise)
 *            --charts DIR   where the PNGs go (default charts); --no-charts to skip them
 * </pre>
 * The default run: vocab 8, length 10, d_model 16, 1 head, batch 64, Adam lr 1e-2, 1500 steps, seeds 0.
 */
public final class Demo {
    private Demo() {}

    private record Run(String label, MaskKind mask, int heads, TrainResult result, HeadScores scores, double cpu) {}

    public static void main(String[] args) {
        int steps = 1500, moreHeads = 2;
        boolean difference = false;
        String charts = "charts";
        ProgressBar.Mode progress = ProgressBar.Mode.AUTO;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--steps" -> steps = Integer.parseInt(value(args, ++i));
                case "--heads" -> moreHeads = Integer.parseInt(value(args, ++i));
                case "--difference" -> difference = true;
                case "--progress" -> progress = ProgressBar.Mode.valueOf(value(args, ++i).toUpperCase());
                case "--charts" -> charts = value(args, ++i);
                case "--no-charts" -> charts = null;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --steps N, --heads H, --difference, --progress bar|plain|off,"
                        + " --charts DIR, --no-charts");
            }
        }
        PrintStream out = System.out;
        Task task = Task.previousToken(8, 10);
        out.println("Exercise 5.9: " + task + "; model d_model 16, Adam lr 0.01, batch 64, " + steps
                + " steps, seed 0");
        List<Run> runs = new ArrayList<>();
        for (int heads : moreHeads > 1 ? new int[] {1, moreHeads} : new int[] {1})
            for (MaskKind mask : new MaskKind[] {MaskKind.STRICT_CAUSAL, MaskKind.CAUSAL})
                runs.add(train(out, task, heads, mask, steps, progress));

        out.println();
        out.println("mask           heads  accuracy  best prev  prevTL   self  argmax  train s  cpu s  steps/s");
        for (Run r : runs)
            out.println(Fixed.pad(r.mask.label(), -13) + Fixed.pad(Integer.toString(r.heads), 7)
                    + Fixed.pad(Fixed.percent(r.result.accuracy(), 1), 10)
                    + Fixed.format(r.scores.bestPrev(), 3, 11) + Fixed.format(r.scores.prevTL(r.scores.best()), 3, 8)
                    + Fixed.format(r.scores.self(r.scores.best()), 3, 7)
                    + Fixed.pad(Fixed.percent(r.scores.prevArgmax(r.scores.best()), 1), 8)
                    + Fixed.format(r.result.seconds(), 2, 9) + Fixed.format(r.cpu, 2, 7)
                    + Fixed.format(r.result.stepsPerSecond(), 0, 9));
        out.println("(best = the head with the highest prev = mean A[i][i-1]; prevTL = TransformerLens sum(A*D)/sum(A);"
                + " argmax = rows whose top key is i-1;");
        out.println(" accuracy on 1000 fresh sequences; train s = wall-clock of the training loop, JIT warm-up"
                + " included; cpu s = CPU time of the whole process meanwhile, all threads)");
        for (Run r : runs) {
            out.println();
            out.println(r.label + ":");
            out.print(r.scores);
        }

        Run def = runs.get(0);
        out.println();
        out.println("targets (issue 7), default run " + def.label + ":");
        out.println("  accuracy >= 99 %:                        " + Fixed.percent(def.result.accuracy(), 1)
                + verdict(def.result.accuracy() >= 0.99));
        out.println("  best-head previous-token score >= 0.9:   " + Fixed.format(def.scores.bestPrev(), 3)
                + verdict(def.scores.bestPrev() >= 0.9));
        out.println("  training wall-clock < 5 s:               " + Fixed.format(def.result.seconds(), 2) + " s"
                + verdict(def.result.seconds() < 5));

        if (difference) differenceTask(out, steps, progress, charts);

        out.println();
        Task tiny = Task.previousToken(5, 4);
        AttentionModel m = AttentionModel.forTask(tiny, 4, 2, MaskKind.STRICT_CAUSAL, 3);
        Random rng = new Random(11);
        for (Tensor p : m.parameters())
            for (int i = 0; i < p.size(); i++) p.matrix().data[i] = 0.5 * rng.nextGaussian();
        GradReport g = ModelGradCheck.check(m, tiny.sample(new Random(1), 3));
        out.println("whole-model gradient check (vocab 5, L 4, d_model 4, 2 heads, strict causal, params"
                + " ~N(0, 0.5^2)): " + (g.passed() ? "OK" : "NOT OK") + ", max abs error "
                + attnlab.tensor.TensorFormat.number(g.maxAbsError()));

        if (charts != null) {
            out.println();
            save(out, def.result.curve(), charts + "/ex5_09_curve.png");
            int[] sample = TrainingCharts.sampleSequence(task, 0);
            for (Run r : runs)
                save(out, TrainingCharts.heads(r.result.model(), sample),
                        charts + "/ex5_09_heads_" + r.mask.name().toLowerCase() + "_" + r.heads + "h.png");
        }
        out.println("JVM total " + Fixed.format(ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0, 2) + " s");
    }

    private static Run train(PrintStream out, Task task, int heads, MaskKind mask, int steps,
                             ProgressBar.Mode progress) {
        String label = task.name() + ", " + heads + (heads == 1 ? " head, " : " heads, ") + mask.label() + " mask";
        out.println();
        out.println(label);
        AttentionModel model = AttentionModel.forTask(task, 16, heads, mask, 0);
        long cpu0 = processCpuNanos();
        TrainResult r = Trainer.of(model, task).steps(steps).progress(progress).run();
        double cpu = (processCpuNanos() - cpu0) / 1e9; // all threads, JIT and GC too, and the 1000-sequence evaluation
        out.println(r);
        return new Run(label, mask, heads, r, r.scores(), cpu);
    }

    /** CPU time of the whole JVM process (every thread), or -1 where the JDK does not report it. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
            return os.getProcessCpuTime();
        return -1;
    }

    private static void differenceTask(PrintStream out, int steps, ProgressBar.Mode progress, String charts) {
        Task diff = Task.difference(8, 10);
        out.println();
        out.println("Two-head task: " + diff + " (needs one head per position: see Task)");
        for (int heads : new int[] {1, 2}) {
            Run r = train(out, diff, heads, MaskKind.STRICT_CAUSAL, 2 * steps, progress);
            out.print(r.scores);
            if (charts != null && heads == 2)
                save(out, r.result.heatmaps(), charts + "/ex5_09_heads_difference_2h.png");
        }
    }

    private static void save(PrintStream out, attnlab.plot.Chart<?> chart, String path) {
        out.println("saved " + chart.save(path));
    }

    private static String verdict(boolean ok) {
        return ok ? "   yes" : "   NO";
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a value");
        return args[i];
    }
}
