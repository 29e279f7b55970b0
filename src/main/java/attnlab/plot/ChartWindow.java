package attnlab.plot;

import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Window;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;

/**
 * The Swing side of {@link Chart#show()}, run inside the {@link ChartViewer} process: one {@code JFrame} per chart
 * value (named by the id the REPL gave it), {@code DISPOSE_ON_CLOSE} (XChart's {@code SwingWrapper} uses
 * {@code EXIT_ON_CLOSE}). Showing a chart whose window is open updates that window in place and raises it.
 *
 * <p>A window can also vanish behind Java's back: {@code xdotool windowclose} destroys the X window, and AWT still
 * reports the frame as showing. So before updating in place, the frame's X peer is asked whether it is still mapped
 * (needs {@code --add-opens java.desktop/java.awt} and {@code sun.awt.X11}, which the viewer is started with); a
 * frame that was opened, is not iconified and is no longer mapped is replaced by a new one at the same place and size.
 */
final class ChartWindow {
    private static final Map<Long, JFrame> OPEN = new HashMap<>();
    private static final java.util.Set<Window> SEEN_MAPPED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static int opened;

    private ChartWindow() {}

    /**
     * Opens a window for chart {@code id}, or updates and raises the one already open for it. A new window is waited
     * for (up to 5 s) until the X server has mapped it, so it is on screen when this returns.
     */
    static void show(long id, Chart<?> chart) throws InterruptedException, InvocationTargetException {
        JFrame[] created = new JFrame[1];
        Runnable r = () -> {
            JFrame frame = OPEN.get(id);
            String title = chart.title().isEmpty() ? "attnlab " + chart.kind() : chart.title();
            Rectangle bounds = null;
            if (frame != null && frame.isDisplayable() && vanished(frame)) {
                bounds = frame.getBounds();
                OPEN.remove(id);
                SEEN_MAPPED.remove(frame);
                frame.dispose();
                frame = null;
            }
            if (frame != null && frame.isDisplayable()) {
                frame.getContentPane().removeAll();
                frame.getContentPane().add(chart.component(), BorderLayout.CENTER);
                frame.setTitle(title);
                if ((frame.getExtendedState() & Frame.ICONIFIED) != 0) frame.setExtendedState(Frame.NORMAL);
                frame.revalidate();
                frame.repaint();
                frame.toFront();
                return;
            }
            JFrame f = new JFrame(title);
            f.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            f.getContentPane().add(chart.component(), BorderLayout.CENTER);
            if (bounds != null) {
                f.setBounds(bounds);
            } else {
                f.pack();
                int k = opened++ % 8;
                f.setLocation(60 + 32 * k, 60 + 32 * k);
            }
            f.addWindowListener(new WindowAdapter() {
                @Override
                public void windowClosed(WindowEvent e) {
                    OPEN.remove(id, f);
                    SEEN_MAPPED.remove(f);
                }
            });
            OPEN.put(id, f);
            f.setVisible(true);
            created[0] = f;
        };
        if (SwingUtilities.isEventDispatchThread()) r.run();
        else SwingUtilities.invokeAndWait(r);
        if (created[0] != null) awaitMapped(created[0]);
    }

    // Waits until the X server has mapped a new window, and remembers that it was on screen.
    private static void awaitMapped(JFrame f) throws InterruptedException {
        for (int k = 0; k < 250; k++) {
            Boolean mapped = X11Peer.mapped(f);
            if (mapped == null) return; // cannot tell: do not wait
            if (mapped) {
                SEEN_MAPPED.add(f);
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Posts WINDOW_CLOSING to chart {@code id}'s window, as its close button does, and waits until it is gone. */
    static boolean close(long id) throws InterruptedException, InvocationTargetException {
        JFrame[] f = new JFrame[1];
        SwingUtilities.invokeAndWait(() -> f[0] = OPEN.get(id));
        if (f[0] == null) return false;
        java.awt.Toolkit.getDefaultToolkit().getSystemEventQueue()
                .postEvent(new WindowEvent(f[0], WindowEvent.WINDOW_CLOSING));
        for (int k = 0; k < 500 && f[0].isDisplayable(); k++) Thread.sleep(20);
        return !f[0].isDisplayable();
    }

    /** {chart windows, showing windows}: for tests and the viewer's "count" answer. */
    static int[] counts() {
        int[] c = new int[2];
        Runnable r = () -> {
            for (JFrame f : OPEN.values()) if (f.isDisplayable() && !vanished(f)) c[0]++;
            for (Window w : Window.getWindows()) if (w.isShowing() && !vanished(w)) c[1]++;
        };
        try {
            if (SwingUtilities.isEventDispatchThread()) r.run();
            else SwingUtilities.invokeAndWait(r);
        } catch (InterruptedException | InvocationTargetException e) {
            Thread.currentThread().interrupt();
        }
        return c;
    }

    // True when the frame was seen on screen, is not iconified, and its X window is no longer mapped (destroyed or
    // withdrawn by someone else). False whenever this cannot be told (another toolkit, closed reflection).
    private static boolean vanished(Window w) {
        if (!SEEN_MAPPED.contains(w)) return false;
        if (w instanceof Frame f && (f.getExtendedState() & Frame.ICONIFIED) != 0) return false;
        Boolean mapped = X11Peer.mapped(w);
        return mapped != null && !mapped;
    }

    /** Reads {@code sun.awt.X11.XBaseWindow.mapped} of a component's peer; null when it cannot. */
    static final class X11Peer {
        private static final Field PEER, MAPPED;

        static {
            Field peer = null, mapped = null;
            try {
                peer = Component.class.getDeclaredField("peer");
                mapped = Class.forName("sun.awt.X11.XBaseWindow").getDeclaredField("mapped");
                peer.setAccessible(true);
                mapped.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) { // not X11, or not opened to us
                peer = mapped = null;
            }
            PEER = peer;
            MAPPED = mapped;
        }

        private X11Peer() {}

        static Boolean mapped(Component c) {
            if (PEER == null) return null;
            try {
                Object p = PEER.get(c);
                return MAPPED.getDeclaringClass().isInstance(p) ? (Boolean) MAPPED.get(p) : null;
            } catch (IllegalAccessException e) {
                return null;
            }
        }
    }
}
