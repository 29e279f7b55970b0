package attnlab.attention.kernel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Marks work that wants every core, such as a model's load, while it runs: the kernel's background JIT warm-up
 * ({@link Kernels#warmUp}) waits until no such work is held. Why: on a two-core machine the warm-up and the compiler
 * threads it feeds took one core from the first load in a fresh JVM, and that load took twice as long.
 * <pre>
 *   try (Foreground f = Foreground.hold()) { ... }
 * </pre>
 */
public final class Foreground implements AutoCloseable {
    private static final AtomicInteger HELD = new AtomicInteger();
    private boolean closed;

    private Foreground() {}

    /** Holds the foreground until {@link #close}. Nested and concurrent holds are counted. */
    public static Foreground hold() {
        HELD.incrementAndGet();
        return new Foreground();
    }

    /** True while any hold is open. */
    static boolean busy() {
        return held() > 0;
    }

    /** Holds open now. */
    static int held() {
        return HELD.get();
    }

    /** Releases this hold; a second close does nothing. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        HELD.decrementAndGet();
    }
}
