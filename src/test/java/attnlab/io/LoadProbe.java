package attnlab.io;

import attnlab.tensor.Tensor;

import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code java -Xmx.. attnlab.io.LoadProbe FILE}: loads a .npy, .npz or .safetensors in a JVM whose heap is capped, and
 * prints the number of entries, their sum and the heap in use afterwards (used by {@link LargeFileMemoryTest} and
 * bench/io.sh).
 */
public final class LoadProbe {
    private LoadProbe() {}

    public static void main(String[] args) {
        Path p = Path.of(args[0]);
        String name = p.getFileName().toString();
        java.util.Collection<Tensor> ts = name.endsWith(".npy") ? java.util.List.of(Npy.read(p))
                : name.endsWith(".npz") ? Npz.read(p).values() : Safetensors.read(p).values();
        long n = 0;
        double sum = 0;
        for (Tensor t : ts) {
            for (int b = 0; b < t.batch(); b++) {
                double[] d = t.slice(b).data;
                for (int k = 0; k < t.rows() * t.cols(); k++) sum += d[k];
            }
            n += t.size();
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "entries %d sum %.1f max heap %d MiB%n", n, sum, rt.maxMemory() >> 20);
    }
}
