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
 * once, as {@link Safetensors#read} checks it. The data is memory-mapped, read-only, in windows of up to 1 GiB: a
 * chunk is decoded straight from the page cache, with no copy into a buffer first (reading through {@code pread} moved
 * every byte twice). Several threads may stream ranges of one open file at once; {@link #close} waits for any read in
 * progress, refuses later ones and unmaps the windows ({@link Unmap}: at once up to JDK 21, at the next collection
 * after).
 */
public final class SafetensorsStream implements Closeable {
    /** Receives decoded elements {@code first … first + n − 1} of a tensor as {@code values[0 … n)}. */
    @FunctionalInterface
    public interface Sink {
        void accept(long first, double[] values, int n);
    }

    /** Elements a chunk holds: 64 Ki (256 KiB of F32 read, 512 KiB decoded), so both stay in a core's cache. */
    private static final int CHUNK = 1 << 16;

    /** A mapped window's size: a whole number of every element size, and below the 2 GiB a buffer can address. */
    private static final long WINDOW = 1L << 30;
    private static final ThreadLocal<double[]> VALUES = ThreadLocal.withInitial(() -> new double[CHUNK]);
    private static final ThreadLocal<float[]> FLOATS = ThreadLocal.withInitial(() -> new float[CHUNK]);

    private final String file;
    private final FileChannel channel;
    private final long dataStart;
    private final java.nio.MappedByteBuffer[] windows;
    private final java.util.concurrent.locks.ReadWriteLock open = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private boolean closed;
    private final Map<String, Safetensors.Slot> slots = new LinkedHashMap<>();
    private final Map<String, TensorFile.Info> info = new LinkedHashMap<>();

    private SafetensorsStream(String file, FileChannel channel, Safetensors.Header h) throws IOException {
        this.file = file;
        this.channel = channel;
        this.dataStart = 8 + h.length();
        long data = channel.size() - dataStart;
        this.windows = new java.nio.MappedByteBuffer[(int) ((data + WINDOW - 1) / WINDOW)];
        for (int w = 0; w < windows.length; w++) // data bytes [w·WINDOW, (w+1)·WINDOW)
            windows[w] = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + w * WINDOW,
                    Math.min(WINDOW, data - w * WINDOW));
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
        } catch (RuntimeException | Error e) {
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
        double[] values = VALUES.get();
        open.readLock().lock();
        try {
            if (closed) throw new IllegalStateException(file + " is closed");
            for (long e = from; e < to; ) {
                long at = s.begin() + e * size; // data offset of element e
                java.nio.MappedByteBuffer w = windows[(int) (at / WINDOW)];
                int off = (int) (at % WINDOW);
                // a chunk ends at the window's end (windows hold whole elements: WINDOW is a multiple of 8)
                int k = (int) Math.min(Math.min(CHUNK, to - e), (w.capacity() - off) / size);
                ByteBuffer buf = w.slice(off, k * size).order(ByteOrder.LITTLE_ENDIAN);
                if (dtype == Dtype.F4) widen(buf, values, k); // checkpoints' usual dtype: its own short hot loop
                else dtype.decode(buf, values, 0, k);
                sink.accept(e, values, k);
                e += k;
            }
        } catch (InternalError x) { // the JVM's report of a fault in a mapped page: the file shrank under us
            throw new BadFileException(file, "could not be read while mapped (" + x.getMessage() + "): did it shrink"
                    + " or change while " + name + " was being read?");
        } finally {
            open.readLock().unlock();
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
        open.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            for (java.nio.MappedByteBuffer w : windows) Unmap.now(w);
            closeQuietly(channel);
        } finally {
            open.writeLock().unlock();
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) { // read-only: nothing is lost
        }
    }
}
