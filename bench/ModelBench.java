import attnlab.model.ActivationCache;
import attnlab.model.Model;
import attnlab.model.ModelConfig;
import attnlab.model.ModelRun;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * The attnlab side of bench/model.sh: loads the checkpoints bench/model_reference.py wrote (timed, GPT-2's three
 * times), runs each forward with the FULL cache (every TransformerLens activation kept) at 128 and 1024 tokens, and
 * prints the table beside PyTorch's figures (float64, no cache, same weights) and NumPy's read of the same file.
 * <p>FLOPs (for GFLOP/s and % of peak) count the model's products only, as PyTorch must do them: per block
 * 2·L·D·(H + 2·KV)·dh (q, k, v) + 2·L·H·dh·D (W_O) + 2·L·D·F·(2 GPT-2, 3 Llama) (MLP) + 4·dh·H·L(L+1)/2 (causal
 * attention), and 2·L·D·V for the unembedding; the extra q·kᵀ that the cached {@code hook_attn_scores} costs is not
 * credited.
 * <p>Usage: java --add-modules jdk.incubator.vector -cp CP bench/ModelBench.java DIR REPS PYTHON.json PEAK
 */
public class ModelBench {
    static volatile Object sink;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int reps = Integer.parseInt(args[1]);
        JsonObject py = JsonParser.parseString(Files.readString(Path.of(args[2]))).getAsJsonObject();
        double peak = Double.parseDouble(args[3]);
        StringBuilder table = new StringBuilder();
        table.append("| model | tokens | PyTorch float64, no cache (s) | attnlab, full cache (s) | PyTorch / attnlab"
                + " | attnlab GFLOP/s | % of peak | goal ≥ 1x met |\n|---|---|---|---|---|---|---|---|\n");
        double loadMedian = Double.NaN;
        double[] gpt2Loads = null;
        for (String name : new String[] {"gpt2-small", "smollm-135m"}) {
            Path dir = root.resolve(name);
            double[] loads = new double[name.equals("gpt2-small") ? 3 : 1];
            Model m = null;
            for (int i = 0; i < loads.length; i++) {
                m = null;
                System.gc();
                long t = System.nanoTime();
                m = Model.load(dir);
                loads[i] = (System.nanoTime() - t) / 1e9;
            }
            System.out.println(m + "; loaded in " + fmt(median(loads)) + " s");
            if (name.equals("gpt2-small")) {
                loadMedian = median(loads);
                gpt2Loads = loads;
            }
            JsonObject torch = py.getAsJsonObject("models").getAsJsonObject(name).getAsJsonObject("torch_forward_s");
            Random rng = new Random(0);
            for (int L : new int[] {128, 1024}) {
                int[] ids = new int[L];
                for (int i = 0; i < L; i++) ids[i] = rng.nextInt(m.vocab());
                Model mm = m;
                // warm-up: at least 3 forwards and 12 s, so that the JIT has recompiled what the other model's
                // forwards compiled for their own paths (in a probe, SmolLM after GPT-2 ran about a fifth slower for
                // 10 s while C2 redid Forward.block and the gates' lambdas); PyTorch, with no JIT, gets one
                long warmUntil = System.nanoTime() + 12_000_000_000L;
                for (int w = 0; w < 3 || System.nanoTime() < warmUntil; w++) {
                    sink = null; // one cache at a time: SmolLM's full cache at 1024 tokens is about 7 GB
                    sink = mm.run(ids, ActivationCache.ALL);
                }
                sink = null;
                double[] ts = new double[reps];
                for (int r = 0; r < reps; r++) {
                    long t = System.nanoTime();
                    ModelRun run = mm.run(ids, ActivationCache.ALL);
                    ts[r] = (System.nanoTime() - t) / 1e9;
                    if (run.names().size() != mm.hookNames().size()) throw new AssertionError("cache not full");
                    run = null;
                }
                double s = median(ts), pt = torch.get(Integer.toString(L)).getAsDouble();
                double gflops = flops(m.config(), L) / s / 1e9;
                table.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.2fx | %.1f | %.0f %% | %s |%n",
                        name, L, fmt(pt), fmt(s), pt / s, gflops, 100 * gflops / peak, pt / s >= 1 ? "yes" : "**no**"));
            }
        }
        double np64 = py.get("numpy_read_f64_s").getAsDouble(), np32 = py.get("numpy_read_f32_s").getAsDouble();
        long bytes = py.get("file_bytes").getAsLong();
        System.out.println();
        System.out.print(table);
        System.out.println();
        System.out.println("| load of the GPT-2 small checkpoint (" + fmt(bytes / 1e6) + " MB, F32) | s | MB/s of file"
                + " | NumPy / attnlab |\n|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| attnlab `loadModel` (to float64, shapes checked, weights packed) | %s | %.0f |"
                + "  |%n", fmt(loadMedian), bytes / 1e6 / loadMedian);
        System.out.printf(Locale.ROOT, "| NumPy: read + `astype(float64)` per tensor | %s | %.0f | %.2fx |%n",
                fmt(np64), bytes / 1e6 / np64, np64 / loadMedian);
        System.out.printf(Locale.ROOT, "| NumPy: read as float32 views (no conversion) | %s | %.0f | %.2fx |%n",
                fmt(np32), bytes / 1e6 / np32, np32 / loadMedian);
        StringBuilder runs = new StringBuilder();
        for (double t : gpt2Loads) runs.append(runs.length() == 0 ? "" : ", ").append(fmt(t));
        System.out.println("\nload runs, in order (medians above): attnlab " + runs + " (the first in a fresh JVM, its"
                + " code not yet compiled); NumPy to float64 " + py.get("numpy_read_f64_runs"));
        System.out.println("load goal (attnlab ≥ NumPy reading the same file to float64): "
                + (np64 / loadMedian >= 1 ? "met" : "**not met**"));
    }

    static double flops(ModelConfig c, int L) {
        double D = c.dModel(), H = c.heads(), KV = c.kvHeads(), dh = c.dHead(), F = c.dMlp();
        double perBlock = 2 * L * D * (H + 2 * KV) * dh + 2 * L * H * dh * D
                + 2 * L * D * F * (c.arch().equals("gpt2") ? 2 : 3) + 4 * dh * H * L * (L + 1) / 2.0;
        return c.layers() * perBlock + 2.0 * L * D * c.vocab();
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : v >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
