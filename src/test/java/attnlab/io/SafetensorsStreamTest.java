package attnlab.io;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/** {@link SafetensorsStream}: ranges decode to what {@link Safetensors#read} gives, from several threads; bad input. */
class SafetensorsStreamTest {
    @TempDir Path dir;

    private Path file(Dtype dtype) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        Random rng = new Random(1);
        m.put("a", Tensor.randn(rng, 3, 5));
        m.put("big", Tensor.randn(rng, 300, 700)); // 210,000 elements: several chunks of 64 Ki
        m.put("b", Tensor.of(new double[][] {{1.5, -2, 0.25}}));
        Path p = dir.resolve(dtype.name() + ".safetensors");
        Safetensors.write(p, m, Map.of(), dtype);
        return p;
    }

    /** Elements [from, to) of {@code name} streamed into a fresh array at their own indices. */
    private static double[] range(SafetensorsStream s, String name, long from, long to) {
        double[] out = new double[(int) s.elements(name)];
        java.util.Arrays.fill(out, Double.NaN);
        s.read(name, from, to, (first, v, n) -> System.arraycopy(v, 0, out, (int) first, n));
        return out;
    }

    @Test
    void rangesEqualWhatReadGivesForF32AndF64() {
        for (Dtype dtype : new Dtype[] {Dtype.F4, Dtype.F8}) {
            Path p = file(dtype);
            TensorFile whole = Safetensors.read(p);
            try (SafetensorsStream s = SafetensorsStream.open(p)) {
                assertEquals(whole.keySet(), s.entries().keySet());
                for (String name : new String[] {"a", "big", "b"}) {
                    double[] want = whole.get(name).matrix().data;
                    assertArrayEquals(want, range(s, name, 0, want.length), dtype + " " + name);
                }
                double[] part = range(s, "big", 70_001, 140_003); // boundaries inside rows and chunks
                double[] want = whole.get("big").matrix().data;
                for (int i = 0; i < part.length; i++)
                    if (i >= 70_001 && i < 140_003) assertEquals(want[i], part[i], "element " + i);
                    else assertTrue(Double.isNaN(part[i]), "element " + i + " was written");
            }
        }
    }

    @Test
    void threadsMayStreamOneFileAtOnce() throws Exception {
        Path p = file(Dtype.F4);
        double[] want = Safetensors.read(p).get("big").matrix().data;
        double[] got = new double[want.length];
        try (SafetensorsStream s = SafetensorsStream.open(p)) {
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> s.read("big", 100_000, want.length,
                    (first, v, n) -> System.arraycopy(v, 0, got, (int) first, n)));
            s.read("big", 0, 100_000, (first, v, n) -> System.arraycopy(v, 0, got, (int) first, n));
            other.get();
        }
        assertArrayEquals(want, got);
    }

    @Test
    void badInputIsNamed() throws Exception {
        Path p = file(Dtype.F8);
        try (SafetensorsStream s = SafetensorsStream.open(p)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.read("nope", 0, 1, (f, v, n) -> { }));
            assertTrue(e.getMessage().contains("has no tensor 'nope'"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> s.read("a", 3, 16, (f, v, n) -> { }));
            assertTrue(e.getMessage().contains("must lie within 0..15 (the elements of a) but was [3, 16)"),
                    e.getMessage());
        }
        SafetensorsStream closed = SafetensorsStream.open(p);
        closed.close(); // unmapped: a read must refuse, not touch the unmapped pages
        IllegalStateException c = assertThrows(IllegalStateException.class, () -> closed.read("a", 0, 1, (f, v, n) -> { }));
        assertTrue(c.getMessage().endsWith("is closed"), c.getMessage());
        closed.close(); // twice is harmless
        Files.delete(p); // nothing holds the file any more
        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, new byte[] {1, 2, 3});
        BadFileException b = assertThrows(BadFileException.class, () -> SafetensorsStream.open(bad));
        assertTrue(b.getMessage().contains("bad.safetensors"), b.getMessage());
        assertThrows(java.io.UncheckedIOException.class, () -> SafetensorsStream.open(dir.resolve("missing")));
    }
}
