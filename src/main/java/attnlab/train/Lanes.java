package attnlab.train;

import attnlab.tensor.Daemons;
import attnlab.tensor.Interrupts;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs two independent halves of a batch at the same time: the second on one shared daemon worker thread, the first
 * on the caller, and always waits for both before returning, so nothing touches the model after a call ends.
 *
 * <p>Training splits every batch of at least {@link #MIN_BATCH} sequences into two halves whatever the machine (the
 * split, and so every rounding, depends only on the batch size); with one processor the halves simply run one after
 * the other, giving the same numbers (so does {@code -Dattnlab.train.threads=1}, for a machine busy with other
 * work). Ctrl-C: the caller's half polls {@link Interrupts} and stops; the worker's half
 * is waited for; then {@link Interrupts.Stopped} propagates.
 */
final class Lanes {
    private Lanes() {}

    /** Batches smaller than this run as one part: the hand-off (about 20 µs) would cost more than it saves. */
    static final int MIN_BATCH = 16;

    /** Two threads unless the machine has one processor or {@code -Dattnlab.train.threads=1}. */
    static final boolean PARALLEL = Runtime.getRuntime().availableProcessors() > 1
            && !"1".equals(System.getProperty("attnlab.train.threads"));
    private static volatile ExecutorService worker;

    /** Runs {@code first} here and {@code second} on the worker (or here, after {@code first}, on one processor). */
    static void both(Runnable first, Runnable second) {
        if (!PARALLEL) {
            first.run();
            second.run();
            return;
        }
        Future<?> f = worker().submit(second);
        Throwable failure = null;
        try {
            first.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {      // Ctrl-C while waiting: finish waiting, then stop
                interrupted = true;
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
                break;
            } catch (RuntimeException | Error e) {  // an asynchronous stop (JShell's ThreadDeath): keep waiting
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException(failure);
        if (interrupted) throw new Interrupts.Stopped();
    }

    private static ExecutorService worker() {
        ExecutorService w = worker;
        if (w == null) {
            synchronized (Lanes.class) {
                if (worker == null)
                    // outside the snippet's thread group: a Ctrl-C on JDK 17 would kill it (Daemons)
                    worker = Executors.newSingleThreadExecutor(r -> Daemons.newThread(r, "attnlab-train-lane"));
                w = worker;
            }
        }
        return w;
    }
}
