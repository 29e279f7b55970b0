package attnlab.io;

import java.util.Locale;

/**
 * Is there heap for a tensor of {@code n} elements (float64, 8 bytes each)? Asked before a file's data is read, so an
 * honest file that is too big for the heap fails at once with the size it needs and the flag that gives it, rather
 * than with a bare {@code OutOfMemoryError} after a long read.
 */
final class HeapRoom {
    private HeapRoom() {}

    /** @throws BadFileException naming {@code file}, the bytes needed and the flag, when the heap cannot hold them */
    static void check(String file, String describe, long elements) {
        long need = elements * 8;
        if (need <= free()) return;
        System.gc(); // what looks used may be garbage from an earlier load: ask once, only on this rare path
        if (need <= free()) return;
        throw tooBig(file, describe, elements);
    }

    /** The message for a tensor the heap could not hold (also when the allocation itself failed). */
    static BadFileException tooBig(String file, String describe, long elements) {
        Runtime rt = Runtime.getRuntime();
        long need = elements * 8, max = rt.maxMemory();
        long suggest = Math.max(2, (long) Math.ceil(1.5 * (need + (rt.totalMemory() - rt.freeMemory())) / (1L << 30)));
        return new BadFileException(file, String.format(Locale.ROOT, "too big for this JVM's heap: %s needs %s as"
                + " float64 (8 bytes per element, %d elements) but the heap has %s free of %s. Give it more heap:"
                + " ATTNLAB_JAVA_OPTS=-Xmx%dg ./attnlab (docs/formats.md)", describe, size(need), elements, size(free()),
                size(max), suggest));
    }

    /** Bytes the heap can still grow into: its maximum minus what is in use now. */
    private static long free() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    private static String size(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
