package attnlab.kernel;

import java.lang.reflect.Method;

/**
 * How many student checks have failed so far in this JVM: {@code attnlab.exercises.Checker.failedChecks()}. The
 * kernel compares it before and after each cell, and a cell in which a check failed ends as an error
 * ({@code CheckFailed}), so {@code jupyter nbconvert --execute} fails and a course can grade notebooks.
 *
 * <p>Why reflection: {@code Checker} is package-private in {@code attnlab.exercises} (the checker's own code), and
 * the kernel must not widen it. When the method is absent (an older build), the tally reads -1 and nothing is
 * compared.
 */
final class CheckTally {
    private static final Method FAILED = find();

    private CheckTally() {}

    private static Method find() {
        try {
            Method m = Class.forName("attnlab.exercises.Checker").getDeclaredMethod("failedChecks");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The number of failed checks so far, or -1 when the checker does not count them. */
    static long read() {
        if (FAILED == null) return -1;
        try {
            return ((Number) FAILED.invoke(null)).longValue();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }
}
