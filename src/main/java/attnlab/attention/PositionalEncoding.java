package attnlab.attention;

import attnlab.tensor.Checks;
import attnlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * Sinusoidal positional encoding (exercise 5.8, Vaswani et al. §3.5; numerics §7). With pair index
 * {@code i} and frequency {@code ω_i = 10000^(−2i/d)}:
 * <pre>
 *   INTERLEAVED  (default, the sheet):  PE[pos][2i] = sin(pos·ω_i),  PE[pos][2i+1] = cos(pos·ω_i)
 *   CONCATENATED (Transformer-XL):      PE[pos][i]  = sin(pos·ω_i) for i &lt; ⌈d/2⌉,
 *                                       PE[pos][⌈d/2⌉ + i] = cos(pos·ω_i)
 * </pre>
 * Both layouts use the same frequencies. Any {@code d ≥ 1} works: with odd d the last column is a sine (there is
 * one more sine than cosine), where the PyTorch tutorial idiom crashes. Uses {@link StrictMath} so the values are
 * bit-identical on every JDK.
 */
public final class PositionalEncoding {
    private PositionalEncoding() {}

    /** Column layout of the encoding. */
    public enum Layout { INTERLEAVED, CONCATENATED }

    /** {@code [seqLen, dModel]} in the interleaved layout. */
    public static Tensor encoding(int seqLen, int dModel) {
        return encoding(seqLen, dModel, Layout.INTERLEAVED);
    }

    /** {@code [seqLen, dModel]} in the given layout. */
    public static Tensor encoding(int seqLen, int dModel, Layout layout) {
        Checks.nonNegative(seqLen, "seqLen");
        Checks.positive(dModel, "dModel");
        Checks.notNull(layout, "layout");
        Tensor pe = Tensor.zeros(seqLen, dModel);
        DMatrixRMaj m = pe.matrix();
        int sines = (dModel + 1) / 2;
        for (int pos = 0; pos < seqLen; pos++) {
            for (int c = 0; c < dModel; c++) {
                boolean sine;
                int i;
                if (layout == Layout.INTERLEAVED) {
                    sine = c % 2 == 0;
                    i = c / 2;
                } else {
                    sine = c < sines;
                    i = sine ? c : c - sines;
                }
                double angle = pos / StrictMath.pow(10000.0, 2.0 * i / dModel); // the sheet's pos / 10000^(2i/d)
                m.unsafe_set(pos, c, sine ? StrictMath.sin(angle) : StrictMath.cos(angle));
            }
        }
        return pe;
    }

    /** {@code x + PE}: x is {@code [L, D]} or {@code [B, L, D]}; the {@code [L, D]} encoding is broadcast. */
    public static Tensor add(Tensor x) {
        Checks.sequence(x, "x");
        return x.plus(encoding(x.rows(), x.cols()));
    }
}
