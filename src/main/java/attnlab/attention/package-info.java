/**
 * The attention a student reads (exercises 5.4 to 5.10; numerics §1 to §5): the math, one concept per file, each
 * forward above its backward with shapes and formulas.
 * <ul>
 *   <li>{@link attnlab.attention.Softmax}: the stable row softmax and its backward;</li>
 *   <li>{@link attnlab.attention.Attention}: scaled dot-product attention {@code softmax(scale · Q Kᵀ + M) V},
 *       forward and backward;</li>
 *   <li>{@link attnlab.attention.Masks} and {@link attnlab.attention.Alignment}: additive masks written out as
 *       tensors (causal top-left or bottom-right, strict causal, padding);</li>
 *   <li>{@link attnlab.attention.BandMask}: a causal or sliding-window mask kept as its rule, never built, for long
 *       sequences (PyTorch's {@code is_causal});</li>
 *   <li>{@link attnlab.attention.MultiHeadAttention} and {@link attnlab.attention.Heads}: projections, the split
 *       into heads and back;</li>
 *   <li>{@link attnlab.attention.PositionalEncoding}: sinusoidal encodings;</li>
 *   <li>{@code relative}: the relative-position schemes of exercise 5.11.</li>
 * </ul>
 * How the numbers are computed fast (SIMD tiles, threads) is one hop away, behind one seam:
 * {@link attnlab.attention.Attention} and {@link attnlab.attention.Heads} validate, allocate, then call
 * {@link attnlab.attention.kernel.AttentionKernel} from {@code attnlab.attention.kernel}.
 */
package attnlab.attention;
