package attnlab.attention;

/**
 * Picks the fastest {@link AttentionKernel} this JVM can run.
 *
 * <p>{@link VectorAttentionKernel} needs {@code jdk.incubator.vector} in the boot layer (the launcher and Maven
 * pass {@code --add-modules jdk.incubator.vector}); it is loaded by name, so when the module is absent its class is
 * never touched and {@link LoopAttentionKernel} is used instead. {@code -Dattnlab.kernel=simd|loops|scalar} forces
 * a choice (benchmarks, diagnostics).
 */
public final class Kernels {
    private Kernels() {}

    /** True when {@code jdk.incubator.vector} is in the boot layer, so {@link #simd()} works. */
    public static boolean simdAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The SIMD kernel; throws {@code IllegalStateException} naming the missing flag when the module is absent. */
    public static AttentionKernel simd() {
        if (!simdAvailable())
            throw new IllegalStateException("the SIMD kernel needs the JVM flag --add-modules jdk.incubator.vector");
        try {
            return (AttentionKernel) Class.forName("attnlab.attention.VectorAttentionKernel")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the SIMD kernel: " + e, e);
        }
    }

    /** The multi-threaded kernel written as plain loops (no incubator module needed). */
    public static AttentionKernel loops() {
        return new LoopAttentionKernel();
    }

    /** The one-thread reference kernel. */
    public static AttentionKernel scalar() {
        return new ScalarAttentionKernel();
    }

    /** {@code -Dattnlab.kernel} if set, else SIMD when available, else loops. */
    public static AttentionKernel best() {
        String forced = System.getProperty("attnlab.kernel", "");
        switch (forced) {
            case "simd": return simd();
            case "loops": return loops();
            case "scalar": return scalar();
            case "": return simdAvailable() ? simd() : loops();
            default: throw new IllegalArgumentException("attnlab.kernel must be simd, loops or scalar but was " + forced);
        }
    }
}
