package attnlab.io;

import attnlab.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/** Streams a tensor's entries in C order, little-endian F8 or F4, through the thread's reused buffer ({@link Buffers}). */
final class DataWriter {
    private DataWriter() {}

    /** Writes every entry of {@code t} as {@code dtype}; returns the number of bytes written. */
    static long write(WritableByteChannel out, Tensor t, Dtype dtype) throws IOException {
        ByteBuffer buf = Buffers.get(size(t, dtype), ByteOrder.LITTLE_ENDIAN);
        int perChunk = buf.capacity() / dtype.size(), perSlice = t.rows() * t.cols();
        long total = 0;
        for (int b = 0; b < t.batch(); b++) {
            double[] data = t.slice(b).data;
            for (int off = 0; off < perSlice; ) {
                int k = Math.min(perChunk - buf.position() / dtype.size(), perSlice - off);
                dtype.encode(data, off, k, buf);
                off += k;
                if (buf.remaining() < dtype.size()) total += drain(out, buf);
            }
        }
        return total + drain(out, buf);
    }

    private static long drain(WritableByteChannel out, ByteBuffer buf) throws IOException {
        buf.flip();
        int n = buf.remaining();
        while (buf.hasRemaining()) out.write(buf);
        buf.clear();
        return n;
    }

    /** Bytes {@link #write} will produce. */
    static long size(Tensor t, Dtype dtype) {
        return (long) t.size() * dtype.size();
    }
}
