package attnlab.jupyter;

import attnlab.repl.Repl;
import org.zeromq.ZMQ;

import java.util.concurrent.CompletableFuture;

/**
 * The start-up work that makes later cells faster but must not delay the first one, run by the shell thread only
 * while the shell socket is quiet.
 *
 * <p>Why: the REPL's warm-up (a toolkit snippet and a completion: {@link Repl#warm()}) takes 0.5–1.3 s on this
 * kind of machine, and the JIT warm-up ({@link JitWarmup}) keeps a core busy for several seconds. Run before the first
 * cell, as the kernel used to, both delayed the first result and competed with the first cells for the two cores
 * (docs/jupyter.md, "Speed"). Run here, a cell that arrives first runs first; the warm-up happens in the pause that
 * a notebook user leaves between opening a notebook and running a cell, or between cells.
 *
 * <p>The REPL warm-up runs on the shell thread, because the session is not thread-safe; the JIT warm-up runs in a
 * JShell of its own on its own thread, and pauses while the shell thread serves a request ({@link #serving}).
 */
final class IdleWarmup {
    /** How long the shell socket must stay quiet before a step runs: longer than the gap between queued cells. */
    static final int QUIET_MILLIS = 250;

    private final CompletableFuture<Repl> repl;
    private final ReplOutput replOutput;
    private final String startup;
    private int step; // 0: the REPL warm-up, 1: the JIT warm-up, 2: done
    private volatile boolean serving;

    IdleWarmup(CompletableFuture<Repl> repl, ReplOutput replOutput, String startup) {
        this.repl = repl;
        this.replOutput = replOutput;
        this.startup = startup;
    }

    /** Called by the shell thread around each request it serves. */
    void serving(boolean now) {
        serving = now;
    }

    /**
     * On the shell thread, before it waits for the next request: runs the warm-up steps one by one while the shell
     * socket ({@code poller}'s only item) stays quiet for {@link #QUIET_MILLIS}; returns when everything ran, as
     * soon as a request is waiting, and when the socket is closed (shutdown).
     */
    void whileQuiet(ZMQ.Poller poller) {
        while (step < 2) {
            int ready;
            try {
                ready = poller.poll(QUIET_MILLIS);
            } catch (RuntimeException e) { // the context was closed: the kernel is shutting down
                return;
            }
            if (ready != 0) return;
            Repl r = repl.getNow(null);
            if (r == null) continue; // the session is still being built
            try {
                if (step == 0) {
                    replOutput.capture(); // a warm-up message belongs to no cell
                    r.warm();
                } else {
                    JitWarmup.start(startup, () -> serving);
                }
            } catch (RuntimeException | Error e) {
                // only a speed-up: a failure here changes nothing the user sees
            }
            step++;
        }
    }

    /** True while steps remain. */
    boolean pending() {
        return step < 2;
    }
}
