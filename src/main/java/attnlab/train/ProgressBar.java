package attnlab.train;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.function.LongSupplier;

/**
 * Training progress: step, loss, accuracy, steps/s and ETA.
 * <ul>
 *   <li>{@link Mode#BAR}: one line redrawn in place with {@code \r}, at most every 100 ms, for a terminal:
 *   <pre>  step  750/1500 [##########..........]  50%  loss 0.1234  acc  98.7%  612 steps/s  ETA 1.2s</pre></li>
 *   <li>{@link Mode#PLAIN}: a few whole lines (at the first step and every quarter), for pipes, logs and scripts.</li>
 *   <li>{@link Mode#OFF}: nothing.</li>
 *   <li>{@link Mode#AUTO}: BAR when standard output is a terminal ({@code System.console()} present and, on JDK 22+,
 *   {@code Console.isTerminal()}), PLAIN otherwise.</li>
 * </ul>
 * Numbers are printed with {@link Fixed} (BigDecimal), identical on every JDK.
 */
public final class ProgressBar {
    /** How progress is shown. */
    public enum Mode { AUTO, BAR, PLAIN, OFF }

    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final Mode mode;
    private final int total;
    private final LongSupplier clock;
    private final long start;
    private long lastDraw = Long.MIN_VALUE;
    private int nextQuarter = 1;
    private int lastLength, lastPrinted;
    // Inline front ends (the Jupyter kernel): the bar is one display area, redrawn in place via Inline.update.
    private static final java.util.concurrent.atomic.AtomicInteger BARS = new java.util.concurrent.atomic.AtomicInteger();
    private final String inlineId = "progress-" + BARS.incrementAndGet();
    private boolean inline;
    private int lastInlineStep; // the step the inline area shows

    /** A progress display for {@code total} steps on {@code out}, timed by {@code System.nanoTime}. */
    public ProgressBar(PrintStream out, Mode mode, int total) {
        this(out, mode, total, System::nanoTime);
    }

    /** As above with an explicit nanosecond clock (tests). */
    ProgressBar(PrintStream out, Mode mode, int total, LongSupplier clock) {
        this.out = out;
        this.mode = mode == Mode.AUTO ? (out == System.out && isTerminal() ? Mode.BAR : Mode.PLAIN) : mode;
        this.total = total;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** The resolved mode (never AUTO). */
    public Mode mode() { return mode; }

    /** Reports that {@code step} steps (1-based) are done, with that step's loss and accuracy. */
    public void update(int step, double loss, double accuracy) {
        if (mode == Mode.OFF) return;
        long now = clock.getAsLong();
        if (attnlab.display.Inline.active() && (step >= total || lastDraw == Long.MIN_VALUE
                || now - lastDraw >= REDRAW_NANOS)) {
            lastDraw = now;
            if (attnlab.display.Inline.update(inlineId, line(step, loss, accuracy, now, true))) {
                inline = true;
                lastInlineStep = step;
                return;
            }
        }
        if (inline) return; // shown inline: nothing in between redraws
        if (mode == Mode.BAR) {
            if (step < total && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) return;
            lastDraw = now;
            String line = line(step, loss, accuracy, now, true);
            String padding = " ".repeat(Math.max(0, lastLength - line.length()));
            lastLength = line.length();
            out.print("\r" + line + padding);
            out.flush();
        } else if (step == 1 || step * 4L >= (long) nextQuarter * total) {
            while (step * 4L >= (long) nextQuarter * total) nextQuarter++;
            out.println(line(step, loss, accuracy, now, false));
            lastPrinted = step;
        }
    }

    /** Ends the display: a newline after the bar, and a note if the user stopped training. */
    public void finish(int step, double loss, double accuracy, boolean stopped) {
        if (mode == Mode.OFF) return;
        if (inline) { // redraw only a state the area does not show yet (a stop between two redraws)
            lastDraw = Long.MIN_VALUE;
            if (step > 0 && step != lastInlineStep) update(step, loss, accuracy);
        } else if (mode == Mode.BAR) {
            lastDraw = Long.MIN_VALUE;
            if (step > 0) update(step, loss, accuracy);
            out.println();
        } else if (step > 0 && step != lastPrinted) {
            out.println(line(step, loss, accuracy, clock.getAsLong(), false));
        }
        if (stopped) out.println("stopped at step " + step + " of " + total
                + " (Ctrl-C): the model keeps the weights trained so far");
        out.flush();
    }

    /** One status line; {@code bar} adds the {@code [####....] 50%} part. */
    String line(int step, double loss, double accuracy, long now, boolean bar) {
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? step / seconds : 0;
        String digits = Integer.toString(total);
        StringBuilder sb = new StringBuilder("step ").append(Fixed.pad(Integer.toString(step), digits.length()))
                .append('/').append(digits);
        if (bar) {
            int filled = (int) ((long) WIDTH * step / Math.max(1, total));
            sb.append(" [").append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(Fixed.pad((long) 100 * step / Math.max(1, total) + "%", 4));
        }
        sb.append("  loss ").append(Fixed.format(loss, 4))
                .append("  acc ").append(Fixed.pad(Fixed.percent(accuracy, 1), 6));
        if (step == 1 && total > 1) return sb.toString(); // one step says nothing about speed (class loading, JIT)
        sb.append("  ").append(Fixed.format(rate, 0)).append(" steps/s");
        if (step < total) sb.append("  ETA ").append(rate > 0 ? Fixed.format((total - step) / rate, 1) + "s" : "?");
        else sb.append("  ").append(Fixed.format(seconds, 2)).append('s');
        return sb.toString();
    }

    /** True when standard output is an interactive terminal. */
    static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try { // JDK 22+: System.console() may exist for a redirected stream; ask it.
            Method m = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17–21: a console exists only for a terminal
        }
    }
}
