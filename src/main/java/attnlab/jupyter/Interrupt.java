package attnlab.jupyter;

/**
 * SIGINT as a stop, not as the end of the JVM. The kernelspec asks clients to interrupt by message, but Ctrl-C in
 * the terminal that started Jupyter (or a client that signals anyway) still sends SIGINT to the kernel's process.
 */
final class Interrupt {
    private Interrupt() {}

    /** Runs {@code stop} on every SIGINT; does nothing where the JVM does not offer signal handling. */
    @SuppressWarnings("removal")
    static void onSigint(Runnable stop) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> stop.run());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // no handler: SIGINT keeps its default
        }
    }
}
