/**
 * The compute behind {@link attnlab.attention.Attention} and the projections of
 * {@link attnlab.attention.MultiHeadAttention}: performance code, kept out of the package a student reads.
 * <ul>
 *   <li>{@link attnlab.attention.kernel.AttentionKernel}: the seam and its exact contract (forward, backward, under
 *       a mask tensor or a {@link attnlab.attention.BandMask}, and the {@code x W} projections);
 *       {@link attnlab.attention.kernel.Kernels} picks the fastest one this JVM can run;</li>
 *   <li>{@link attnlab.attention.kernel.ScalarAttentionKernel}: plain loops on one thread, the readable reference
 *       every other kernel is tested against (to 1e-12);</li>
 *   <li>{@link attnlab.attention.kernel.LoopAttentionKernel}: plain Java loops that C2 vectorises, on all cores;
 *       used when {@code jdk.incubator.vector} is absent;</li>
 *   <li>{@code VectorAttentionKernel} (SIMD: {@code VectorTiles}, {@code VectorBackward}, {@code VectorTimes},
 *       {@code VectorExp}): register-blocked FMA tiles on packed panels, loaded by name only when the incubator
 *       module is present;</li>
 *   <li>{@code BlockedAttentionKernel} and {@code KernelThreads}: what the fast kernels share, cutting a call into
 *       units of query rows, skipping the keys a block cannot see, and spreading the units over the cores.</li>
 * </ul>
 * Timings and how they were measured: {@code docs/performance.md}; {@code bench/attention.sh} reproduces them.
 */
package attnlab.attention.kernel;
