import attnlab.Lab;
import attnlab.tensor.Tensor;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * bench/io.sh: save and load of one large float64 array, attnlab against NumPy, side by side in one run, on the same
 * files in the same directory, the two sides alternating run by run (NumPy runs in a small server,
 * bench/io_numpy.py) so that both see the same machine load. After a warm-up round over every operation, REPS rounds
 * run the operations in turn. Per operation: median and best of the REPS runs, MB/s, and the
 * ratio NumPy time / attnlab time (above 1: attnlab is faster). safetensors has no NumPy counterpart and is shown
 * for attnlab alone.
 *   java -Xmx3g -cp ... bench/IoBench.java DIR MB REPS PYTHON...
 */
public class IoBench {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int mb = Integer.parseInt(args[1]), reps = Integer.parseInt(args[2]);
        List<String> python = Arrays.asList(args).subList(3, args.length);
        long n = (long) mb * (1 << 20) / 8;
        Tensor a = n % (1 << 20) == 0 ? Tensor.randn(new Random(0), (int) (n >> 20), 1024, 1024)
                : Tensor.randn(new Random(0), 1, (int) n);
        String npy = dir.resolve("attnlab.npy").toString(), npz = dir.resolve("attnlab.npz").toString();
        String st = dir.resolve("attnlab.safetensors").toString();
        // each operation: {prepare (untimed), run (timed)}
        Map<String, Runnable[]> ops = new LinkedHashMap<>();
        ops.put("save npy (new)", new Runnable[] {() -> delete(npy), () -> Lab.save(a, npy)});
        ops.put("save npy (over)", new Runnable[] {() -> {}, () -> Lab.save(a, npy)});
        ops.put("load npy", new Runnable[] {() -> {}, () -> Lab.load(npy)});
        ops.put("savez (new)", new Runnable[] {() -> delete(npz), () -> Lab.savez(npz, Map.of("x", a))});
        ops.put("loadz", new Runnable[] {() -> {}, () -> Lab.loadz(npz)});
        ops.put("save safetensors", new Runnable[] {() -> delete(st), () -> Lab.saveSafetensors(st, Map.of("x", a))});
        ops.put("load safetensors", new Runnable[] {() -> {}, () -> Lab.loadSafetensors(st)});

        List<String> cmd = new ArrayList<>(python);
        cmd.addAll(List.of("bench/io_numpy.py", dir.toString(), Integer.toString(mb)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader fromNumPy =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter toNumPy =
                new PrintWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8), true);
        String hello = fromNumPy.readLine();
        if (hello == null) throw new IllegalStateException("NumPy side failed to start: " + String.join(" ", cmd));
        JsonObject np = JsonParser.parseString(hello).getAsJsonObject();

        // one warm-up round over every operation, then REPS rounds; within a round the operations run in turn and
        // the two sides alternate run by run, so both see the same machine load
        Map<String, double[]> java = new LinkedHashMap<>(), numpy = new LinkedHashMap<>();
        for (String op : ops.keySet()) {
            java.put(op, new double[reps]);
            if (!op.contains("safetensors")) numpy.put(op, new double[reps]);
        }
        for (int k = -1; k < reps; k++) {
            for (Map.Entry<String, Runnable[]> op : ops.entrySet()) {
                op.getValue()[0].run();
                double tj = time(op.getValue()[1]);
                double tq = numpy.containsKey(op.getKey()) ? numpy(toNumPy, fromNumPy, op.getKey()) : 0;
                if (k >= 0) {
                    java.get(op.getKey())[k] = tj;
                    if (numpy.containsKey(op.getKey())) numpy.get(op.getKey())[k] = tq;
                }
            }
        }
        toNumPy.close();
        p.waitFor();

        System.out.printf(Locale.ROOT, "%d MB float64 (%d values), %d rounds after a warm-up round; files in %s%n",
                mb, n, reps, dir);
        System.out.printf(Locale.ROOT, "Java %s (%s, %s, heap %d MiB), NumPy %s (Python %s)%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                ManagementFactory.getGarbageCollectorMXBeans().get(0).getName(),
                Runtime.getRuntime().maxMemory() >> 20, np.get("version").getAsString(),
                np.get("python").getAsString());
        System.out.printf(Locale.ROOT, "NumPy's OpenBLAS core in use (read at run time): %s; OPENBLAS_CORETYPE/L2_SIZE: %s%n",
                np.get("core").getAsString(), np.get("variables").getAsString());
        System.out.printf(Locale.ROOT, "%-17s %12s %10s %8s   %12s %10s %8s   %s%n", "operation", "attnlab med",
                "best", "MB/s", "NumPy med", "best", "MB/s", "NumPy/attnlab (median)");
        for (Map.Entry<String, double[]> e : java.entrySet()) {
            double[] j = e.getValue();
            double jm = median(j), jb = Arrays.stream(j).min().orElseThrow();
            if (numpy.containsKey(e.getKey())) {
                double[] q = numpy.get(e.getKey());
                double qm = median(q), qb = Arrays.stream(q).min().orElseThrow();
                System.out.printf(Locale.ROOT, "%-17s %10.3f s %8.3f s %8.0f   %10.3f s %8.3f s %8.0f   %.2fx%n",
                        e.getKey(), jm, jb, mb / jm, qm, qb, mb / qm, qm / jm);
            } else {
                System.out.printf(Locale.ROOT, "%-17s %10.3f s %8.3f s %8.0f   %12s %10s %8s   %s%n", e.getKey(), jm,
                        jb, mb / jm, "-", "-", "-", "(no NumPy counterpart)");
            }
        }
        for (String f : new String[] {"attnlab.npy", "attnlab.npz", "attnlab.safetensors", "numpy.npy", "numpy.npz"})
            Files.deleteIfExists(dir.resolve(f));
    }

    private static void delete(String path) {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double numpy(PrintWriter to, BufferedReader from, String op) throws IOException {
        to.println(op);
        String line = from.readLine();
        if (line == null) throw new IllegalStateException("the NumPy side ended during " + op);
        return Double.parseDouble(line);
    }

    private static double median(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
