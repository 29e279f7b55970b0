package attnlab.io;

import attnlab.tensor.Checks;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A safetensors file opened for streaming: a range of one tensor's elements (C order) decoded to float64 and handed
 * to a {@link Sink} in cache-sized chunks, so a caller that keeps the numbers in its own layout (a model's packed
 * weights) fills it straight from the file, with no whole-tensor array in between. The header is parsed and checked
 * once, as {@link Safetensors#read} checks it; reads are positional ({@code pread}), so several threads may stream
 * different ranges of one open file at once.
 */
public final class SafetensorsStream implements Closeable {
    /** Receives decoded elements {@code first … first + n − 1} of a tensor as {@code values[0 … n)}. */
    @FunctionalInterface
    public interface Sink {
        void accept(long first, double[] values, int n);
    }

    /** Elements a chunk holds: 64 Ki (256 KiB of F32 read, 512 KiB decoded), so both stay in a core's cache. */
    private static final int CHUNK = 1 << 16;

    private static final ThreadLocal<ByteBuffer> BYTES =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(8 * CHUNK).order(ByteOrder.LITTLE_ENDIAN));
    private static final ThreadLocal<double[]> VALUES = ThreadLocal.withInitial(() -> new double[CHUNK]);
    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[CHUNK]);

    private final String file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Safetensors.Slot> slots = new LinkedHashMap<>();
    private final Map<String, TensorFile.Info> info = new LinkedHashMap<>();

    private SafetensorsStream(String file, FileChannel channel, Safetensors.Header h) {
        this.file = file;
        this.channel = channel;
        this.dataStart = 8 + h.length();
        for (Safetensors.Slot s : h.slots()) {
            slots.put(s.name(), s);
            info.put(s.name(), new TensorFile.Info(s.dtypeName(), s.shape()));
        }
    }

    /** Opens {@code path} and reads its header. @throws BadFileException when the header is damaged */
    public static SafetensorsStream open(Path path) {
        Checks.notNull(path, "path");
        String file = path.toString();
        FileChannel in = null;
        try {
            in = FileChannel.open(path, StandardOpenOption.READ);
            return new SafetensorsStream(file, in, Safetensors.header(in, file));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (IOException e) {
            closeQuietly(in);
            throw new UncheckedIOException(file + ": cannot read (" + e + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    /** Every tensor's dtype and file shape, in header order. */
    public Map<String, TensorFile.Info> entries() {
        return java.util.Collections.unmodifiableMap(info);
    }

    /** The number of elements of tensor {@code name}. @throws IllegalArgumentException when there is none */
    public long elements(String name) {
        Safetensors.Slot s = slot(name);
        return (s.end() - s.begin()) / s.dtype().size();
    }

    /**
     * Decodes elements {@code [from, to)} of tensor {@code name} to float64 and gives them to {@code sink} in order,
     * a chunk at a time; safe to call from several threads at once (on different ranges or tensors).
     */
    public void read(String name, long from, long to, Sink sink) {
        Safetensors.Slot s = slot(name);
        long n = (s.end() - s.begin()) / s.dtype().size();
        if (from < 0 || from > to || to > n)
            throw new IllegalArgumentException("the range must lie within 0.." + n + " (the elements of " + name
                    + ") but was [" + from + ", " + to + ")");
        Dtype dtype = s.dtype();
        int size = dtype.size();
        ByteBuffer buf = BYTES.get();
        double[] values = VALUES.get();
        long start = dataStart + s.begin();
        try {
            for (long e = from; e < to; ) {
                int k = (int) Math.min(CHUNK, to - e);
                buf.clear().limit(k * size);
                long pos = start + e * size;
                while (buf.hasRemaining())
                    if (channel.read(buf, pos + buf.position()) < 0)
                        throw new BadFileException(file, "shrank while being read: " + name + " needs bytes up to"
                                + " offset " + (start + to * size) + " but the file now ends at " + channel.size());
                buf.flip();
                if (dtype == Dtype.F4) widen(buf, values, k); // checkpoints' usual dtype: its own short hot loop
                else dtype.decode(buf, values, 0, k);
                sink.accept(e, values, k);
                e += k;
            }
        } catch (IOException x) {
            throw new UncheckedIOException(file + ": cannot read " + name + " (" + x + ")", x);
        }
    }

    /** F32 to float64: a bulk copy out of the buffer, then a widening loop the JIT compiles early and vectorizes. */
    private static void widen(ByteBuffer buf, double[] values, int k) {
        float[] f = FLOATS.get();
        buf.asFloatBuffer().get(f, 0, k);
        for (int i = 0; i < k; i++) values[i] = f[i];
    }

    private Safetensors.Slot slot(String name) {
        Safetensors.Slot s = slots.get(Checks.notNull(name, "name"));
        if (s == null) throw new IllegalArgumentException(file + " has no tensor '" + name + "'");
        return s;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) { // read-only: nothing is lost
        }
    }
}
