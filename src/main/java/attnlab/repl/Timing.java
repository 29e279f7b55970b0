package attnlab.repl;

import attnlab.tensor.Interrupts;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;

/**
 * {@code /time EXPR}, like IPython's {@code %timeit}: one warm-up call, then the loop count is raised (1, 2, 5, 10,
 * 20, ...) until one run of the loop takes at least {@link #RUN_NANOS}, then {@link #RUNS} runs are timed. Prints
 * the median time per loop and the spread (fastest and slowest run). The REPL compiles EXPR once into a lambda and
 * calls {@link #measure} from a snippet, so Ctrl-C stops it (the loop polls {@link Interrupts}).
 */
public final class Timing {
    static final long RUN_NANOS = 100_000_000L;
    static final int RUNS = 7;
    private static volatile Object sink;

    private Timing() {}

    /** Times {@code body} and prints one line. */
    public static void measure(Runnable body) {
        body.run();
        long loops = 1;
        while (time(body, loops) < RUN_NANOS && loops < 1_000_000_000L) loops = next(loops);
        long single = time(body, loops);
        int runs = single > 1_000_000_000L ? 3 : RUNS;
        double[] perLoop = new double[runs];
        perLoop[0] = (double) single / loops;
        for (int r = 1; r < runs; r++) perLoop[r] = (double) time(body, loops) / loops;
        System.out.println(report(perLoop, loops));
    }

    /** {@code "12.35 µs per loop (median of 7 runs, 1000 loops each; spread 11.90 µs .. 12.80 µs)"}. */
    static String report(double[] nanosPerLoop, long loops) {
        double[] t = nanosPerLoop.clone();
        Arrays.sort(t);
        return duration(t[t.length / 2]) + " per loop (median of " + t.length + " runs, " + loops + " loop"
                + (loops == 1 ? "" : "s") + " each; spread " + duration(t[0]) + " .. " + duration(t[t.length - 1])
                + ")";
    }

    /** A {@link #report} line. */
    private static final java.util.regex.Pattern REPORT = java.util.regex.Pattern.compile(
            "\\S+ \\S+ per loop \\(median of \\d+ runs, \\d+ loops? each; spread \\S+ \\S+ \\.\\. \\S+ \\S+\\)");

    /**
     * {@code text} with the figures of every {@link #report} line written as {@code ...}, as a transcript expects
     * them under {@code +ELLIPSIS} (they vary from run to run).
     */
    static String masked(String text) {
        return REPORT.matcher(text).replaceAll("... per loop (median of ... runs, ... each; spread ... .. ...)");
    }

    /** A duration in ns, µs, ms or s with 4 significant digits, formatted exactly (BigDecimal). */
    static String duration(double nanos) {
        String[] units = {"ns", "µs", "ms", "s"};
        int u = 0;
        BigDecimal d = new BigDecimal(nanos).round(SIG4);
        while (u < 3 && d.abs().compareTo(THOUSAND) >= 0) {
            d = d.divide(THOUSAND).round(SIG4);
            u++;
        }
        if (d.precision() < 4 || d.scale() < 0) d = d.setScale(Math.max(0, d.scale() + 4 - d.precision()));
        return d.toPlainString() + " " + units[u];
    }

    private static final MathContext SIG4 = new MathContext(4);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    /** 1, 2, 5, 10, 20, 50, ... */
    static long next(long loops) {
        long scale = 1;
        while (loops >= scale * 10) scale *= 10;
        long lead = loops / scale;
        return lead == 1 ? 2 * scale : lead == 2 ? 5 * scale : 10 * scale;
    }

    private static long time(Runnable body, long loops) {
        long t0 = System.nanoTime();
        for (long i = 0; i < loops; i++) {
            Interrupts.poll();
            body.run();
        }
        return System.nanoTime() - t0;
    }

    // Keep results alive so the JIT cannot drop the timed expression.
    public static void sink(Object o) { sink = o; }

    public static void sink(double x) { sink = x; }

    public static void sink(long x) { sink = x; }

    public static void sink(int x) { sink = x; }

    public static void sink(boolean x) { sink = x; }
}
