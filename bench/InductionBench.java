import attnlab.train.AttentionOnly;
import attnlab.train.Composition;
import attnlab.train.InductionResult;
import attnlab.train.InductionScores;
import attnlab.train.InductionTask;
import attnlab.train.InductionTrainer;
import attnlab.train.ProgressBar;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * attnlab vs PyTorch float64 on the induction-heads run of docs/induction.md (bench/induction.sh runs it): the same
 * model (vocab 64, n 16, 2 layers of 2 heads, d_model 32, seed 3) from the same initial weights on the same batches
 * (exported to .npz), side by side in one run. Prints both times (wall-clock and CPU), the first 20 losses' largest
 * relative difference (must be <= 1e-10), the run's figures, and the machine's load average.
 * Arguments: DIR STEPS TORCH-STEPS PYTHON-COMMAND... (PyTorch trains the first TORCH-STEPS of the same batches; with
 * fewer steps than attnlab the comparison is per step).
 */
public class InductionBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int steps = Integer.parseInt(args[1]);
        int torchSteps = Integer.parseInt(args[2]);
        List<String> python = new ArrayList<>(List.of(args).subList(3, args.length));
        Files.createDirectories(dir);
        InductionTask task = InductionTask.of(64, 16);
        AttentionOnly m = new AttentionOnly(2, 2, 32, task.modelVocab(), task.length(), 3);
        InductionTrainer trainer = InductionTrainer.of(m, task).steps(steps).progress(ProgressBar.Mode.PLAIN);
        trainer.export(dir);
        System.out.println("load average before: " + load());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        InductionResult r = trainer.run();
        double javaCpu = (os.getProcessCpuTime() - cpu0) / 1e9;          // includes the final evaluation
        System.out.println(r);
        InductionScores s = r.scores();
        System.out.print(s);
        System.out.print(Composition.of(m, 0, 1));
        System.out.println("load average after attnlab: " + load());

        python.add("bench/induction_torch.py");
        python.add(dir.toString());
        python.add(Integer.toString(torchSteps));
        Process p = new ProcessBuilder(python).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("PyTorch run failed: " + out);
        var json = com.google.gson.JsonParser.parseString(out).getAsJsonObject();
        var losses = json.getAsJsonArray("losses");
        double worst = 0;
        for (int i = 0; i < Math.min(20, Math.min(steps, torchSteps)); i++) {
            double t = Double.parseDouble(losses.get(i).getAsString());
            worst = Math.max(worst, Math.abs(r.losses()[i] - t) / Math.abs(t));
        }
        double torchWall = json.get("seconds").getAsDouble(), torchCpu = json.get("cpu_seconds").getAsDouble();
        System.out.println("PyTorch: " + json.get("info").getAsString());
        System.out.println("load average after PyTorch: " + load());
        System.out.printf(Locale.ROOT, "%-10s %6s %8s %8s %12s %12s%n", "", "steps", "wall s", "cpu s", "wall ms/step",
                "cpu ms/step");
        System.out.printf(Locale.ROOT, "%-10s %6d %8.2f %8.2f %12.2f %12.2f%n", "attnlab", steps, r.seconds(), javaCpu,
                1e3 * r.seconds() / steps, 1e3 * javaCpu / steps);
        System.out.printf(Locale.ROOT, "%-10s %6d %8.2f %8.2f %12.2f %12.2f%n", "PyTorch", torchSteps, torchWall, torchCpu,
                1e3 * torchWall / torchSteps, 1e3 * torchCpu / torchSteps);
        System.out.printf(Locale.ROOT, "PyTorch / attnlab per step: wall %.2fx, cpu %.2fx; first %d losses agree to %.1e"
                + " relative (%s)%n", (torchWall / torchSteps) / (r.seconds() / steps), (torchCpu / torchSteps)
                / (javaCpu / steps), Math.min(20, Math.min(steps, torchSteps)), worst,
                worst <= 1e-10 ? "<= 1e-10: OK" : "ABOVE 1e-10: FAIL");
        if (worst > 1e-10) System.exit(1);
    }

    private static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
