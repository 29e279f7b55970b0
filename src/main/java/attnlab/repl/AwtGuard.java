package attnlab.repl;

import java.awt.AWTEvent;
import java.awt.Toolkit;
import java.awt.event.WindowEvent;
import javax.swing.JFrame;
import javax.swing.WindowConstants;

/**
 * Closing a chart window must not end the REPL. XChart's {@code SwingWrapper} (and many examples) set
 * {@code EXIT_ON_CLOSE}, whose {@code System.exit} runs in Swing's code, out of reach of {@link ExitGuard}. Once a
 * snippet has started AWT, this installs a window listener that turns {@code EXIT_ON_CLOSE} into
 * {@code DISPOSE_ON_CLOSE} before the frame handles the event (AWT event listeners see events first). AWT is never
 * loaded on our account: we only look for its event thread.
 */
final class AwtGuard {
    private static volatile boolean installed;

    private AwtGuard() {}

    /** Called after each evaluation; cheap when AWT is not running. */
    static void installIfAwtRunning() {
        if (installed || !awtRunning()) return;
        synchronized (AwtGuard.class) {
            if (installed) return;
            installed = true;
            Toolkit.getDefaultToolkit().addAWTEventListener(e -> {
                if (e.getID() >= WindowEvent.WINDOW_FIRST && e.getID() <= WindowEvent.WINDOW_LAST
                        && e.getSource() instanceof JFrame) {
                    JFrame f = (JFrame) e.getSource();
                    if (f.getDefaultCloseOperation() == WindowConstants.EXIT_ON_CLOSE)
                        f.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
                }
            }, AWTEvent.WINDOW_EVENT_MASK);
        }
    }

    private static boolean awtRunning() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) root = root.getParent();
        Thread[] threads = new Thread[root.activeCount() + 8];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) if (threads[i].getName().startsWith("AWT-EventQueue")) return true;
        return false;
    }
}
