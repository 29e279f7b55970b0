import attnlab.attention.Attention;
import attnlab.attention.BandMask;
import attnlab.attention.MultiHeadAttention;
import attnlab.attention.kernel.AttentionKernel;
import attnlab.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * attnlab's attention benchmark: NumPy and attnlab side by side, in one run, case by case (bench/attention.sh runs
 * it twice: the main table, then {@code --scaling} in a JVM with a 256 MB heap).
 *
 * <p>For every case it first asks {@code bench/numpy_reference.py --serve} (a long-lived Python process started as
 * {@code env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 ...}, i.e. NumPy with OpenBLAS's native kernels) for
 * NumPy's median, then measures attnlab's public API the same way (warm-up, then timed samples for about a second,
 * median), so both see the same machine load. The peak is NumPy's float64 2048² matmul on all cores, measured at the
 * start and the end of the same run (the better one counts): the machine's FP64 peak for this table.
 *
 * <p>FLOPs: forward 4·d per query-key pair a row may see (causal: n(n+1)/2 pairs, the work that must be done; NumPy
 * does all n² anyway); backward 8·d per pair; MHA adds 2·L·D² per projection and batch entry (4 in the forward, 8 in
 * the backward); x·W is 2·M·K·N.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp target/classes:DEPS bench/AttentionBench.java
 * [--quick] [--no-numpy] [--scaling] [--cpu]}. {@code --cpu} (run with {@code -Dattnlab.threads=1}, as
 * bench/attention.sh --cpu does) times the calling thread's CPU time instead of wall-clock time, NumPy on one thread
 * too: a one-core comparison that other processes on a shared machine barely disturb.
 */
public class AttentionBench {
    static boolean quick, cpu;
    static volatile Object sink;

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        quick = a.contains("--quick");
        cpu = a.contains("--cpu");
        NumPy np = a.contains("--no-numpy") ? null : NumPy.start();
        if (a.contains("--scaling")) scaling(np);
        else mainTable(np, a.contains("--no-numpy"));
        if (np != null) np.close();
    }

    // ================================================================== the main table

    static void mainTable(NumPy np, boolean noNumpy) throws IOException {
        System.out.printf(Locale.ROOT, "attnlab attention benchmark%s: float64; kernel %s; JDK %s; %d cores; "
                        + "load average %s at the start%n", quick ? " (--quick: shorter timings)" : "",
                AttentionKernel.get().name(), Runtime.version(), Runtime.getRuntime().availableProcessors(), load());
        if (cpu)
            System.out.println("--cpu: ONE core each (attnlab -Dattnlab.threads=1, NumPy OPENBLAS_NUM_THREADS=1), times are "
                    + "the calling thread's CPU time, the peak is the one-core peak; the goals are set for both cores, "
                    + "so the verdicts here are indicative only (NumPy's exp and reductions use one core anyway)");
        warnIfBusy();
        double peak = Double.NaN;
        if (np != null) {
            np.printInfo();
            peak = Double.parseDouble(np.ask("peak").split(" ")[1]);
        }
        System.err.println("measuring (NumPy, then attnlab, case by case); the table follows at the end");
        Random rng = new Random(0);
        for (int[] s : new int[][] {{1, 8, 8}, {8, 64, 64}, {16, 128, 64}, {8, 512, 64}, {4, 1024, 64}, {1, 2048, 64}}) {
            int bh = s[0], n = s[1], d = s[2];
            Tensor Q = Tensor.randn(rng, bh, n, d), K = Tensor.randn(rng, bh, n, d), V = Tensor.randn(rng, bh, n, d);
            String shape = bh + "×" + n + "×" + d;
            boolean anchor = n >= 512; // the three shapes with a % of peak goal
            Goal fwd = n == 8 ? Goal.both(2, Double.NaN, 0.002) : anchor ? Goal.both(2, 70, Double.NaN) : Goal.ratio(2);
            row("forward", shape, np, "forward " + bh + " " + n + " " + d + " none",
                    () -> sink = Attention.attention(Q, K, V), 4.0 * bh * n * n * d, fwd);
            row("forward, causal", shape, np, "forward " + bh + " " + n + " " + d + " causal",
                    () -> sink = Attention.bandAttention(Q, K, V, BandMask.causal(), Double.NaN),
                    4.0 * bh * n * (n + 1) / 2 * d, Goal.ratio(2));
        }
        for (int[] s : new int[][] {{8, 512, 64}, {16, 128, 64}}) { // backward from the saved P, as NumPy's
            int bh = s[0], n = s[1], d = s[2];
            Tensor Q = Tensor.randn(rng, bh, n, d), K = Tensor.randn(rng, bh, n, d), V = Tensor.randn(rng, bh, n, d);
            Tensor dO = Tensor.randn(rng, bh, n, d);
            Attention.Result cache = Attention.forward(Q, K, V, null, Double.NaN);
            row("backward", bh + "×" + n + "×" + d, np, "backward " + bh + " " + n + " " + d,
                    () -> sink = Attention.backward(dO, cache), 8.0 * bh * n * n * d, Goal.ratio(n >= 512 ? 2 : 1.5));
        }
        int b = 2, l = 512, dm = 512, h = 8;
        MultiHeadAttention mha = new MultiHeadAttention(dm, h, 0L);
        Tensor x = Tensor.randn(rng, b, l, dm), dY = Tensor.randn(rng, b, l, dm);
        String mhaShape = b + "×" + l + "×" + dm + ", H=" + h;
        double attn = 4.0 * b * l * l * dm, proj = 2.0 * b * l * dm * dm;
        row("MHA forward", mhaShape, np, "mha " + b + " " + l + " " + dm + " " + h, () -> sink = mha.forward(x),
                4 * proj + attn, Goal.ratio(2));
        mha.forward(x);
        row("MHA backward", mhaShape, np, "mhabackward " + b + " " + l + " " + dm + " " + h,
                () -> sink = mha.backward(dY), 8 * proj + 2 * attn, Goal.ratio(2));
        Tensor px = Tensor.randn(rng, 1, 1024, 512), pw = Tensor.randn(rng, 512, 512);
        Tensor pout = Tensor.zeros(1, 1024, 512), hout = Tensor.zeros(8, 1024, 64);
        row("x·W (AttentionKernel.times)", "1024×512 · 512×512", np, "matmul 1024 512 512",
                () -> AttentionKernel.get().times(px, pw, pout), 2.0 * 1024 * 512 * 512, Goal.peak(70));
        row("x·W split into 8 heads (timesHeads)", "1024×512 · 512×512", np, "matmul 1024 512 512",
                () -> AttentionKernel.get().timesHeads(px, pw, 8, hout), 2.0 * 1024 * 512 * 512, Goal.peak(70));
        // the peak again at the end: on a shared machine one measurement can be badly low; the better one counts
        if (np != null) peak = Math.max(peak, Double.parseDouble(np.ask("peak").split(" ")[1]));

        System.out.println();
        if (np != null)
            System.out.printf(Locale.ROOT, "machine FP64 peak: %.1f GFLOP/s (NumPy float64 2048×2048 matmul, OpenBLAS "
                    + "%s, %s; the better of a measurement at the start and one at the end of this run)%n%n",
                    peak, np.core, cpu ? "ONE core, CPU time" : "all cores");
        else
            System.out.println("machine FP64 peak: not measured (" + (noNumpy ? "--no-numpy" : "python3 with NumPy "
                    + "not found: pip install numpy, or on Debian apt-get install python3-numpy") + "); the NumPy, "
                    + "ratio, % of peak and goal columns stay empty\n");
        System.out.println("| case | shape | NumPy ms | attnlab ms | NumPy / attnlab | attnlab GFLOP/s "
                + "| % of peak | goal | met |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        int met = 0, judged = 0;
        for (Row r : rows) {
            double ratio = r.numpy / r.ms, pct = 100 * r.gflops / peak;
            Boolean ok = r.goal.met(ratio, pct, r.ms);
            if (ok != null) {
                judged++;
                if (ok) met++;
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f | %s | %s | %s |%n", r.what, r.shape,
                    fmt(r.numpy), fmt(r.ms), Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.1fx", ratio),
                    r.gflops, Double.isNaN(pct) ? "–" : String.format(Locale.ROOT, "%.0f %%", pct), r.goal,
                    ok == null ? "–" : ok ? "yes" : "**no**");
        }
        System.out.println("\nshape: B·H × n × d for attention, B × L × D with H heads for MHA, M×K · K×N for x·W. Times "
                + "are medians; FLOPs count only the query-key pairs a row may see (causal: half), so NumPy, which "
                + "computes every pair, is not credited for the blocked half. Causal rows use causalAttention.");
        System.out.printf(Locale.ROOT, "%ngoals met: %d of %d. Load average at the end: %s.%n", met, judged, load());
        warnIfBusy();
    }

    /** What a row must reach: a ratio to NumPy, a % of the peak, a time; NaN where it has no such goal. */
    record Goal(double ratio, double percent, double maxMs) {
        static Goal ratio(double r) { return new Goal(r, Double.NaN, Double.NaN); }
        static Goal peak(double p) { return new Goal(Double.NaN, p, Double.NaN); }
        static Goal both(double r, double p, double ms) { return new Goal(r, p, ms); }

        /** null when nothing could be judged (no NumPy for a ratio or peak goal). */
        Boolean met(double measuredRatio, double measuredPercent, double ms) {
            boolean ok = true, judged = false;
            if (!Double.isNaN(ratio) && !Double.isNaN(measuredRatio)) { ok &= measuredRatio >= ratio; judged = true; }
            if (!Double.isNaN(percent) && !Double.isNaN(measuredPercent)) { ok &= measuredPercent >= percent; judged = true; }
            if (!Double.isNaN(maxMs)) { ok &= ms < maxMs; judged = true; }
            return judged ? ok : null;
        }

        @Override
        public String toString() {
            List<String> g = new ArrayList<>();
            if (!Double.isNaN(ratio)) g.add(String.format(Locale.ROOT, "≥ %sx NumPy", ratio == (int) ratio
                    ? Integer.toString((int) ratio) : Double.toString(ratio)));
            if (!Double.isNaN(percent)) g.add(String.format(Locale.ROOT, "≥ %.0f %% of peak", percent));
            if (!Double.isNaN(maxMs)) g.add(String.format(Locale.ROOT, "< %.0f µs", maxMs * 1000));
            return String.join(", ", g);
        }
    }

    record Row(String what, String shape, double numpy, double ms, double gflops, Goal goal) {}

    static final List<Row> rows = new ArrayList<>();

    /** Measures one case, NumPy first, then attnlab; records the row (printed once the peak is known). */
    static void row(String what, String shape, NumPy np, String request, Runnable f, double flops, Goal goal)
            throws IOException {
        double ref = np == null ? Double.NaN : lastNumber(np.ask(request));
        double ms = medianMs(f);
        rows.add(new Row(what, shape, ref, ms, flops / (ms * 1e-3) / 1e9, goal));
        System.err.printf(Locale.ROOT, "  %s %s: NumPy %s ms, attnlab %s ms%n", what, shape, fmt(ref), fmt(ms));
    }

    // ================================================================== the scaling table

    /**
     * One sequence (B·H = 1), d = 64, L = 512 … 16384, without and with a causal mask: attnlab's time and peak heap
     * beside NumPy's time and memory, where NumPy fits. Run by bench/attention.sh in a JVM with -Xmx256m: a dense
     * causal mask at L = 16384 alone would be 2 GB, so the last rows show that the band path never builds one.
     */
    static void scaling(NumPy np) throws IOException {
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf(Locale.ROOT, "%nScaling with the sequence length: one sequence (B·H = 1), d = 64, kernel %s, "
                + "in a JVM with a %d MB heap (-Xmx)%n", AttentionKernel.get().name(), max >> 20);
        System.err.println("measuring the scaling table");
        int[] lengths = {512, 1024, 2048, 4096, 8192, 16384};
        List<String[]> out = new ArrayList<>();
        Random rng = new Random(1);
        for (int l : lengths) {
            Tensor Q = Tensor.randn(rng, 1, l, 64), K = Tensor.randn(rng, 1, l, 64), V = Tensor.randn(rng, 1, l, 64);
            for (String mask : new String[] {"none", "causal"}) {
                Runnable f = mask.equals("none") ? () -> sink = Attention.attention(Q, K, V)
                        : () -> sink = Attention.bandAttention(Q, K, V, BandMask.causal(), Double.NaN);
                String ref = np == null ? "skip --no-numpy"
                        : quick && l > 4096 ? "skip --quick" : np.ask("scaling " + l + " 64 " + mask);
                double ms = medianMs(f, l >= 4096); // also grows the kernel's per-thread buffers, which then stay
                double mb = peakHeapMb(f);           // after the warm-up: C2 code allocates no boxed vectors
                String[] w = ref.split(" ");
                boolean skipped = w[0].equals("skip");
                double npMs = skipped ? Double.NaN : Double.parseDouble(w[4]);
                out.add(new String[] {Integer.toString(l), mask, fmt(ms), String.format(Locale.ROOT, "%.0f", mb),
                        skipped ? "–" : fmt(npMs), skipped ? "–" : w[5],
                        skipped ? "–" : String.format(Locale.ROOT, "%.1fx", npMs / ms),
                        skipped ? ref.substring(5) : ""});
                System.err.printf(Locale.ROOT, "  L=%d %s: attnlab %s ms, %.0f MB; NumPy %s%n", l, mask, fmt(ms), mb, ref);
            }
        }
        System.out.println();
        System.out.println("| L | mask | attnlab ms | attnlab peak heap MB | NumPy ms | NumPy peak MB | NumPy / attnlab "
                + "| note |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String[] r : out) System.out.println("| " + String.join(" | ", r) + " |");
        System.out.println();
        System.out.println("attnlab peak heap = the live heap after a full GC (Q, K, V and the kernel's per-thread "
                + "buffers) + every byte allocated by one call on the calling and the kernel's threads: an upper bound. NumPy peak = its inputs "
                + "(and the boolean causal mask) + the peak allocated during one call (tracemalloc). Causal attnlab "
                + "rows use causalAttention (no mask is built, the blocked half is skipped); NumPy builds the L×L "
                + "mask and does all L² scores. Time grows as L² in both; memory as L in attnlab, as L² in NumPy.");
    }

    /** Live heap after a full GC plus the bytes one call allocates (all threads), in MB. */
    static double peakHeapMb(Runnable f) {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long live = rt.totalMemory() - rt.freeMemory(), before = allocatedBytes();
        f.run();
        return (live + allocatedBytes() - before) / (double) (1 << 20);
    }

    /** Bytes allocated so far by this thread and the kernel's helper threads (attnlab-kernel-*). */
    static long allocatedBytes() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean tm)) return 0;
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet())
            if (t == Thread.currentThread() || t.getName().startsWith("attnlab-kernel-")) {
                long b = tm.getThreadAllocatedBytes(t.getId());
                if (b > 0) sum += b;
            }
        return sum;
    }

    // ================================================================== timing and output helpers

    static String fmt(double ms) {
        if (Double.isNaN(ms)) return "–";
        return String.format(Locale.ROOT, ms < 0.01 ? "%.4f" : ms < 1 ? "%.3f" : ms < 10 ? "%.2f" : "%.1f", ms);
    }

    static double lastNumber(String line) {
        String[] w = line.trim().split(" ");
        return Double.parseDouble(w[w.length - 1]);
    }

    static double medianMs(Runnable f) {
        return medianMs(f, false);
    }

    /** Now, in ns: wall-clock time, or with --cpu this thread's CPU time. */
    static long clock() {
        return cpu ? ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : System.nanoTime();
    }

    /**
     * Median ms per call: warm-up (at least 2 s and 20 000 calls, at most 6 s: the Vector API runs hundreds of times
     * slower until C2 has compiled it; {@code long} calls: 1 s and 3 calls), then samples of enough calls to last
     * ≥ 1 ms, for about a second (at least 7 samples, or 3 for long calls).
     */
    static double medianMs(Runnable f, boolean longCalls) {
        // warm-up and budget on the same clock as the samples: with --cpu on a busy machine, seconds of wall-clock
        // time can be a few calls, not enough for C2 (a half-compiled MHA forward measured 70 ms instead of 41)
        long warm = (quick || longCalls ? 300 : 2000) * 1_000_000L, budget = (quick ? 300 : 1000) * 1_000_000L;
        long t0 = clock();
        int calls = 0;
        while (calls < (longCalls ? 2 : 5) || clock() - t0 < warm
                || (!quick && !longCalls && calls < 20_000 && clock() - t0 < 3 * warm)) {
            f.run();
            calls++;
        }
        long perCall = Math.max(1, (clock() - t0) / calls);
        int inner = (int) Math.max(1, 1_000_000L / perCall);
        List<Double> samples = new ArrayList<>();
        long start = clock();
        while (samples.size() < (longCalls ? 3 : 7) || (clock() - start < budget && samples.size() < 2000)) {
            long s = clock();
            for (int i = 0; i < inner; i++) f.run();
            samples.add((clock() - s) / 1e6 / inner);
        }
        samples.sort(null);
        return samples.get(samples.size() / 2);
    }

    /**
     * On a machine busier than its cores, wall-clock figures mean little: OpenBLAS's threads spin while they wait
     * and collapse when threads outnumber cores (NumPy's 16×128×64 forward went from 1.6 to 143 ms at load 13), and
     * attnlab's helpers get descheduled. Says so, and what to do.
     */
    static void warnIfBusy() {
        try {
            double l = Double.parseDouble(load().split(" ")[0]);
            int cores = Runtime.getRuntime().availableProcessors();
            if (l > cores && !cpu)
                System.out.printf(Locale.ROOT, "WARNING: load average %.1f on %d cores: other processes share the "
                        + "cores, so these wall-clock figures, NumPy's above all, are not meaningful. Re-run on a quiet "
                        + "machine, or use bench/attention.sh --cpu (one core each, CPU time).%n", l, cores);
        } catch (NumberFormatException e) {
            // load unknown: nothing to say
        }
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
        /** The command, as printed: the two variables are unset for this process alone. */
        static final List<String> COMMAND = List.of("env", "-u", "OPENBLAS_CORETYPE", "-u", "OPENBLAS_L2_SIZE",
                "python3", "bench/numpy_reference.py", "--serve");
        final Process process;
        final PrintWriter in;
        final BufferedReader out;
        String version = "?", core = "?";

        private NumPy(Process p) {
            this.process = p;
            this.in = new PrintWriter(p.getOutputStream(), true);
            this.out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        }

        /** Starts {@link #COMMAND}; null when python3 or NumPy is missing. */
        static NumPy start() {
            try {
                List<String> cmd = new ArrayList<>(COMMAND);
                if (quick) cmd.add("--quick");
                if (cpu) cmd.add("--cpu");
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
                if (cpu) pb.environment().put("OPENBLAS_NUM_THREADS", "1");
                NumPy np = new NumPy(pb.start());
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

        /** Prints the command, NumPy's version and the OpenBLAS core type it actually runs (asked at run time). */
        void printInfo() throws IOException {
            String[] f = ask("info").substring(5).split(" \\| ");
            core = f[1];
            System.out.println("NumPy reference: `" + String.join(" ", COMMAND) + "` (NumPy " + f[0] + ", " + f[3]
                    + ")");
            System.out.println("  OpenBLAS core type in use (openblas_get_corename at run time): " + f[1] + "; " + f[2]
                    + "; " + f[4]);
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
