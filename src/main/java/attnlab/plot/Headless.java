package attnlab.plot;

/**
 * Keeps the JVM that makes charts off the X server: it always runs AWT in its off-screen (headless) mode, and chart
 * windows live in a separate {@link ChartViewer} process.
 *
 * <p>Why: AWT decides headless or not once, when it first starts. With a {@code DISPLAY} that names no X server it
 * believes it has a screen, and the first picture (even an off-screen PNG) throws {@code AWTError}, after which every
 * AWT use fails with {@code NoClassDefFoundError}. With a real display, an X connection that dies (an {@code xkill}
 * of a chart window, an X server that goes away) makes Xlib exit the whole process. Neither may end the REPL, so
 * the REPL's JVM never connects to X at all: {@link #enforce()} runs before any chart touches AWT (from the static
 * initialisers of {@link Chart} and {@link Display}), and only the viewer process opts out.
 */
public final class Headless {
    /** {@code -Djava.awt.headless=true} given by the user (or surefire): then no window is ever opened. */
    private static final boolean REQUESTED = "true".equalsIgnoreCase(System.getProperty("java.awt.headless"));
    private static volatile boolean windowProcess;

    private Headless() {}

    /**
     * Makes AWT start headless in this JVM, unless this is the viewer process. Idempotent and cheap. Public for the
     * REPL, which calls it as a session opens, so that a snippet's own AWT use (a {@code JFrame}) is headless too.
     */
    public static void enforce() {
        if (!windowProcess) System.setProperty("java.awt.headless", "true");
    }

    /** Called first thing by {@link ChartViewer#main}: this JVM shows windows, so it must not be made headless. */
    static void markWindowProcess() { windowProcess = true; }

    /** True when the user asked for no windows with {@code -Djava.awt.headless=true}. */
    static boolean requestedByUser() { return REQUESTED; }
}
