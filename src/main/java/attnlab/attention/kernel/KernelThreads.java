package attnlab.attention.kernel;

import attnlab.tensor.Daemons;
import attnlab.tensor.Interrupts;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Splits a kernel's independent work units over the cores, but only when there is enough work to pay for it.
 *
 * <p>Waking a parked thread costs 20 µs or more on a small VM (performance.md), while 1×8×8 attention takes about
 * 1 µs on one thread, so a call below {@link #MIN_PARALLEL_FLOPS} runs entirely on the caller and never touches the
 * helpers. Above it, the caller and {@code cores − 1} daemon helpers take units from a shared counter (dynamic
 * scheduling, so uneven units such as the rows of a causal mask still balance). A helper that finishes keeps polling
 * for the next call for {@link #SPIN_NANOS} before it parks, as OpenBLAS's threads do: back-to-back calls (a
 * training loop, 8×64×64 attention at ~0.15 ms a call) then skip the wake-up. One call uses the helpers at a time;
 * a concurrent call (another thread) runs on its own thread.
 *
 * <p>Public for the element-wise steps of {@code attnlab.model}'s forward pass (gelu, SwiGLU, the unembedding's
 * transpose), which split their rows the same way.
 *
 * <p>Ctrl-C: the caller polls {@link Interrupts#poll()} before each unit; when it stops (or any unit throws), the
 * helpers finish their current unit, take no more, and the first error is rethrown on the caller.
 */
public final class KernelThreads {
    private KernelThreads() {}

    /** Below this many floating-point operations a call stays on one thread (~0.2 ms of work). */
    static final long MIN_PARALLEL_FLOPS = 3_000_000L;

    /** Threads a call may use: the available processors, or {@code -Dattnlab.threads=N} (benchmarks). */
    static final int CORES = Math.max(1, Integer.getInteger("attnlab.threads", Runtime.getRuntime().availableProcessors()));

    /** How long an idle helper polls for the next call before it parks, and the caller for the helpers to finish. */
    static final long SPIN_NANOS = 50_000L;

    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile Helper[] helpers;

    /**
     * One parallel call: its units, the shared counter, and how many helpers are inside it. The caller closes the job
     * when it has no units left; a helper that had not entered by then (descheduled on a busy machine) stays out,
     * so the caller waits only for helpers that are actually running a unit.
     */
    private static final class Job {
        static final int CLOSED = 1 << 30;
        final int units;
        final IntConsumer body;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger(), inside = new AtomicInteger();
        final AtomicBoolean stop = new AtomicBoolean();
        volatile Throwable error;

        Job(int units, IntConsumer body) {
            this.units = units;
            this.body = body;
            this.caller = Thread.currentThread();
        }

        boolean enter() {
            for (int s; ((s = inside.get()) & CLOSED) == 0; ) if (inside.compareAndSet(s, s + 1)) return true;
            return false;
        }

        void leave() {
            if (inside.decrementAndGet() == CLOSED) LockSupport.unpark(caller);
        }

        void fail(Throwable t) {
            if (error == null) error = t;
            stop.set(true);
        }
    }

    /** Runs {@code body.accept(u)} for every {@code u} in {@code 0..units-1}, in parallel when {@code flops} is large. */
    public static void forEach(int units, long flops, IntConsumer body) {
        Interrupts.poll(); // a caller interrupted before the call stops at once, even if helpers would take every unit
        if (units <= 1 || CORES < 2 || flops < MIN_PARALLEL_FLOPS || !BUSY.compareAndSet(false, true)) {
            for (int u = 0; u < units; u++) {
                Interrupts.poll();
                body.accept(u);
            }
            return;
        }
        try {
            Helper[] hs = helpers();
            Job job = new Job(units, body);
            for (int h = 0; h < Math.min(hs.length, units - 1); h++) hs[h].hand(job);
            try {
                for (int u; !job.stop.get() && (u = job.next.getAndIncrement()) < units; ) {
                    Interrupts.poll();
                    body.accept(u);
                }
            } catch (Throwable t) {
                job.fail(t);
            }
            job.stop.set(true);
            job.inside.getAndAdd(Job.CLOSED);
            boolean interrupted = false;
            for (long spun = System.nanoTime(); job.inside.get() != Job.CLOSED; ) { // helpers may still write into the outputs
                if (System.nanoTime() - spun < SPIN_NANOS) Thread.onSpinWait();
                else LockSupport.park(job);
                interrupted |= Thread.interrupted(); // keep waiting; report it as Stopped below
            }
            Throwable error = job.error;
            if (interrupted && error == null) error = new Interrupts.Stopped();
            if (error instanceof RuntimeException) throw (RuntimeException) error;
            if (error instanceof Error) throw (Error) error;
            if (error != null) throw new IllegalStateException(error);
        } finally {
            BUSY.set(false);
        }
    }

    /** A daemon thread that runs the units of whatever {@link Job} it is handed. */
    private static final class Helper extends Thread {
        private final AtomicReference<Job> job = new AtomicReference<>();

        Helper(int i) {
            super(Daemons.root(), "attnlab-kernel-" + i); // no snippet's thread: a stop would kill it (Daemons)
            setDaemon(true);
        }

        void hand(Job j) {
            job.set(j);
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                Job j = awaitJob();
                job.compareAndSet(j, null); // (a newer job handed meanwhile stays)
                if (!j.enter()) continue; // too late: the caller has done every unit
                try {
                    for (int u; !j.stop.get() && (u = j.next.getAndIncrement()) < j.units; ) j.body.accept(u);
                } catch (Throwable t) {
                    j.fail(t);
                } finally {
                    j.leave();
                }
            }
        }

        private Job awaitJob() {
            for (long spun = System.nanoTime(); ; ) {
                Job j = job.get();
                if (j != null) return j;
                if (System.nanoTime() - spun < SPIN_NANOS) Thread.onSpinWait();
                else LockSupport.park(this); // returns on hand()'s unpark (or spuriously: the loop re-checks)
                Thread.interrupted(); // nobody should interrupt a helper; never let a stray flag spin the loop
            }
        }
    }

    private static Helper[] helpers() {
        Helper[] hs = helpers;
        if (hs == null) {
            synchronized (KernelThreads.class) {
                if (helpers == null) {
                    Helper[] made = new Helper[CORES - 1];
                    for (int i = 0; i < made.length; i++) {
                        made[i] = new Helper(i);
                        made[i].start();
                    }
                    helpers = made;
                }
                hs = helpers;
            }
        }
        return hs;
    }
}
