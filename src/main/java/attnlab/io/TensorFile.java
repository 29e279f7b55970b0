package attnlab.io;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code loadz} and {@code loadSafetensors} return: an ordered, read-only map name → Tensor (file order), which
 * also remembers each entry's dtype and shape in the file, and a safetensors file's {@code __metadata__}. It prints as
 * a short table, not as every value:
 * <pre>
 *   TensorFile w.npz: 2 tensors, 80 values
 *     name  file shape  dtype  tensor
 *     Wq    (8, 8)      &lt;f8    [8, 8]
 *     b     (16,)       &lt;f4    [1, 16]
 * </pre>
 * Saving it again ({@code savez}, {@code saveSafetensors}) writes 0-d and 1-d entries back with their file shape. To
 * change entries, copy it: {@code var m = new LinkedHashMap<>(loaded)}.
 */
public final class TensorFile extends AbstractMap<String, Tensor> {
    /** One entry's file description: its dtype as the file spells it ({@code <f4}, {@code BF16}) and its shape. */
    public record Info(String dtype, long[] fileShape) {}

    private static final int MAX_ROWS = 40;
    private final String source;
    private final Map<String, Tensor> tensors;
    private final Map<String, Info> info;
    private final Map<String, String> metadata;

    TensorFile(String source, Map<String, Tensor> tensors, Map<String, Info> info, Map<String, String> metadata) {
        this.source = source;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.info = Collections.unmodifiableMap(new LinkedHashMap<>(info));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    @Override
    public Set<Entry<String, Tensor>> entrySet() { return tensors.entrySet(); }

    @Override
    public Tensor get(Object name) { return tensors.get(name); }

    @Override
    public boolean containsKey(Object name) { return tensors.containsKey(name); }

    /** The tensor called {@code name}. @throws IllegalArgumentException naming the file and what it has */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(Checks.notNull(name, "name"));
        if (t == null) {
            String have = String.join(", ", tensors.keySet());
            throw new IllegalArgumentException(source + " has no tensor '" + name + "'; it has: "
                    + (have.length() > 300 ? have.substring(0, 297) + "..." : have));
        }
        return t;
    }

    /** The file's dtype and shape of entry {@code name}, or null if there is none. */
    public Info info(String name) { return info.get(name); }

    /** A safetensors file's {@code __metadata__} (string → string), in file order; empty for .npz. */
    public Map<String, String> metadata() { return metadata; }

    /** The file it was read from. */
    public String source() { return source; }

    @Override
    public String toString() {
        long values = 0;
        for (Tensor t : tensors.values()) values += t.size();
        int nw = 4, sw = 10, dw = 5;
        int rows = 0;
        for (Map.Entry<String, Info> e : info.entrySet()) {
            if (rows++ == MAX_ROWS) break;
            nw = Math.max(nw, e.getKey().length());
            sw = Math.max(sw, Shapes.str(e.getValue().fileShape()).length());
            dw = Math.max(dw, e.getValue().dtype().length());
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "TensorFile %s: %d tensor%s, %d values",
                source, tensors.size(), tensors.size() == 1 ? "" : "s", values));
        String row = "%n  %-" + nw + "s  %-" + sw + "s  %-" + dw + "s  %s";
        sb.append(String.format(Locale.ROOT, row, "name", "file shape", "dtype", "tensor"));
        rows = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (rows++ == MAX_ROWS) {
                sb.append(String.format(Locale.ROOT, "%n  ... %d more (keySet() lists all)",
                        tensors.size() - MAX_ROWS));
                break;
            }
            Info i = info.get(e.getKey());
            sb.append(String.format(Locale.ROOT, row, e.getKey(), Shapes.str(i.fileShape()), i.dtype(),
                    Checks.str(e.getValue().shape())));
        }
        if (!metadata.isEmpty()) sb.append(String.format(Locale.ROOT, "%n  __metadata__ %s", metadata));
        return sb.toString();
    }

    /** The remembered file shape of {@code name} in {@code m}, if {@code m} is a TensorFile; else null. */
    static long[] rememberedShape(Map<String, Tensor> m, String name) {
        if (!(m instanceof TensorFile)) return null;
        Info i = ((TensorFile) m).info.get(name);
        return i == null ? null : i.fileShape();
    }
}
