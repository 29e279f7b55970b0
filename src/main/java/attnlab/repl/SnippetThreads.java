package attnlab.repl;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Runs each snippet on a thread of a {@link ThreadGroup} of ours, so that a thread the snippet starts and that dies
 * of an exception says so, as {@code java} and the jshell tool print it:
 * <pre>
 *   Exception in thread "Thread-2" java.lang.RuntimeException: boom
 *   	at REPL.$JShell$11.lambda$do_it$$0($JShell$11.java:5)
 *   	...
 * </pre>
 * on {@code System.err} (the terminal, or the notebook cell's stderr).
 *
 * <p>Why: the JDK's in-process engine runs a snippet in a thread group that keeps the snippet's own exception and
 * drops every other one (JDK 21+ overrides the group's {@code uncaughtException}; JDK 17 installs a default handler
 * that does the same), so a thread that failed just vanished. A new thread joins the group of the thread that creates
 * it, so the snippet's threads land in this group, whose {@code uncaughtException} prints.
 *
 * <p>The snippet's own outcome is unchanged: its value is returned, and what it throws (an exception, or the
 * {@code ThreadDeath} of the engine's stop) is rethrown on the engine's thread as if the snippet had run there. A
 * stop reaches both threads (the JDK stops, or interrupts, every thread of its group, subgroups included); the
 * engine's thread lets it pass and waits for the snippet's thread, whose outcome is the answer: a toolkit loop that
 * catches the stop and returns what it has (training) still completes its snippet, as before. The group and the thread keep the JDK's
 * names, so a printed thread reads as before ({@code Thread[Thread-2,5,JShell process local execution]}).
 */
final class SnippetThreads {
    private SnippetThreads() {}

    /** What the engine asks the JDK to invoke in place of a snippet's {@code do_it$}. */
    static final Method RUN;

    static {
        try {
            RUN = SnippetThreads.class.getDeclaredMethod("run");
            RUN.setAccessible(true); // invoked from the jdk.jshell module: this class is not public
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // The snippet method RUN runs next: set by the engine's invoking thread right before the JDK calls RUN. JShell
    // runs one snippet at a time.
    private static volatile Method next;

    // The default handler the snippets set (Thread.setDefaultUncaughtExceptionHandler), which decides for a thread
    // without a handler of its own, as in java. Remembered here because JDK 17's engine installs its own default
    // handler (which drops everything) before each snippet: read in prepare, before the engine replaces it.
    private static volatile Thread.UncaughtExceptionHandler snippetsDefault;

    /** Sets the snippet method that the next invocation of {@link #RUN} runs. */
    static void prepare(Method doIt) {
        next = doIt;
        Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
        if (!isEngines(h)) snippetsDefault = h;
    }

    // JDK 17's LocalExecutionControl installs a lambda of its own as the default handler
    private static boolean isEngines(Thread.UncaughtExceptionHandler h) {
        return h != null && h.getClass().getName().startsWith("jdk.jshell.");
    }

    @SuppressWarnings("unused") // through RUN
    private static Object run() throws Throwable {
        Method doIt = next;
        Object[] value = new Object[1];
        Throwable[] thrown = new Throwable[1];
        Thread here = Thread.currentThread();
        Thread snippet = new Thread(new Reporting(here.getThreadGroup()), () -> {
            try {
                value[0] = doIt.invoke(null);
            } catch (InvocationTargetException e) {
                thrown[0] = e.getCause(); // the snippet's exception, or the stop's ThreadDeath
            } catch (Throwable e) {       // IllegalAccessException, or a stop between the lines above
                thrown[0] = e;
            }
        }, here.getName());
        snippet.start();
        boolean interrupted = false;
        while (true) { // the answer is the snippet's own outcome, whatever reaches this thread
            try {
                snippet.join(); // inside the try: a stop that lands on this thread between waits is caught too
                break;
            } catch (InterruptedException e) { // a stop on JDK 21+ interrupts both threads
                interrupted = true;
            } catch (Error e) {                 // a stop on JDK 17 throws ThreadDeath into both threads
                if (!isThreadDeath(e)) throw e;
            }
        }
        if (interrupted) here.interrupt();
        if (thrown[0] != null) throw thrown[0];
        return value[0];
    }

    // ThreadDeath by name: the class is deprecated for removal on newer JDKs
    private static boolean isThreadDeath(Throwable e) {
        return e.getClass().getName().equals("java.lang.ThreadDeath");
    }

    /** The snippet's threads: an uncaught exception is printed, except what a stop (Ctrl-C) throws. */
    private static final class Reporting extends ThreadGroup {
        Reporting(ThreadGroup parent) {
            super(parent, "JShell process local execution");
        }

        @Override
        public void uncaughtException(Thread t, Throwable e) {
            // a stop: silent, as in any thread group (ThreadDeath), and for a snippet's thread running a toolkit
            // loop that polls for it (Interrupts.Stopped; the toolkit's own helpers are in no snippet's group: Daemons)
            if (isThreadDeath(e) || e instanceof attnlab.tensor.Interrupts.Stopped) return;
            Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
            if (isEngines(h)) h = snippetsDefault;
            if (h != null) { // as ThreadGroup.uncaughtException does
                h.uncaughtException(t, e);
                return;
            }
            System.err.print("Exception in thread \"" + t.getName() + "\" ");
            e.printStackTrace(System.err);
        }
    }
}
