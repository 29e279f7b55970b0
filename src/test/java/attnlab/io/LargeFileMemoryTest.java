package attnlab.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading a large file needs about its own size in heap, not two copies: a ~96 MiB {@code <f8} file loads in a
 * separate JVM whose heap is capped at 1.2x the file size, with the launcher's SerialGC and with G1 (the JVM
 * default). Shapes: 96 slices of ~1 MiB (.npy, .safetensors, stored .npz), and one 96 MiB matrix under G1. (SerialGC cannot place one array larger
 * than its old generation, 2/3 of the heap, whatever the reader does; docs/formats.md says so.)
 */
class LargeFileMemoryTest {
    @TempDir Path dir;

    /** Writes entries 0, 1, 2, ... as {@code <f8} without building a tensor (so this JVM stays small too). */
    private Path bigNpy(String name, long... shape) throws IOException {
        Path p = dir.resolve(name);
        long n = 1;
        StringBuilder tuple = new StringBuilder("(");
        for (long d : shape) {
            n *= d;
            tuple.append(d).append(", ");
        }
        byte[] header = HostileFilesTest.npy(1, HostileFilesTest.dict("'<f8'", tuple.append(")").toString()),
                new byte[0]);
        try (FileChannel out = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(header));
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (long k = 0; k < n; ) {
                buf.clear();
                while (buf.hasRemaining() && k < n) buf.putDouble(k++);
                buf.flip();
                while (buf.hasRemaining()) out.write(buf);
            }
        }
        return p;
    }

    @Test
    void ninetySixSlicesLoadInOnePointTwoTimesTheFileSizeWithEitherCollector() throws Exception {
        Path p = bigNpy("slices.npy", 96, 1000, 131);
        for (String gc : List.of("-XX:+UseSerialGC", "-XX:+UseG1GC")) expectLoads(p, 96L * 1000 * 131, gc);
    }

    @Test
    void safetensorsAndNpzStreamTheSameWay() throws Exception {
        attnlab.tensor.Tensor t = attnlab.tensor.Tensor.zeros(96, 1000, 131);
        long n = 96L * 1000 * 131;
        for (int b = 0, k = 0; b < t.batch(); b++)
            for (int i = 0; i < 1000 * 131; i++) t.slice(b).data[i] = k++;
        Path st = dir.resolve("big.safetensors"), npz = dir.resolve("big.npz");
        Safetensors.write(st, java.util.Map.of("x", t), null, Dtype.F8);
        Npz.write(npz, java.util.Map.of("x", t), false);
        t = null;
        expectLoads(st, n, "-XX:+UseSerialGC");
        expectLoads(npz, n, "-XX:+UseSerialGC");
    }

    @Test
    void oneBigMatrixLoadsInOnePointTwoTimesTheFileSizeWithG1() throws Exception {
        expectLoads(bigNpy("matrix.npy", 12288, 1024), 12288L * 1024, "-XX:+UseG1GC");
    }

    /** Issue 21 item 13: an honest file too big for the heap fails before reading, naming the file, the size and the flag. */
    @Test
    void aFileTooBigForTheHeapFailsBeforeReadingWithTheSizeAndTheFlag() throws Exception {
        Path p = bigNpy("toobig.npy", 40, 1000, 131); // 40 MiB of <f8
        String out = run(p, "-Xmx24m", "-XX:+UseSerialGC");
        assertTrue(out.contains("attnlab.io.BadFileException: " + p + ": too big for this JVM's heap: shape (40, 1000, 131),"
                + " <f8 needs 40.0 MiB as float64 (8 bytes per element, 5240000 elements) but the heap has "), out);
        assertTrue(out.contains("Give it more heap: ATTNLAB_JAVA_OPTS=-Xmx2g ./attnlab (docs/formats.md)"), out);
        assertTrue(!out.contains("OutOfMemoryError"), out);
    }

    private static void expectLoads(Path p, long n, String gc) throws Exception {
        long heapMiB = (long) Math.ceil(1.2 * Files.size(p) / (1 << 20));
        String out = probe(p, "-Xmx" + heapMiB + "m", gc);
        assertTrue(out.startsWith(String.format(Locale.ROOT, "entries %d sum %.1f", n, n * (n - 1) / 2.0)),
                gc + " -Xmx" + heapMiB + "m: " + out);
    }

    static String probe(Path file, String... flags) throws IOException, InterruptedException {
        return run(file, flags, true);
    }

    /** The probe's output; it may fail. */
    static String run(Path file, String... flags) throws IOException, InterruptedException {
        return run(file, flags, false);
    }

    private static String run(Path file, String[] flags, boolean mustLoad) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                LoadProbe.class.getName(), file.toString()));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "probe timed out");
        if (mustLoad) assertEquals(0, proc.exitValue(), out);
        return out;
    }
}
