package attnlab.model;

import attnlab.io.Safetensors;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * The weight files of a Hugging Face model directory: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json}'s {@code weight_map} names. Opening one reads the headers only (names, dtypes,
 * shapes), so the memory a load needs is known before any data is read; {@link #take} then reads a tensor as float64
 * (F64, F32, F16 and BF16 files) and checks its shape against what {@code config.json} implies.
 */
final class Checkpoint {
    private final Path dir;
    private final Map<String, Path> fileOf = new LinkedHashMap<>();
    private final Map<String, TensorFile.Info> info = new LinkedHashMap<>();
    private final Map<Path, Map<String, Tensor>> loaded = new HashMap<>();
    private Predicate<String> wanted = k -> true;

    private Checkpoint(Path dir) {
        this.dir = dir;
    }

    static Checkpoint open(Path dir) {
        Checkpoint c = new Checkpoint(dir);
        Path single = dir.resolve("model.safetensors"), index = dir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(single)) {
            c.add(single, null);
        } else if (Files.isRegularFile(index)) {
            Map<String, List<String>> byFile = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : weightMap(index).entrySet())
                byFile.computeIfAbsent(e.getValue(), f -> new ArrayList<>()).add(e.getKey());
            for (Map.Entry<String, List<String>> e : byFile.entrySet()) {
                Path shard = dir.resolve(e.getKey());
                if (!Files.isRegularFile(shard))
                    throw new IllegalArgumentException(index + ": its weight_map names the shard " + e.getKey()
                            + " (for " + e.getValue().get(0) + ") but " + shard + " does not exist");
                c.add(shard, e.getValue());
            }
        } else {
            throw new IllegalArgumentException(dir + " has no weights: expected model.safetensors, or shards listed in"
                    + " model.safetensors.index.json (PyTorch .bin files are not read: convert them with"
                    + " save_pretrained(dir, safe_serialization=True))");
        }
        return c;
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
        Map<String, TensorFile.Info> entries = Safetensors.entries(file);
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
        for (Map.Entry<String, TensorFile.Info> e : info.entrySet()) {
            if (!keep.test(e.getKey())) continue;
            long p = 1;
            for (long s : e.getValue().fileShape()) p *= s;
            n += p;
        }
        return n;
    }

    /** The elements of the largest tensor {@code keep} accepts (a load holds one such temporary at a time). */
    long largest(Predicate<String> keep) {
        long m = 0;
        for (Map.Entry<String, TensorFile.Info> e : info.entrySet()) {
            if (!keep.test(e.getKey())) continue;
            long p = 1;
            for (long s : e.getValue().fileShape()) p *= s;
            m = Math.max(m, p);
        }
        return m;
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
        if (bytes > free) {
            long gib = Math.max(1, (long) Math.ceil((bytes + (rt.totalMemory() - rt.freeMemory()) + (256L << 20))
                    / (double) (1L << 30)));
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s needs about %s of heap to load (%,d"
                    + " parameters as float64, 8 bytes each) but only %s of the %s heap is free: start attnlab with"
                    + " a larger heap, e.g. ATTNLAB_JAVA_OPTS=-Xmx%dg ./attnlab", dir, Memory.bytes(bytes),
                    parameters, Memory.bytes(free), Memory.bytes(rt.maxMemory()), gib + 1));
        }
    }

    /** Reads only the keys {@code keep} accepts (the rest, e.g. GPT-2's attn.bias buffers, stay on disk). */
    void only(Predicate<String> keep) {
        this.wanted = keep;
    }

    /**
     * The tensor {@code key}, checked to have {@code shape} (a 1-d shape {@code (n,)} is written {@code [1, n]}, as
     * attnlab reads it). The file it lives in is read on first use; each key can be taken once.
     */
    Tensor take(String key, int... shape) {
        Path f = fileOf.get(key);
        if (f == null)
            throw new IllegalArgumentException(dir + ": the weights have no '" + key + "' (config.json's model needs"
                    + " it); " + keysLike(key));
        Map<String, Tensor> tf = loaded.computeIfAbsent(f, p -> new HashMap<>(Safetensors.read(p, wanted)));
        Tensor t = tf.remove(key); // the model keeps it (or a transposed copy): the file's map lets go of it
        if (t == null) throw new IllegalStateException(key + " was not read from " + f);
        int[] have = t.shape();
        if (!java.util.Arrays.equals(have, shape))
            throw new IllegalArgumentException(f + "[" + key + "] has shape " + shapeOf(key) + " but config.json"
                    + " implies " + (shape.length == 2 && shape[0] == 1 ? "(" + shape[1] + ",)" : Checks.str(shape)));
        return t;
    }

    /** Frees the tensors read so far (called when the model has taken what it needs). */
    void close() {
        loaded.clear();
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
