package attnlab.plot;

import attnlab.tensor.Tensor;

import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.WindowEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A child JVM driven line by line from a test (stdin commands, stdout answers), so window behaviour is checked in
 * a process with a real (or a broken) DISPLAY, not in the headless test JVM.
 * <pre>
 *   open NAME   show a heatmap titled "attnlab-probe NAME" (again: the same chart value) → "opened NAME"
 *   line NAME   show a line chart titled "attnlab-probe NAME"                              → "opened NAME"
 *   close NAME  post WINDOW_CLOSING to that frame, as the window manager does for a click  → "closed NAME"
 *   count       → "count CHARTWINDOWS SHOWINGFRAMES"
 *   ping        → "pong"
 *   exit        → exit status 0
 * </pre>
 */
public final class ChildProbe {
    public static void main(String[] args) throws Exception {
        System.out.println("ready windows=" + Display.windowsAvailable());
        Map<String, Chart<?>> charts = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split(" ", 2);
            String name = w.length > 1 ? w[1] : "";
            switch (w[0]) {
                case "open" -> {
                    charts.computeIfAbsent(name, n -> Heatmap.of(Tensor.of(new double[][] {{1, 0}, {0.5, 0.5}}))
                            .tokens("a", "b").title("attnlab-probe " + n)).show();
                    System.out.println("opened " + name);
                }
                case "line" -> {
                    charts.computeIfAbsent(name, n -> LineChart.of(new double[] {1, 2, 3}, new double[] {1, 4, 9}, "y")
                            .title("attnlab-probe " + n)).show();
                    System.out.println("opened " + name);
                }
                case "close" -> {
                    Frame target = null;
                    for (Frame f : Frame.getFrames())
                        if (f.isDisplayable() && f.getTitle().equals("attnlab-probe " + name)) target = f;
                    if (target == null) { System.out.println("no window " + name); break; }
                    Toolkit.getDefaultToolkit().getSystemEventQueue()
                            .postEvent(new WindowEvent(target, WindowEvent.WINDOW_CLOSING));
                    while (target.isDisplayable()) Thread.sleep(20);
                    System.out.println("closed " + name);
                }
                case "count" -> {
                    int[] showing = new int[1];
                    EventQueue.invokeAndWait(() -> {
                        for (Window win : Window.getWindows()) if (win.isShowing()) showing[0]++;
                    });
                    System.out.println("count " + ChartWindow.openCount() + " " + showing[0]);
                }
                case "ping" -> System.out.println("pong");
                case "exit" -> System.exit(0);
                default -> System.out.println("unknown " + line);
            }
            System.out.flush();
        }
    }
}
