package attnlab.io;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;

/**
 * Unmaps a mapped buffer now rather than at some later garbage collection, through {@code sun.misc.Unsafe
 * .invokeCleaner} (module jdk.unsupported), on JDK 21 and older. From JDK 22 the way is a {@code MemorySegment} mapped
 * in an {@code Arena}, which Java 17 code cannot name, and JDK 24 and later print a four-line warning the first time
 * {@code invokeCleaner} is called; there the mapping is left to the collector, which is correct, only later (the
 * pages are the page cache's, not the heap's). The caller guarantees that nothing reads the buffer afterwards: a read
 * of an unmapped page crashes the JVM.
 */
final class Unmap {
    private Unmap() {}

    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object u = null;
        Method m = null;
        try {
            if (Runtime.version().feature() > 21) throw new ClassNotFoundException("leave it to the collector");
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            u = f.get(null);
            m = c.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            u = null;
            m = null;
        }
        UNSAFE = u;
        INVOKE_CLEANER = m;
    }

    static void now(MappedByteBuffer b) {
        if (INVOKE_CLEANER == null || b == null) return;
        try {
            INVOKE_CLEANER.invoke(UNSAFE, b);
        } catch (ReflectiveOperationException | RuntimeException e) { // left to the collector
        }
    }
}
