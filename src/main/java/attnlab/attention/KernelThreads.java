package attnlab.attention;

import attnlab.tensor.Interrupts;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Splits a kernel's independent work units over the cores, but only when there is enough work to pay for it.
 *
 * <p>Handing work to a pooled thread costs about 20 µs on a small VM (performance.md), while 1×8×8 attention takes
 * about 1 µs on one thread, so a call below {@link #MIN_PARALLEL_FLOPS} runs entirely on the caller and never touches
 * the pool. Above it, the caller and {@code cores − 1} daemon helpers take units from a shared counter (dynamic
 * scheduling, so uneven units such as the rows of a causal mask still balance).
 *
 * <p>Ctrl-C: the caller polls {@link Interrupts#poll()} before each unit; when it stops (or any unit throws), the
 * helpers finish their current unit, take no more, and the first error is rethrown on the caller.
 */
final class KernelThreads {
    private KernelThreads() {}

    /** Below this many floating-point operations a call stays on one thread (~0.2 ms of work). */
    static final long MIN_PARALLEL_FLOPS = 3_000_000L;

    /** Threads a call may use: the available processors, or {@code -Dattnlab.threads=N} (benchmarks). */
    static final int CORES = Math.max(1, Integer.getInteger("attnlab.threads", Runtime.getRuntime().availableProcessors()));

    private static volatile ExecutorService pool;

    /** Runs {@code body.accept(u)} for every {@code u} in {@code 0..units-1}, in parallel when {@code flops} is large. */
    static void forEach(int units, long flops, IntConsumer body) {
        Interrupts.poll(); // a caller interrupted before the call stops at once, even if helpers would take every unit
        if (units <= 1 || CORES < 2 || flops < MIN_PARALLEL_FLOPS) {
            for (int u = 0; u < units; u++) {
                Interrupts.poll();
                body.accept(u);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Runnable helper = () -> {
            for (int u; !stop.get() && (u = next.getAndIncrement()) < units; ) body.accept(u);
        };
        int helpers = Math.min(CORES - 1, units - 1);
        Future<?>[] futures = new Future<?>[helpers];
        for (int t = 0; t < helpers; t++) futures[t] = pool().submit(helper);
        Throwable error = null;
        try {
            for (int u; !stop.get() && (u = next.getAndIncrement()) < units; ) {
                Interrupts.poll();
                body.accept(u);
            }
        } catch (Throwable t) {
            error = t;
        }
        stop.set(true);
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) { // keep waiting: helpers may still write into the outputs
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (error == null) error = e.getCause();
                    break;
                }
            }
        }
        if (interrupted && error == null) error = new Interrupts.Stopped();
        if (error instanceof RuntimeException) throw (RuntimeException) error;
        if (error instanceof Error) throw (Error) error;
        if (error != null) throw new IllegalStateException(error);
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (KernelThreads.class) {
                if (pool == null) {
                    pool = Executors.newFixedThreadPool(Math.max(1, CORES - 1), r -> {
                        Thread t = new Thread(r, "attnlab-kernel");
                        t.setDaemon(true);
                        return t;
                    });
                }
                p = pool;
            }
        }
        return p;
    }
}
