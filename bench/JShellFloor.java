import attnlab.repl.Session;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * bench/kernel.sh, the floor under a Jupyter cell: how long {@code JShell.eval("1+1")} itself takes, in process, with
 * no protocol around it and after the JIT has warmed javac (WARM evals first), for
 *   bare JShell:   JShell.builder().executionEngine("local").build(), no class path, no start-up;
 *   attnlab:       the kernel's Session (startup.jsh, the toolkit on the class path), as a cell runs it.
 * Each eval's snippet is dropped again, as the kernel drops a cell's $N. Prints the median over TIMED evals.
 *   java -cp ... bench/JShellFloor.java [WARM [TIMED]]
 */
public class JShellFloor {
    public static void main(String[] args) throws Exception {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int timed = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());

        JShell bare = JShell.builder().executionEngine("local").out(sink).err(sink).build();
        double bareMs = median(warm, timed, () -> {
            List<SnippetEvent> events = bare.eval("1+1");
            bare.drop(events.get(0).snippet());
        });

        Session session = new Session(sink, Files.readString(Path.of("startup.jsh")));
        double labMs = median(warm, timed, () -> {
            session.eval("1+1");
            session.forgetLastValue();
        });
        System.out.printf(Locale.ROOT, "Java %s: JShell.eval(\"1+1\") warm, in process, median of %d after %d:"
                + " bare JShell %.2f ms, attnlab session %.2f ms%n", System.getProperty("java.version"), timed, warm,
                bareMs, labMs);
    }

    private static double median(int warm, int timed, Runnable eval) {
        for (int i = 0; i < warm; i++) eval.run();
        double[] t = new double[timed];
        for (int i = 0; i < timed; i++) {
            long t0 = System.nanoTime();
            eval.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[timed / 2];
    }
}
