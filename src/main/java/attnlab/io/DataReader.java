package attnlab.io;

import attnlab.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

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
        ByteBuffer buf = Buffers.get(bytes, order);
        Scatter target = fortran && shape.length > 1 ? new FortranScatter(t, shape) : new CScatter(t);
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

        CScatter(Tensor t) {
            this.t = t;
            this.perSlice = t.rows() * t.cols();
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
