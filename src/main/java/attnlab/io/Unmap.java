package attnlab.io;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;

/**
 * Unmaps a mapped buffer now rather than at some later garbage collection, through {@code sun.misc.Unsafe
 * .invokeCleaner} (module jdk.unsupported, the supported way to do it before Java 22's {@code Arena}). The caller
 * guarantees that nothing reads the buffer afterwards: a read of an unmapped page crashes the JVM. If the method is
 * missing, the mapping is left to the collector, which is correct, only later.
 */
final class Unmap {
    private Unmap() {}

    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object u = null;
        Method m = null;
        try {
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
