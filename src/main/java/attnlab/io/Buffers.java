package attnlab.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The one direct buffer each thread streams through, kept between calls (allocating and zeroing a fresh direct
 * buffer per array would cost as much as the copy it serves, and direct memory is only freed by the GC).
 *
 * <p>Why 16 MiB: a save or load is a handful of large system calls rather than hundreds of small ones. On a loaded
 * machine every system call is a chance to lose the CPU, and NumPy's {@code np.save}/{@code np.load} make one call
 * for the whole array; with 1 MiB chunks attnlab measured 2-3x slower than NumPy under load (bench/io.sh). The buffer
 * is off-heap, so the heap still holds only the tensors.
 */
final class Buffers {
    private Buffers() {}

    /** A multiple of every element size; {@code -Dattnlab.io.chunk=BYTES} changes it (bench/io.sh compares sizes). */
    static final int CHUNK = Integer.getInteger("attnlab.io.chunk", 16 << 20) / 8 * 8;

    private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();

    /** A cleared buffer of at least {@code min(bytes, CHUNK)} bytes (at least 8) in the given byte order. */
    static ByteBuffer get(long bytes, ByteOrder order) {
        int want = (int) ((Math.max(8, Math.min(CHUNK, bytes)) + 7) / 8 * 8);   // whole elements of any size
        ByteBuffer b = BUFFER.get();
        if (b == null || b.capacity() < want) {
            b = ByteBuffer.allocateDirect(Math.max(want, b == null ? 0 : b.capacity()));
            BUFFER.set(b);
        }
        b.clear();
        return b.order(order);
    }
}
