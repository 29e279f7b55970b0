package attnlab.io;

import attnlab.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.CompletableFuture;

/**
 * Streams raw array bytes (after a header) straight into a new tensor's slices, one reused off-heap buffer
 * ({@link Buffers}) at a time: the heap holds the tensor and nothing else of size, whatever the file size. C order fills the slices front to back;
 * Fortran order (first index fastest) scatters each element to its C-order place.
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
        Tensor t = Tensor.zeros(Shapes.toTensor(shape));
        boolean fortranScatter = fortran && shape.length > 1;
        if (available >= 0 && !fortranScatter && in instanceof FileChannel fc) return mapped(fc, bytes, dtype, order, t);
        ByteBuffer buf = Buffers.get(bytes, order);
        Scatter target = fortranScatter ? new FortranScatter(t, shape) : new CScatter(t, 0);
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
     * A C-order file whose length was checked: its data is mapped and decoded straight from the page cache into the
     * tensor, one copy where a read through a buffer makes two (the kernel's copy into the buffer, then the decode).
     * Large arrays are decoded in two halves on two threads: the copy is bound by one core's memory bandwidth, not the
     * machine's. Windows of at most 1 GiB, a whole number of elements of any size; the GC releases the mappings.
     */
    private static Tensor mapped(FileChannel fc, long bytes, Dtype dtype, ByteOrder order, Tensor t)
            throws IOException {
        long start = fc.position(), n = bytes / dtype.size();
        long half = n >= PARALLEL_ELEMENTS && Runtime.getRuntime().availableProcessors() > 1 ? n / 2 : n;
        CompletableFuture<Void> second = half == n ? null : CompletableFuture.runAsync(() -> {
            try {
                decodeMapped(fc, start, half, n, dtype, order, t);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        decodeMapped(fc, start, 0, half, dtype, order, t);
        if (second != null) {
            try {
                second.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof java.io.UncheckedIOException u) throw u.getCause();
                throw e;
            }
        }
        fc.position(start + bytes);
        return t;
    }

    /** Below this many elements (8 MB of f8) one thread decodes: a second thread's start costs more than it saves. */
    private static final long PARALLEL_ELEMENTS = 1L << 20;

    // Elements [from, to) of the data that starts at byte `start`, into their C-order places.
    private static void decodeMapped(FileChannel fc, long start, long from, long to, Dtype dtype, ByteOrder order,
                                     Tensor t) throws IOException {
        long window = (1L << 30) / dtype.size();
        CScatter target = new CScatter(t, from);
        for (long e = from; e < to; ) {
            long k = Math.min(window, to - e);
            ByteBuffer m = fc.map(FileChannel.MapMode.READ_ONLY, start + e * dtype.size(), k * dtype.size());
            target.take(dtype, m.order(order), (int) k);
            e += k;
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
        private final Tensor t;
        private final int perSlice;
        private int slice, offset;

        /** Starting at element {@code first} of the file (C order). */
        CScatter(Tensor t, long first) {
            this.t = t;
            this.perSlice = t.rows() * t.cols();
            this.slice = perSlice == 0 ? 0 : (int) (first / perSlice);
            this.offset = perSlice == 0 ? 0 : (int) (first % perSlice);
        }

        @Override
        public void take(Dtype dtype, ByteBuffer in, int n) {
            while (n > 0) {
                int k = Math.min(n, perSlice - offset);
                dtype.decode(in, t.slice(slice).data, offset, k);
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
