package attnlab.plot;

import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import java.awt.BorderLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.lang.reflect.InvocationTargetException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The Swing side of {@link Chart#show()}: one {@code JFrame} per chart value, {@code DISPOSE_ON_CLOSE} (XChart's
 * {@code SwingWrapper} uses {@code EXIT_ON_CLOSE}, which would end the REPL). Only touched after
 * {@link Display#windowsAvailable()} said yes.
 */
final class ChartWindow {
    private static final Map<Chart<?>, JFrame> OPEN = new IdentityHashMap<>();
    private static int opened;

    private ChartWindow() {}

    /** Opens a window for {@code chart}, or updates and raises the one already open for it. */
    static void show(Chart<?> chart) throws InterruptedException, InvocationTargetException {
        Runnable r = () -> {
            JFrame frame = OPEN.get(chart);
            String title = chart.title().isEmpty() ? "attnlab " + chart.kind() : chart.title();
            if (frame != null && frame.isDisplayable()) {
                frame.getContentPane().removeAll();
                frame.getContentPane().add(chart.component(), BorderLayout.CENTER);
                frame.setTitle(title);
                frame.revalidate();
                frame.repaint();
                frame.toFront();
                return;
            }
            JFrame f = new JFrame(title);
            f.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
            f.getContentPane().add(chart.component(), BorderLayout.CENTER);
            f.pack();
            int k = opened++ % 8;
            f.setLocation(60 + 32 * k, 60 + 32 * k);
            f.addWindowListener(new WindowAdapter() {
                @Override
                public void windowClosed(WindowEvent e) { OPEN.remove(chart, f); }
            });
            OPEN.put(chart, f);
            f.setVisible(true);
        };
        if (SwingUtilities.isEventDispatchThread()) r.run();
        else SwingUtilities.invokeAndWait(r);
    }

    /** Number of chart windows currently open (for tests and the REPL's status). */
    static int openCount() {
        int[] c = new int[1];
        try {
            if (SwingUtilities.isEventDispatchThread()) c[0] = OPEN.size();
            else SwingUtilities.invokeAndWait(() -> c[0] = OPEN.size());
        } catch (InterruptedException | InvocationTargetException e) {
            Thread.currentThread().interrupt();
        }
        return c[0];
    }
}
