package attnlab.jupyter;

/**
 * When the kernel's warm-up ({@link JitWarmup}) may run: only while the shell has been quiet for
 * {@link #QUIET_MILLIS}, so that it never delays a cell.
 *
 * <p>Why: the warm-up keeps a core busy for several seconds. Run right after start-up, as the kernel used to (with the
 * REPL's own warm-up, a toolkit snippet and a completion, before the session was handed to the first cell), it
 * delayed the first result and competed with the first cells for the two cores (docs/jupyter.md, "Speed"). Now a
 * cell that arrives first runs first, and the warm-up happens in the pauses a notebook user leaves between cells. It
 * runs in a JShell of its own on its own thread, never on the shell thread, so {@code is_complete_request} (which
 * {@code jupyter console} waits for only one second) and every other request are served at once.
 */
final class IdleWarmup {
    /** How long the shell must be quiet before a warm-up snippet starts: longer than the gap between queued cells. */
    static final long QUIET_MILLIS = 250;

    private volatile boolean serving;
    private volatile long lastServed = System.nanoTime();

    /** Called by the shell thread around each request it serves. */
    void serving(boolean now) {
        if (!now) lastServed = System.nanoTime();
        serving = now;
    }

    /** True while a request is served or was served less than {@link #QUIET_MILLIS} ago. */
    boolean busy() {
        return serving || System.nanoTime() - lastServed < QUIET_MILLIS * 1_000_000;
    }
}
