package attnlab.plot;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The chart-window process: a small JVM that the REPL starts on the first {@code show()} with a display
 * ({@link Viewer}), and that lives as long as the REPL. It reads requests from stdin and shows the charts in windows
 * ({@link ChartWindow}); the REPL's own JVM never connects to X ({@link Headless}).
 *
 * <p>Why a process: Xlib ends the whole process when its X connection dies ({@code xkill}/{@code xdotool
 * windowkill} on a window, an X server that goes away). Here that ends only the viewer; the REPL keeps its
 * variables and starts a new viewer at the next {@code show()}.
 *
 * <p>Protocol. stdin is one {@code ObjectOutputStream}; each request is {@code writeUTF(op)}, {@code writeLong(id)}
 * and, for {@code "show"}, the chart object (the same classes on both sides: the REPL's class path). stdout answers
 * one line per request:
 * <pre>
 *   show  ID CHART  →  "shown ID" | "failed ID REASON"
 *   count ID        →  "count ID CHARTWINDOWS SHOWINGWINDOWS"
 *   close ID        →  "closed ID" | "open ID"   (a WINDOW_CLOSING event, as from the close button; for tests)
 * </pre>
 * End of stdin (the REPL exited) ends the viewer and its windows.
 */
public final class ChartViewer {
    /** Only chart classes and java.base types are accepted from the pipe. */
    static final String FILTER = "maxdepth=20;attnlab.plot.*;java.base/*;!*";

    private ChartViewer() {}

    public static void main(String[] args) throws Exception {
        Headless.markWindowProcess(); // before any chart class is loaded
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(System.in));
        in.setObjectInputFilter(ObjectInputFilter.Config.createFilter(FILTER));
        try {
            while (true) {
                String op = in.readUTF();
                long id = in.readLong();
                switch (op) {
                    case "show" -> {
                        Chart<?> chart = (Chart<?>) in.readObject();
                        try {
                            ChartWindow.show(id, chart);
                            out.println("shown " + id);
                        } catch (Throwable t) {
                            Throwable c = t.getCause() != null ? t.getCause() : t;
                            out.println("failed " + id + " " + String.valueOf(c).replace('\n', ' '));
                        }
                    }
                    case "count" -> {
                        int[] c = ChartWindow.counts();
                        out.println("count " + id + " " + c[0] + " " + c[1]);
                    }
                    case "close" -> out.println((ChartWindow.close(id) ? "closed " : "open ") + id);
                    default -> out.println("failed " + id + " unknown request " + op);
                }
            }
        } catch (EOFException e) {
            System.exit(0);
        }
    }
}
