package attnlab.tensor;

/**
 * Cooperative Ctrl-C for long toolkit loops.
 *
 * <p>Why: on JDK 21+ the REPL's local engine stops a snippet by interrupting its thread and by checks that javac
 * inserts into <em>snippet</em> code only; a loop inside a library (ours, EJML's) never sees them and would run to
 * completion. Long loops therefore call {@link #poll()} every so often (per row, per step), which is one intrinsic
 * flag read.
 */
public final class Interrupts {
    private Interrupts() {}

    /** Throws {@link Stopped} if the current thread has been interrupted, clearing the flag. */
    public static void poll() {
        if (Thread.interrupted()) throw new Stopped();
    }

    /** Thrown by {@link #poll()} when the user asked to stop (Ctrl-C). */
    public static final class Stopped extends RuntimeException {
        public Stopped() {
            super("stopped by the user (Ctrl-C)");
        }
    }
}
