package attnlab.attention.kernel;

import attnlab.attention.Masks;

/**
 * Picks the fastest {@link AttentionKernel} this JVM can run.
 *
 * <p>{@link VectorAttentionKernel} needs {@code jdk.incubator.vector} in the boot layer (the launcher and Maven
 * pass {@code --add-modules jdk.incubator.vector}); it is loaded by name, so when the module is absent its class is
 * never touched and {@link LoopAttentionKernel} is used instead. {@code -Dattnlab.kernel=simd|loops|scalar} forces
 * a choice (benchmarks, diagnostics). The default SIMD kernel is warmed up in the background ({@link #warmUp}).
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
            return (AttentionKernel) Class.forName("attnlab.attention.kernel.VectorAttentionKernel")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the SIMD kernel: " + e, e);
        }
    }

    /**
     * Starts a low-priority daemon thread that runs {@code k} on small inputs for up to two seconds, so that C2 compiles
     * its hot methods before the user's first big call. Why: until then the Vector API runs interpreted or in C1,
     * hundreds of times slower (a first 8×512×64 call took 2.7 s instead of 0.03 s). It pauses while a
     * {@link Foreground} is held (a model's load), and the pause does not count towards the two seconds.
     * {@code -Dattnlab.warmup=false} skips it. Returns {@code k}.
     */
    static AttentionKernel warmUp(AttentionKernel k) {
        if (!Boolean.parseBoolean(System.getProperty("attnlab.warmup", "true"))) return k;
        Thread t = attnlab.tensor.Daemons.newThread(() -> { // no snippet's thread: a Ctrl-C would stop it (Daemons)
            java.util.Random rng = new java.util.Random(0);
            attnlab.tensor.Tensor Q = attnlab.tensor.Tensor.randn(rng, 2, 40, 24),
                    K = attnlab.tensor.Tensor.randn(rng, 2, 40, 24), V = attnlab.tensor.Tensor.randn(rng, 2, 40, 20),
                    W = attnlab.tensor.Tensor.randn(rng, 24, 20), mask = Masks.causal(40),
                    out = attnlab.tensor.Tensor.zeros(2, 40, 20), P = attnlab.tensor.Tensor.zeros(2, 40, 40),
                    dQ = attnlab.tensor.Tensor.zeros(2, 40, 24), dK = attnlab.tensor.Tensor.zeros(2, 40, 24),
                    dV = attnlab.tensor.Tensor.zeros(2, 40, 20);
            long end = System.nanoTime() + 2_000_000_000L;
            for (int i = 0; i < 5000 && System.nanoTime() < end; i++) {
                end += waitForTheForeground();
                k.forward(Q, K, V, i % 2 == 0 ? mask : null, 0.2, out, P);
                k.backward(Q, K, V, null, P, out, out, 0.2, dQ, dK, dV);
                k.times(Q, W, out);
            }
        }, "attnlab-warmup");
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return k;
    }

    /** Sleeps while a {@link Foreground} is held; returns the nanoseconds it waited (they do not count). */
    private static long waitForTheForeground() {
        long t = System.nanoTime();
        while (Foreground.busy()) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return System.nanoTime() - t;
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
            case "": return simdAvailable() ? warmUp(simd()) : loops();
            default: throw new IllegalArgumentException("attnlab.kernel must be simd, loops or scalar but was " + forced);
        }
    }
}
