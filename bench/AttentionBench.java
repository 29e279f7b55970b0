import attnlab.attention.Attention;
import attnlab.attention.kernel.AttentionKernel;
import attnlab.attention.Masks;
import attnlab.attention.MultiHeadAttention;
import attnlab.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * attnlab's attention benchmark: one run prints NumPy and attnlab side by side (bench/attention.sh runs it).
 *
 * <p>For every case it first asks {@code bench/numpy_reference.py --serve} (a long-lived Python process) for NumPy's
 * median, then measures attnlab's public API the same way (warm-up, then timed samples for about a second, median),
 * so both see the same machine load. The peak is NumPy's float64 2048² matmul on all cores, measured in the same
 * run; without NumPy it is attnlab's own 2048² {@code x·W} (a lower bound of the hardware peak), and the
 * NumPy column stays empty. Forward FLOPs are 4·n²·d per B·H slice, counted in full for the causal rows too (NumPy
 * does the full work there; attnlab skips the blocked half); backward FLOPs are 8·n²·d (four matrix products); MHA
 * adds 2·L·D² per projection and batch entry.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp target/classes:DEPS bench/AttentionBench.java
 * [--quick] [--no-numpy]}
 */
public class AttentionBench {
    static boolean quick;
    static volatile Object sink;

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        quick = a.contains("--quick");
        NumPy np = a.contains("--no-numpy") ? null : NumPy.start();
        String kernel = AttentionKernel.get().name();
        System.out.printf(Locale.ROOT, "attnlab attention benchmark: float64, kernel %s, JDK %s, %d cores, load %s%n",
                kernel, Runtime.version(), Runtime.getRuntime().availableProcessors(), load());
        double peak;
        String peakSource;
        if (np != null) {
            peak = Double.parseDouble(np.ask("peak").split(" ")[1]);
            String t = System.getenv("OPENBLAS_NUM_THREADS");
            peakSource = "NumPy " + np.version + " float64 matmul 2048x2048, "
                    + (t == null ? "OpenBLAS on all cores" : "OPENBLAS_NUM_THREADS=" + t) + ", same run";
        } else {
            peak = ownPeak();
            peakSource = "attnlab's own x·W (AttentionKernel.times) 2048x2048, NumPy absent: a lower bound of the hardware";
        }
        System.err.println("measuring (NumPy, then attnlab, case by case); the table follows at the end");
        int[][] shapes = {{1, 8, 8}, {8, 64, 64}, {16, 128, 64}, {8, 512, 64}, {4, 1024, 64}, {1, 2048, 64}};
        Random rng = new Random(0);
        for (int[] s : shapes) {
            int bh = s[0], n = s[1], d = s[2];
            Tensor Q = Tensor.randn(rng, bh, n, d), K = Tensor.randn(rng, bh, n, d), V = Tensor.randn(rng, bh, n, d);
            Tensor causal = Masks.causal(n);
            double flops = 4.0 * bh * n * n * d;
            for (String mask : new String[] {"none", "causal"}) {
                Tensor m = mask.equals("causal") ? causal : null;
                double ref = np == null ? Double.NaN : lastNumber(np.ask("forward " + bh + " " + n + " " + d + " " + mask));
                double ms = medianMs(() -> sink = Attention.attention(Q, K, V, m, Double.NaN));
                row(mask.equals("causal") ? "forward, causal" : "forward", bh + "×" + n + "×" + d, ref, ms, flops, peak);
            }
        }
        for (int[] s : new int[][] {{8, 512, 64}, {16, 128, 64}}) { // backward from the saved P, as NumPy's
            int bh = s[0], n = s[1], d = s[2];
            Tensor Q = Tensor.randn(rng, bh, n, d), K = Tensor.randn(rng, bh, n, d), V = Tensor.randn(rng, bh, n, d);
            Tensor dO = Tensor.randn(rng, bh, n, d);
            Attention.Result cache = Attention.forward(Q, K, V, null, Double.NaN);
            double ref = np == null ? Double.NaN : lastNumber(np.ask("backward " + bh + " " + n + " " + d));
            double ms = medianMs(() -> sink = Attention.backward(dO, cache));
            row("backward", bh + "×" + n + "×" + d, ref, ms, 8.0 * bh * n * n * d, peak);
        }
        for (int[] s : new int[][] {{2, 512, 512, 8}}) { // MHA self-attention forward: 4 projections + attention
            int b = s[0], l = s[1], dm = s[2], h = s[3];
            MultiHeadAttention mha = new MultiHeadAttention(dm, h, 0L);
            Tensor x = Tensor.randn(rng, b, l, dm);
            double ref = np == null ? Double.NaN : lastNumber(np.ask("mha " + b + " " + l + " " + dm + " " + h));
            double ms = medianMs(() -> sink = mha.forward(x));
            double flops = 4 * 2.0 * b * l * dm * dm + 4.0 * b * h * l * l * (dm / h);
            row("MHA forward, B=" + b + " H=" + h, b + "×" + l + "×" + dm + " (B × L × D)", ref, ms, flops, peak);
        }
        // the peak again at the end: on a shared machine one measurement can be badly low; the better one counts
        if (np != null) peak = Math.max(peak, Double.parseDouble(np.ask("peak").split(" ")[1]));
        else peak = Math.max(peak, ownPeak());
        System.out.printf(Locale.ROOT, "peak: %.1f GFLOP/s (%s; the better of a measurement at the start and one at "
                + "the end)%n%n", peak, peakSource);
        System.out.println("| case | B·H × n × d | NumPy ms | attnlab ms | NumPy / attnlab | attnlab GFLOP/s | % of peak |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (double[] r : rows)
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f | %.0f %% |%n", labels.get((int) r[0]),
                    shapesText.get((int) r[0]), Double.isNaN(r[1]) ? "–" : fmt(r[1]), fmt(r[2]),
                    Double.isNaN(r[1]) ? "–" : String.format(Locale.ROOT, "%.1fx", r[1] / r[2]), r[3],
                    100 * r[3] / peak);
        System.out.printf(Locale.ROOT, "%nload average at the end: %s%n", load());
        if (np == null && a.contains("--no-numpy")) System.out.println("NumPy column empty: --no-numpy was given.");
        else if (np == null)
            System.out.println("NumPy column empty: python3 with NumPy was not found. On Debian: "
                    + "sudo apt-get install python3-numpy (or: pip install numpy), then run this command again.");
        else np.close();
    }

    static final List<double[]> rows = new ArrayList<>(); // {index, NumPy ms, attnlab ms, GFLOP/s}
    static final List<String> labels = new ArrayList<>(), shapesText = new ArrayList<>();

    /** Records one table row (printed at the end, once the peak is known) and reports progress on stderr. */
    static void row(String what, String shape, double ref, double ms, double flops, double peak) {
        double gflops = flops / (ms * 1e-3) / 1e9;
        rows.add(new double[] {labels.size(), ref, ms, gflops});
        labels.add(what);
        shapesText.add(shape);
        System.err.printf(Locale.ROOT, "  %s %s: NumPy %s ms, attnlab %s ms%n", what, shape,
                Double.isNaN(ref) ? "–" : fmt(ref), fmt(ms));
    }

    static String fmt(double ms) {
        return String.format(Locale.ROOT, ms < 0.01 ? "%.4f" : ms < 1 ? "%.3f" : ms < 10 ? "%.2f" : "%.1f", ms);
    }

    static double lastNumber(String line) {
        String[] w = line.trim().split(" ");
        return Double.parseDouble(w[w.length - 1]);
    }

    /**
     * Median ms per call: warm-up (at least 2 s and 20 000 calls, at most 6 s: the Vector API runs hundreds of times
     * slower until C2 has compiled it), then samples of enough calls to last ≥ 1 ms, for about a second.
     */
    static double medianMs(Runnable f) {
        long warm = (quick ? 300 : 2000) * 1_000_000L, budget = (quick ? 300 : 1000) * 1_000_000L;
        long t0 = System.nanoTime();
        int calls = 0;
        while (calls < 5 || System.nanoTime() - t0 < warm
                || (!quick && calls < 20_000 && System.nanoTime() - t0 < 3 * warm)) {
            f.run();
            calls++;
        }
        long perCall = Math.max(1, (System.nanoTime() - t0) / calls);
        int inner = (int) Math.max(1, 1_000_000L / perCall);
        List<Double> samples = new ArrayList<>();
        long start = System.nanoTime();
        while (samples.size() < 7 || (System.nanoTime() - start < budget && samples.size() < 2000)) {
            long s = System.nanoTime();
            for (int i = 0; i < inner; i++) f.run();
            samples.add((System.nanoTime() - s) / 1e6 / inner);
        }
        samples.sort(null);
        return samples.get(samples.size() / 2);
    }

    /** GFLOP/s of the kernel's own 2048² matrix product (EJML's {@code mult} under the loops kernel). */
    static double ownPeak() {
        Random r = new Random(1);
        Tensor x = Tensor.randn(r, 1, 2048, 2048), w = Tensor.randn(r, 2048, 2048), z = Tensor.zeros(1, 2048, 2048);
        double ms = medianMs(() -> AttentionKernel.get().times(x, w, z));
        return 2.0 * 2048 * 2048 * 2048 / (ms * 1e-3) / 1e9;
    }

    static String load() {
        try {
            String[] w = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return w[0] + " " + w[1] + " " + w[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The NumPy reference as a long-lived process answering one request line at a time. */
    static final class NumPy implements AutoCloseable {
        final Process process;
        final PrintWriter in;
        final BufferedReader out;
        String version = "?";

        private NumPy(Process p) {
            this.process = p;
            this.in = new PrintWriter(p.getOutputStream(), true);
            this.out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        }

        /** Starts {@code bench/numpy_reference.py --serve}; null when python3 or NumPy is missing. */
        static NumPy start() {
            try {
                List<String> cmd = new ArrayList<>(List.of("python3", "bench/numpy_reference.py", "--serve"));
                if (quick) cmd.add("--quick");
                NumPy np = new NumPy(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start());
                String ready = np.out.readLine(); // "ready <numpy version>", or nothing if the import failed
                if (ready == null || !ready.startsWith("ready")) {
                    np.close();
                    return null;
                }
                np.version = ready.substring(5).trim();
                return np;
            } catch (IOException e) {
                return null;
            }
        }

        String ask(String request) throws IOException {
            in.println(request);
            String line = out.readLine();
            if (line == null) throw new IOException("bench/numpy_reference.py stopped while answering: " + request);
            return line;
        }

        @Override
        public void close() {
            in.close();
            process.destroy();
        }
    }
}
