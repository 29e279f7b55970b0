package attnlab.model;

import attnlab.io.SafetensorsStream;
import attnlab.io.TensorFile;
import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * The weight files of a Hugging Face model directory: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json}'s {@code weight_map} names. Opening one reads the headers only (names, dtypes,
 * shapes), so the memory a load needs is known before any data is read. Then each tensor is checked against the shape
 * {@code config.json} implies ({@link #check}) and streamed, decoded to float64 (F64, F32, F16 and BF16 files), either
 * into a new tensor ({@link #take}) or chunk by chunk into the caller's own layout ({@link #read}, from any thread).
 */
final class Checkpoint implements AutoCloseable {
    private final Path dir;
    private final Map<String, Path> fileOf = new LinkedHashMap<>();
    private final Map<String, TensorFile.Info> info = new LinkedHashMap<>();
    private final Map<Path, SafetensorsStream> streams = new LinkedHashMap<>();

    private Checkpoint(Path dir) {
        this.dir = dir;
    }

    static Checkpoint open(Path dir) {
        Checkpoint c = new Checkpoint(dir);
        try {
            c.addAll();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void addAll() {
        Path single = dir.resolve("model.safetensors"), index = dir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(single)) {
            add(single, null);
        } else if (Files.isRegularFile(index)) {
            Map<String, List<String>> byFile = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : weightMap(index).entrySet())
                byFile.computeIfAbsent(e.getValue(), f -> new ArrayList<>()).add(e.getKey());
            for (Map.Entry<String, List<String>> e : byFile.entrySet()) {
                Path shard = dir.resolve(e.getKey());
                if (!Files.isRegularFile(shard))
                    throw new IllegalArgumentException(index + ": its weight_map names the shard " + e.getKey()
                            + " (for " + e.getValue().get(0) + ") but " + shard + " does not exist");
                add(shard, e.getValue());
            }
        } else {
            throw new IllegalArgumentException(dir + " has no weights: expected model.safetensors, or shards listed in"
                    + " model.safetensors.index.json (PyTorch .bin files are not read: convert them with"
                    + " save_pretrained(dir, safe_serialization=True))");
        }
    }

    private static Map<String, String> weightMap(Path index) {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8));
            if (!e.isJsonObject() || !e.getAsJsonObject().has("weight_map")
                    || !e.getAsJsonObject().get("weight_map").isJsonObject())
                throw new IllegalArgumentException(index + ": has no weight_map object");
            Map<String, String> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> w : e.getAsJsonObject().getAsJsonObject("weight_map").entrySet())
                m.put(w.getKey(), w.getValue().getAsString());
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(index + ": cannot read (" + e + ")", e);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(index + ": not a valid index (" + e.getMessage() + ")");
        }
    }

    private void add(Path file, List<String> expected) {
        SafetensorsStream stream = SafetensorsStream.open(file);
        streams.put(file, stream);
        Map<String, TensorFile.Info> entries = stream.entries();
        if (expected != null)
            for (String k : expected)
                if (!entries.containsKey(k))
                    throw new IllegalArgumentException(file + ": the index says it holds " + k + " but it does not");
        for (Map.Entry<String, TensorFile.Info> e : entries.entrySet()) {
            fileOf.put(e.getKey(), file);
            info.put(e.getKey(), e.getValue());
        }
    }

    Path dir() {
        return dir;
    }

    boolean has(String key) {
        return info.containsKey(key);
    }

    /** The total size of the weight files on disk. */
    long fileBytes() {
        long n = 0;
        for (Path f : new java.util.LinkedHashSet<>(fileOf.values())) {
            try {
                n += Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return n;
    }

    /** Elements of the tensors {@code keep} accepts. */
    long elements(Predicate<String> keep) {
        long n = 0;
        for (Map.Entry<String, TensorFile.Info> e : info.entrySet())
            if (keep.test(e.getKey())) n += product(e.getValue().fileShape());
        return n;
    }

    /**
     * Fails before reading anything when {@code bytes} more would not fit the heap, naming what is needed and the
     * flag that raises it.
     */
    static void checkHeap(Path dir, long bytes, long parameters) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > free) {
            System.gc();
            free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        }
        if (bytes > free) throw tooBig(dir, bytes, parameters);
    }

    /**
     * The error for a model the heap cannot hold (also when the check passed yet the JVM could not place the arrays,
     * e.g. a fragmented heap): what it needs, what is free, and the flag.
     */
    static IllegalArgumentException tooBig(Path dir, long bytes, long parameters) {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory(), free = rt.maxMemory() - used;
        long gib = Math.max(1, (long) Math.ceil((bytes + used + (256L << 20)) / (double) (1L << 30)));
        return new IllegalArgumentException(String.format(Locale.ROOT, "%s needs about %s of heap to load (%,d"
                + " parameters as float64, 8 bytes each) but only %s of the %s heap is free: start attnlab with"
                + " a larger heap, e.g. ATTNLAB_JAVA_OPTS=-Xmx%dg ./attnlab", dir, Memory.bytes(bytes),
                parameters, Memory.bytes(Math.max(0, free)), Memory.bytes(rt.maxMemory()), gib + 1));
    }

    /**
     * Checks that the weights have {@code key} with {@code shape} (a 1-d shape {@code (n,)} is written {@code [1, n]},
     * as attnlab reads it), naming the file, the key and both shapes when not; reads nothing.
     */
    void check(String key, int... shape) {
        Path f = fileOf.get(key);
        if (f == null)
            throw new IllegalArgumentException(dir + ": the weights have no '" + key + "' (config.json's model needs"
                    + " it); " + keysLike(key));
        long[] want = java.util.Arrays.stream(shape).asLongStream().toArray();
        if (!java.util.Arrays.equals(asRead(info.get(key).fileShape()), asRead(want)))
            throw new IllegalArgumentException(f + "[" + key + "] has shape " + shapeOf(key) + " but config.json"
                    + " implies " + (shape.length == 2 && shape[0] == 1 ? "(" + shape[1] + ",)" : Checks.str(shape)));
    }

    /** The tensor {@code key}, checked to have {@code shape} ({@link #check}) and read into a new tensor. */
    Tensor take(String key, int... shape) {
        check(key, shape);
        Tensor t = Tensor.zeros(shape);
        double[] data = t.matrix().data;
        read(key, 0, data.length, (first, v, n) -> System.arraycopy(v, 0, data, (int) first, n));
        return t;
    }

    /** The number of elements of {@code key}. */
    long elements(String key) {
        return product(info.get(key).fileShape());
    }

    private static long product(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    /** A shape as attnlab reads it: a 1-d {@code (n,)} is the row {@code [1, n]}. */
    private static long[] asRead(long[] shape) {
        return shape.length == 1 ? new long[] {1, shape[0]} : shape;
    }

    /** Streams elements {@code [from, to)} of {@code key}, decoded to float64, to {@code sink}; any thread. */
    void read(String key, long from, long to, SafetensorsStream.Sink sink) {
        streams.get(fileOf.get(key)).read(key, from, to, sink);
    }

    /** Closes the weight files. */
    @Override
    public void close() {
        for (SafetensorsStream s : streams.values()) s.close();
        streams.clear();
    }

    private String shapeOf(String key) {
        long[] s = info.get(key).fileShape();
        StringJoiner j = new StringJoiner(", ", s.length == 1 ? "(" : "[", s.length == 1 ? ",)" : "]");
        for (long v : s) j.add(Long.toString(v));
        return j.toString();
    }

    private String keysLike(String key) {
        int dot = key.lastIndexOf('.', key.length() - 2);
        String prefix = dot < 0 ? "" : key.substring(0, dot + 1);
        StringJoiner j = new StringJoiner(", ");
        int n = 0;
        for (String k : info.keySet())
            if (k.startsWith(prefix) && n++ < 8) j.add(k);
        if (n > 0) return "keys under '" + prefix + "': " + j + (n > 8 ? ", ... (" + n + ")" : "");
        j = new StringJoiner(", ");
        n = 0;
        for (String k : info.keySet()) if (n++ < 6) j.add(k);
        return "it has " + info.size() + " keys, e.g. " + j;
    }
}
