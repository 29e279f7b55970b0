package attnlab.model;

import attnlab.attention.kernel.PackedWeights;

/**
 * One block's weights, in the {@code x W} layout ({@code W [in, out]}) the kernels multiply, whatever the file's
 * layout was (GPT-2's Conv1D already is; Llama's {@code nn.Linear [out, in]} is transposed at load), packed once at
 * load for the kernel's {@code x·W} ({@link PackedWeights}: the packed array replaces the file's, no second copy):
 * <pre>
 *   wQKV  [D, (H + 2·KV)·dh]   the q, k and v projections side by side: one product gives every head
 *   wO    [H·dh, D]
 *   wIn   [D, F]               GPT-2 c_fc; Llama gate_proj
 *   wUp   [D, F]               Llama up_proj (null for GPT-2)
 *   wOut  [F, D]               GPT-2 mlp.c_proj; Llama down_proj
 * </pre>
 * Biases are rows of the output width, or null (Llama has none).
 */
record BlockWeights(Norm ln1, PackedWeights wQKV, double[] bQKV, PackedWeights wO, double[] bO, Norm ln2,
                    PackedWeights wIn, double[] bIn, PackedWeights wUp, PackedWeights wOut, double[] bOut) {}
