package attnlab.io;

import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.CompletableFuture;

/**
 * Streams raw array bytes (after a header) straight into a new tensor's slices, one reused off-heap buffer
 * ({@link Buffers}) at a time: the heap holds the tensor and nothing else of size, whatever the file size. C order
 * fills the slices front to back (a file of known length with two threads, see {@link #positional}); Fortran order (first index fastest) scatters each element to its C-order place.
 */
final class DataReader {
    private DataReader() {}

    /**
     * Reads {@code shape} elements of {@code dtype} in {@code order} from {@code in}.
     *
     * @param file      for messages, e.g. {@code "q.npy"} or {@code "w.npz[Wq.npy]"}
     * @param describe  how the header described the data, for messages, e.g. {@code "shape (3, 4), <f8"}
     * @param available the data bytes present, or -1 if unknown (then a short or long stream is detected at its end)
     * @throws BadFileException if the bytes present do not match the shape; nothing is allocated then if
     *                          {@code available} is known
     */
    static Tensor read(ReadableByteChannel in, String file, String describe, Dtype dtype, ByteOrder order,
                       long[] shape, boolean fortran, long available) throws IOException {
        long n = Shapes.elements(file, shape);
        long bytes = n * dtype.size();
        if (available >= 0 && available < bytes)
            throw truncated(file, describe, bytes, available);
        if (available > bytes)
            throw new BadFileException(file, available + " data bytes follow the header but " + describe + " needs "
                    + bytes + ": the shape does not match the data");
        int[] tensorShape = Shapes.toTensor(shape);
        HeapRoom.check(file, describe, n); // before reading: too big says so, with the size and the flag
        try {
            return readChecked(in, file, describe, dtype, order, shape, tensorShape, fortran, available, n, bytes);
        } catch (OutOfMemoryError e) { // the check passed, yet the heap could not place the arrays (e.g. SerialGC)
            throw HeapRoom.tooBig(file, describe, n);
        }
    }

    private static Tensor readChecked(ReadableByteChannel in, String file, String describe, Dtype dtype,
                                      ByteOrder order, long[] shape, int[] tensorShape, boolean fortran,
                                      long available, long n, long bytes) throws IOException {
        boolean fortranScatter = fortran && shape.length > 1;
        if (available >= 0 && !fortranScatter && n > 0 && in instanceof FileChannel fc)
            return positional(fc, bytes, dtype, order, tensorShape, file, describe);
        Tensor t = Tensor.zeros(tensorShape);
        ByteBuffer buf = Buffers.get(bytes, order);
        Scatter target = fortranScatter ? new FortranScatter(t, shape) : new CScatter(t);
        long done = 0;
        while (done < bytes) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), bytes - done));
            while (buf.hasRemaining())
                if (in.read(buf) < 0) throw truncated(file, describe, bytes, done + buf.position());
            buf.flip();
            target.take(dtype, buf, buf.remaining() / dtype.size());
            done += buf.limit();
        }
        if (available < 0) {
            buf.clear().limit(1);
            if (in.read(buf) > 0)
                throw new BadFileException(file, "more data bytes follow than " + describe + " needs (" + bytes
                        + "): the shape does not match the data");
        }
        return t;
    }

    /**
     * A C-order file whose length was checked, read with positional reads ({@code pread}) in two halves on two threads
     * when large: the kernel's copy and the decode are each bound by one core's memory bandwidth, not the machine's.
     * Each thread allocates the slices it fills, so the JVM's zeroing of a new array, as costly as the copy itself, is
     * split over the two threads as well. Each thread reads through its own 1 MiB buffer, small enough to stay in
     * cache between the kernel's copy and the decode (16 MiB measured 15 % slower, bench/io.sh).
     *
     * <p>Not memory-mapped, although a mapping saves one copy: a mapping keeps the file's pages, and a replaced or
     * deleted file's whole inode, until the GC collects the buffer. With a large heap that was many loads later: a
     * loop of "save over q.npy, load q.npy" kept every old version in memory, and unmapping at once cost more than the
     * copy saved (measured: 36 ms against 27 ms for 400 MB).
     */
    private static Tensor positional(FileChannel fc, long bytes, Dtype dtype, ByteOrder order, int[] shape, String file,
                                     String describe) throws IOException {
        int rows = shape[shape.length - 2], cols = shape[shape.length - 1];
        long start = fc.position(), n = bytes / dtype.size(), perSlice = (long) rows * cols;
        DMatrixRMaj[] slices = new DMatrixRMaj[(int) (n / perSlice)];
        long half = n;                                                   // elements [0, half) here, [half, n) there
        if (n >= PARALLEL_ELEMENTS && Runtime.getRuntime().availableProcessors() > 1) {
            if (slices.length == 1) {
                slices[0] = new DMatrixRMaj(rows, cols);                   // one array: split its elements
                half = n / 2;
            } else {
                half = slices.length / 2 * perSlice;                       // whole slices on each side
            }
        }
        long h = half;
        CompletableFuture<Void> second = half == n ? null : CompletableFuture.runAsync(() -> {
            try {
                readRange(fc, start, h, n, dtype, order, slices, rows, cols, file, describe);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        readRange(fc, start, 0, half, dtype, order, slices, rows, cols, file, describe);
        if (second != null) {
            try {
                second.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof java.io.UncheckedIOException u) throw u.getCause();
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof OutOfMemoryError o) throw o;
                throw e;
            }
        }
        fc.position(start + bytes);
        return Tensor.stack(slices).view(shape);
    }

    /** Below this many elements (8 MB of f8) one thread reads: a second thread's start costs more than it saves. */
    private static final long PARALLEL_ELEMENTS = 1L << 20;

    /** The per-thread buffer of {@link #readRange}, a whole number of elements of every size. */
    private static final int RANGE_CHUNK = 1 << 20;

    private static final ThreadLocal<ByteBuffer> RANGE_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(RANGE_CHUNK));

    // Elements [from, to) of the data that starts at byte `start`, into their C-order places; a slice still null is
    // allocated when its first element arrives.
    private static void readRange(FileChannel fc, long start, long from, long to, Dtype dtype, ByteOrder order,
                                  DMatrixRMaj[] slices, int rows, int cols, String file, String describe)
            throws IOException {
        ByteBuffer buf = RANGE_BUFFER.get().order(order);
        CScatter target = new CScatter(slices, rows, cols, from);
        long pos = start + from * dtype.size(), end = start + to * dtype.size();
        while (pos < end) {
            buf.clear().limit((int) Math.min(RANGE_CHUNK, end - pos));
            while (buf.hasRemaining()) {
                int got = fc.read(buf, pos + buf.position());
                if (got < 0) throw new BadFileException(file, "shrank while being read: " + describe
                        + " needs bytes up to offset " + end + " but the file now ends at " + fc.size());
            }
            buf.flip();
            pos += buf.limit();
            target.take(dtype, buf, buf.limit() / dtype.size());
        }
    }

    private static BadFileException truncated(String file, String describe, long bytes, long present) {
        return new BadFileException(file, "truncated: the header promises " + bytes + " data bytes (" + describe
                + ") but only " + present + " follow");
    }

    /** Where decoded elements go, in file order. */
    private interface Scatter {
        void take(Dtype dtype, ByteBuffer in, int n);
    }

    /** C order: element k of the file is element k of the tensor, slices back to back. */
    private static final class CScatter implements Scatter {
        private final DMatrixRMaj[] slices;
        private final int rows, cols, perSlice;
        private int slice, offset;

        CScatter(Tensor t) {
            this(sliceArray(t), t.rows(), t.cols(), 0);
        }

        /** Starting at element {@code first} of the file (C order); null slices are allocated on arrival. */
        CScatter(DMatrixRMaj[] slices, int rows, int cols, long first) {
            this.slices = slices;
            this.rows = rows;
            this.cols = cols;
            this.perSlice = rows * cols;
            this.slice = perSlice == 0 ? 0 : (int) (first / perSlice);
            this.offset = perSlice == 0 ? 0 : (int) (first % perSlice);
        }

        private static DMatrixRMaj[] sliceArray(Tensor t) {
            DMatrixRMaj[] s = new DMatrixRMaj[t.batch()];
            for (int b = 0; b < s.length; b++) s[b] = t.slice(b);
            return s;
        }

        @Override
        public void take(Dtype dtype, ByteBuffer in, int n) {
            while (n > 0) {
                int k = Math.min(n, perSlice - offset);
                if (slices[slice] == null) slices[slice] = new DMatrixRMaj(rows, cols);
                dtype.decode(in, slices[slice].data, offset, k);
                n -= k;
                offset += k;
                if (offset == perSlice) {
                    offset = 0;
                    slice++;
                }
            }
        }
    }

    /**
     * Fortran order: the file walks index (i0, i1, ..., ik) with i0 fastest. An odometer over that walk keeps the
     * C-order flat index {@code Σ i_d · stride_d} (stride_d = product of the dims after d).
     */
    private static final class FortranScatter implements Scatter {
        private final Tensor t;
        private final long[] shape, stride;
        private final long[] index;
        private final int perSlice;
        private long flat;
        private double[] tmp = new double[0];

        FortranScatter(Tensor t, long[] shape) {
            this.t = t;
            this.shape = shape;
            this.stride = new long[shape.length];
            this.index = new long[shape.length];
            long s = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                stride[d] = s;
                s *= shape[d];
            }
            this.perSlice = t.rows() * t.cols();
        }

        @Override
        public void take(Dtype dtype, ByteBuffer in, int n) {
            if (tmp.length < n) tmp = new double[n];
            dtype.decode(in, tmp, 0, n);
            for (int k = 0; k < n; k++) {
                t.slice((int) (flat / perSlice)).data[(int) (flat % perSlice)] = tmp[k];
                for (int d = 0; d < shape.length; d++) {         // next index, first dim fastest
                    flat += stride[d];
                    if (++index[d] < shape[d]) break;
                    flat -= stride[d] * shape[d];
                    index[d] = 0;
                }
            }
        }
    }
}
