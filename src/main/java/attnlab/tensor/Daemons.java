package attnlab.tensor;

/**
 * The toolkit's long-lived helper threads (the attention kernels' helpers, the training lane, the JIT warm-up).
 *
 * <p>Why: a new thread joins the thread group of the thread that creates it, and the toolkit creates its helpers
 * lazily, from whatever REPL snippet first needs them, so they landed in that snippet's group. On JDK 17 the REPL's
 * Ctrl-C is {@code ThreadGroup.stop} of the running snippet's group: it threw {@code ThreadDeath} into an idle
 * helper as well, and the training lane's executor thread died inside {@code LinkedBlockingQueue.take} with the
 * queue's lock broken ({@code IllegalMonitorStateException}), so the next batch, the evaluation that follows a
 * stopped training, waited for it forever. Created in the root group, the helpers are no snippet's threads and no
 * stop reaches them; they need none: their callers poll {@link Interrupts} and wait for them.
 */
public final class Daemons {
    private Daemons() {}

    /** A daemon thread named {@code name} that runs {@code body}, in the root thread group; not started. */
    public static Thread newThread(Runnable body, String name) {
        Thread t = new Thread(root(), body, name);
        t.setDaemon(true);
        return t;
    }

    /** The root thread group ("system"), which no snippet's stop reaches. */
    public static ThreadGroup root() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) g = g.getParent();
        return g;
    }
}
