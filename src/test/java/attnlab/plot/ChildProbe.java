package attnlab.plot;

import attnlab.tensor.Tensor;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A child JVM that stands in for the REPL, driven line by line from a test (stdin commands, stdout answers), so
 * chart behaviour is checked in a process with a real (or a broken) DISPLAY and no {@code java.awt.headless} flag,
 * not in the headless test JVM. Nothing is probed before the first command: the order of calls is the test's.
 * <pre>
 *   open NAME   show a heatmap titled "attnlab-probe NAME" (again: the same chart value) → "opened NAME"
 *   line NAME   show a line chart titled "attnlab-probe NAME"                              → "opened NAME"
 *   save NAME   save heatmap NAME (made if new) as DIR/NAME.png, DIR = -Dattnlab.charts → "saved PATH"
 *   close NAME  close that chart's window as its close button does                         → "closed NAME"
 *   count       → "count CHARTWINDOWS SHOWINGWINDOWS" (in the viewer process)
 *   windows     → "windows true|false" (Display.windowsAvailable)
 *   ping        → "pong"
 *   exit        → exit status 0
 * </pre>
 */
public final class ChildProbe {
    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        Map<String, Chart<?>> charts = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split(" ", 2);
            String name = w.length > 1 ? w[1] : "";
            try {
                switch (w[0]) {
                    case "open" -> {
                        charts.computeIfAbsent(name, ChildProbe::heatmap).show();
                        System.out.println("opened " + name);
                    }
                    case "line" -> {
                        charts.computeIfAbsent(name, n -> LineChart.of(new double[] {1, 2, 3}, new double[] {1, 4, 9},
                                "y").title("attnlab-probe " + n)).show();
                        System.out.println("opened " + name);
                    }
                    case "save" -> {
                        Path p = charts.computeIfAbsent(name, ChildProbe::heatmap)
                                .save(Path.of(System.getProperty(Chart.FALLBACK_DIR_PROPERTY), name + ".png").toString());
                        System.out.println("saved " + p);
                    }
                    case "close" -> {
                        Chart<?> c = charts.get(name);
                        System.out.println(c != null && Viewer.close(c.windowId()) ? "closed " + name : "no window " + name);
                    }
                    case "count" -> {
                        int[] c = Viewer.counts();
                        System.out.println("count " + c[0] + " " + c[1]);
                    }
                    case "windows" -> System.out.println("windows " + Display.windowsAvailable());
                    case "ping" -> System.out.println("pong");
                    case "exit" -> System.exit(0);
                    default -> System.out.println("unknown " + line);
                }
            } catch (Throwable t) { // the test sees the failure as an answer
                System.out.println("error " + t);
            }
            System.out.flush();
        }
    }

    private static Heatmap heatmap(String name) {
        return Heatmap.of(Tensor.of(new double[][] {{1, 0}, {0.5, 0.5}})).tokens("a", "b").title("attnlab-probe " + name);
    }
}
