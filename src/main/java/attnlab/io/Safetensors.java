package attnlab.io;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Hugging Face's safetensors format (huggingface/safetensors, docs "Format"):
 * <pre>
 *   8 bytes   N, unsigned little-endian: the header length
 *   N bytes   JSON: {"NAME": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...,
 *                    "__metadata__": {"key": "value", ...}}           (optional, string to string)
 *   rest      the data; offsets are relative to its start, little-endian, C order
 * </pre>
 * Read with Gson. Checked before anything is allocated: the header length against the file (and the format's 100 MB
 * limit), every entry's {@code end - begin} against its shape and dtype, every range inside the data, and the
 * ranges neither overlapping nor leaving holes (the reference implementation refuses holes too).
 */
public final class Safetensors {
    private Safetensors() {}

    /** The reference implementation's limit on N. */
    static final long MAX_HEADER = 100_000_000;
    static final String METADATA = "__metadata__";

    /** One tensor's header entry. */
    record Slot(String name, Dtype dtype, String dtypeName, long[] shape, long begin, long end) {}

    /** Reads every tensor, in header order, and the {@code __metadata__}. */
    public static TensorFile read(Path path) {
        return read(path, name -> true);
    }

    /**
     * Reads the tensors whose names {@code wanted} accepts (all are checked, only those are allocated): for a
     * checkpoint larger than the heap, e.g. {@code name -> name.startsWith("h.5.")}.
     */
    public static TensorFile read(Path path, Predicate<String> wanted) {
        Checks.notNull(path, "path");
        Checks.notNull(wanted, "wanted");
        String file = path.toString();
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            Header h = header(in, file);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, TensorFile.Info> info = new LinkedHashMap<>();
            for (Slot s : h.slots) {
                if (!wanted.test(s.name)) continue;
                in.position(8 + h.length + s.begin);
                String where = file + "[" + s.name + "]";
                tensors.put(s.name, DataReader.read(in, where, "shape " + Shapes.str(s.shape) + ", " + s.dtypeName,
                        s.dtype, ByteOrder.LITTLE_ENDIAN, s.shape, false, s.end - s.begin));
                info.put(s.name, new TensorFile.Info(s.dtypeName, s.shape));
            }
            return new TensorFile(file, tensors, info, h.metadata);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read (" + e + ")", e);
        }
    }

    /**
     * The header alone: every tensor's dtype and shape, in header order, checked as {@link #read} checks them; no
     * tensor data is read (to plan memory before loading a checkpoint).
     */
    public static Map<String, TensorFile.Info> entries(Path path) {
        Checks.notNull(path, "path");
        String file = path.toString();
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            Map<String, TensorFile.Info> info = new LinkedHashMap<>();
            for (Slot s : header(in, file).slots) info.put(s.name, new TensorFile.Info(s.dtypeName, s.shape));
            return info;
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read (" + e + ")", e);
        }
    }

    /** A parsed and checked header: its length N, its entries and its {@code __metadata__}. */
    record Header(long length, List<Slot> slots, Map<String, String> metadata) {}

    static Header header(FileChannel in, String file) throws IOException {
        long size = in.size();
        ByteBuffer lb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (Npy.fill(in, lb) < 8)
            throw new BadFileException(file, size == 0 ? "the file is empty" : "truncated: a safetensors file"
                    + " starts with an 8-byte header length but this file has " + size + " bytes");
        long n = lb.getLong(0);
        if (n < 0 || n > MAX_HEADER)
            throw new BadFileException(file, "the header length field says " + Long.toUnsignedString(n)
                    + " bytes, more than the format's limit of " + MAX_HEADER + " (damaged, hostile, or not a"
                    + " safetensors file)");
        if (8 + n > size)
            throw new BadFileException(file, "truncated: the header length field says " + n + " bytes but only "
                    + (size - 8) + " follow");
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        Npy.fill(in, hb);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Slot> slots = parse(file, utf8(file, hb.array()), metadata);
        checkRanges(file, slots, size - 8 - n);
        return new Header(n, slots, metadata);
    }

    /**
     * The header as text. It must be UTF-8, as the reference reader requires: decoding bad bytes to U+FFFD would make
     * distinct names equal.
     */
    private static String utf8(String file, byte[] header) {
        ByteBuffer in = ByteBuffer.wrap(header);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(header.length);   // UTF-8 never has more chars than bytes
        CoderResult r = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
        if (r.isError())
            throw new BadFileException(file, "the header is not UTF-8 (byte 0x" + String.format("%02x",
                    header[in.position()] & 0xff) + " at " + in.position() + "); the format's header is UTF-8 JSON");
        return out.flip().toString();
    }

    /** The header's entries in file order; {@code __metadata__} goes to {@code metadata}. */
    private static List<Slot> parse(String file, String json, Map<String, String> metadata) {
        Map<String, JsonElement> root = new LinkedHashMap<>();
        try (JsonReader r = new JsonReader(new StringReader(json))) {
            r.setStrictness(Strictness.STRICT);                      // standard JSON only, and the whole header
            if (r.peek() != JsonToken.BEGIN_OBJECT) throw new BadFileException(file, "the header is not a JSON object");
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                if (root.put(name, JsonParser.parseReader(r)) != null)
                    throw new BadFileException(file, "the header names '" + name + "' twice");
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) throw new BadFileException(file, "text follows the header's JSON");
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new BadFileException(file, "the header is not valid JSON (" + why(e) + ")");
        }
        List<Slot> slots = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            String name = e.getKey();
            String where = file + "[" + name + "]";
            if (name.equals(METADATA)) {
                if (!e.getValue().isJsonObject()) throw new BadFileException(where, "must be an object of strings");
                for (Map.Entry<String, JsonElement> m : e.getValue().getAsJsonObject().entrySet()) {
                    if (!m.getValue().isJsonPrimitive() || !m.getValue().getAsJsonPrimitive().isString())
                        throw new BadFileException(where, "value of '" + m.getKey() + "' must be a string but is "
                                + m.getValue());
                    metadata.put(m.getKey(), m.getValue().getAsString());
                }
                continue;
            }
            if (!e.getValue().isJsonObject()) throw new BadFileException(where, "the entry must be an object");
            JsonObject o = e.getValue().getAsJsonObject();
            String dtypeName = string(o, "dtype", where);
            Dtype dtype = Dtype.ofSafetensors(dtypeName);
            if (dtype == null)
                throw new BadFileException(where, "dtype " + dtypeName + " is not supported: attnlab reads F64 F32"
                        + " F16 BF16, I8 I16 I32 I64, U8 U16 U32 U64 and BOOL");
            long[] shape = longs(o, "shape", where, -1);
            long[] offsets = longs(o, "data_offsets", where, 2);
            long bytes = Shapes.elements(where, shape) * dtype.size();
            if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != bytes)
                throw new BadFileException(where, "data_offsets [" + offsets[0] + ", " + offsets[1] + "] span "
                        + (offsets[1] - offsets[0]) + " bytes but shape " + Shapes.str(shape) + " of " + dtypeName
                        + " needs " + bytes);
            slots.add(new Slot(name, dtype, dtypeName, shape, offsets[0], offsets[1]));
        }
        return slots;
    }

    /**
     * Where and why Gson stopped, e.g. {@code malformed JSON at line 1 column 9 path $.a}: the innermost message,
     * without Gson's class name, its advice to the programmer ("Use JsonReader.setStrictness(Strictness.LENIENT) to
     * accept malformed JSON", which a user cannot follow) and its troubleshooting link.
     */
    private static String why(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = String.valueOf(t.getMessage()).split("\n")[0];
        return m.replaceFirst("Use JsonReader\\.setStrictness\\([^)]*\\) to accept malformed JSON", "malformed JSON")
                .strip();
    }

    private static void checkRanges(String file, List<Slot> slots, long dataSize) {
        List<Slot> byStart = new ArrayList<>(slots);
        byStart.sort(Comparator.comparingLong(Slot::begin).thenComparingLong(Slot::end));
        long covered = 0;
        for (Slot s : byStart) {
            String where = file + "[" + s.name + "]";
            if (s.end > dataSize)
                throw new BadFileException(where, "data_offsets [" + s.begin + ", " + s.end + "] run past the end"
                        + " of the data (" + dataSize + " bytes): the file is truncated or the header is wrong");
            if (s.begin < covered)
                throw new BadFileException(where, "data_offsets [" + s.begin + ", " + s.end + "] overlap another"
                        + " tensor's bytes (which end at " + covered + ")");
            if (s.begin > covered)
                throw new BadFileException(where, "data_offsets start at " + s.begin + " but the previous tensor"
                        + " ends at " + covered + ": the data has a hole, which the format forbids");
            covered = Math.max(covered, s.end);
        }
        if (covered != dataSize)
            throw new BadFileException(file, "the tensors cover " + covered + " data bytes but " + dataSize
                    + " follow the header: trailing bytes, which the format forbids");
    }

    private static String string(JsonObject o, String key, String where) {
        JsonElement v = o.get(key);
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString())
            throw new BadFileException(where, "'" + key + "' must be a string but is " + v);
        return v.getAsString();
    }

    private static long[] longs(JsonObject o, String key, String where, int length) {
        JsonElement v = o.get(key);
        if (v == null || !v.isJsonArray() || (length >= 0 && v.getAsJsonArray().size() != length))
            throw new BadFileException(where, "'" + key + "' must be an array of " + (length >= 0 ? length + " " : "")
                    + "non-negative integers but is " + v);
        JsonArray a = v.getAsJsonArray();
        long[] r = new long[a.size()];
        for (int k = 0; k < r.length; k++) {
            JsonElement x = a.get(k);
            try {
                if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isNumber()) throw new NumberFormatException();
                r[k] = x.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new BadFileException(where, "'" + key + "' must hold non-negative integers below 2^63 but has "
                        + x);
            }
            if (r[k] < 0) throw new BadFileException(where, "'" + key + "' must hold non-negative integers but has "
                    + r[k]);
        }
        return r;
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes {@code tensors} (in map order, F64 or F32) and {@code metadata} (may be null or empty), atomically. The
     * header is padded with spaces to a multiple of 8 bytes, as the reference implementation pads it. A
     * {@link TensorFile}'s 0-d and 1-d entries keep their file shape.
     */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata, Dtype dtype) {
        Checks.notNull(path, "path");
        Checks.notNull(tensors, "tensors");
        Checks.notNull(dtype, "dtype");
        if (dtype != Dtype.F8 && dtype != Dtype.F4)
            throw new IllegalArgumentException("dtype must be F8 or F4 for writing but was " + dtype);
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject m = new JsonObject();
            for (Map.Entry<String, String> e : metadata.entrySet())
                m.addProperty(Checks.notNull(e.getKey(), "a metadata key"),
                        Checks.notNull(e.getValue(), "metadata '" + e.getKey() + "'"));
            header.add(METADATA, m);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = Checks.notNull(e.getKey(), "a tensor name");
            if (name.equals(METADATA)) throw new IllegalArgumentException("a tensor cannot be called " + METADATA);
            Tensor t = Checks.notNull(e.getValue(), "tensor '" + name + "'");
            long[] shape = Shapes.forWriting(t.shape(), TensorFile.rememberedShape(tensors, name));
            JsonObject o = new JsonObject();
            o.addProperty("dtype", dtype.safetensorsName());
            JsonArray s = new JsonArray();
            for (long d : shape) s.add(d);
            o.add("shape", s);
            long bytes = DataWriter.size(t, dtype);
            JsonArray off = new JsonArray();
            off.add(offset);
            off.add(offset + bytes);
            o.add("data_offsets", off);
            header.add(name, o);
            offset += bytes;
        }
        Gson gson = new GsonBuilder().disableHtmlEscaping().create();
        StringBuilder json = new StringBuilder(gson.toJson(header));
        while (json.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) json.append(' ');
        byte[] hb = json.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(path, out -> {
            ByteBuffer pre = ByteBuffer.allocate(8 + hb.length).order(ByteOrder.LITTLE_ENDIAN);
            pre.putLong(hb.length).put(hb).flip();
            while (pre.hasRemaining()) out.write(pre);
            for (Tensor t : tensors.values()) DataWriter.write(out, t, dtype);
        });
    }
}
