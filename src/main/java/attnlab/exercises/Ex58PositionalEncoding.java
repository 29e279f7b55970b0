package attnlab.exercises;

import attnlab.attention.PositionalEncoding;
import attnlab.tensor.Tensor;

import java.util.List;
import java.util.function.Function;

/**
 * Exercise 5.8: sinusoidal positional encoding, interleaved as on the sheet,
 * <pre>
 *   PE[pos][2i] = sin(pos / 10000^(2i/d)),   PE[pos][2i+1] = cos(pos / 10000^(2i/d))
 * </pre>
 * checked against {@link PositionalEncoding#encoding(int, int)} on the golden d = 4 case, a usual size, odd widths
 * (one more sine than cosine), d = 1 and a long sequence.
 */
public final class Ex58PositionalEncoding {
    private Ex58PositionalEncoding() {}

    /** One input: the sequence length and the model width. */
    record In(int seqLen, int dModel) {}

    static final String TITLE = "5.8 positional encoding";
    static final String HOW_TO = Checker.howTo("ex5_08");

    /** Arrays: {@code check58((n, d) -> myPositionalEncoding(n, d))}. */
    public static Report check(Signatures.PositionalEncodingArrays f) {
        return report("check58", in -> Convert.fromArray(f.apply(in.seqLen(), in.dModel()), "PE"));
    }

    /** A rank-2 tensor. */
    public static Report checkTensor(Signatures.PositionalEncodingTensors f) {
        return report("check58Tensor", in -> Convert.fromTensor(f.apply(in.seqLen(), in.dModel())));
    }

    /** An EJML matrix. */
    public static Report checkEjml(Signatures.PositionalEncodingMatrices f) {
        return report("check58Ejml", in -> Convert.fromMatrix(f.apply(in.seqLen(), in.dModel())));
    }

    static Report report(String check, Function<In, Tensor> student) {
        return Checker.single(check, spec(), student);
    }

    static Checker.Spec<In> spec() {
        String odd = "with an odd d_model there is one more sine than cosine: the last column, index d-1 (even), is "
                + "sin(pos / 10000^((d-1)/d)); loop over columns, not over sin/cos pairs";
        return new Checker.Spec<>(TITLE, HOW_TO, new String[] {"PE"}, List.of(
                of(3, 4, null), of(10, 16, null), of(4, 5, odd), of(3, 1, odd), of(6, 7, odd), of(50, 128, null)),
                in -> new Tensor[] {PositionalEncoding.encoding(in.seqLen(), in.dModel())}, List.of(
                mistake("sin and cos are swapped: even columns 2i hold the sine, odd columns 2i+1 the cosine",
                        (pos, c, d) -> c % 2 == 0 ? Math.cos(angle(pos, c / 2, d)) : Math.sin(angle(pos, c / 2, d))),
                mistake("this is the concatenated layout (all sines, then all cosines, as in Transformer-XL): the "
                        + "sheet interleaves them, sin in column 2i and cos in column 2i+1", (pos, c, d) -> {
                            int sines = (d + 1) / 2;
                            return c < sines ? Math.sin(angle(pos, c, d)) : Math.cos(angle(pos, c - sines, d));
                        }),
                mistake("the exponent uses the column index c: both columns of a pair share i = c/2, so the "
                        + "frequency is 10000^(2i/d) with 2i = c rounded down to even",
                        (pos, c, d) -> c % 2 == 0 ? Math.sin(pos / Math.pow(10000, (double) c / d))
                                : Math.cos(pos / Math.pow(10000, (double) c / d))),
                mistake("the exponent is 2c/d with c the column: i is the pair index c/2, so use 2*(c/2)/d",
                        (pos, c, d) -> c % 2 == 0 ? Math.sin(pos / Math.pow(10000, 2.0 * c / d))
                                : Math.cos(pos / Math.pow(10000, 2.0 * c / d))),
                mistake("the exponent is missing its factor 2: 10000^(2i/d), not 10000^(i/d)",
                        (pos, c, d) -> c % 2 == 0 ? Math.sin(pos / Math.pow(10000, (double) (c / 2) / d))
                                : Math.cos(pos / Math.pow(10000, (double) (c / 2) / d))),
                mistake("positions start at 1: the first row is position 0 (sin 0 = 0, cos 0 = 1)",
                        (pos, c, d) -> c % 2 == 0 ? Math.sin(angle(pos + 1, c / 2, d)) : Math.cos(angle(pos + 1, c / 2, d))),
                mistake("you multiply by 10000^(2i/d): divide pos by it",
                        (pos, c, d) -> {
                            double a = pos * Math.pow(10000, 2.0 * (c / 2) / d);
                            return c % 2 == 0 ? Math.sin(a) : Math.cos(a);
                        }),
                base(1000), base(100000), base(1000 * 1000),
                mistake("with an odd d_model the last column is left at 0: it is a sine column (index d-1 is even), "
                        + "sin(pos / 10000^((d-1)/d)); loop over columns, not over sin/cos pairs",
                        (pos, c, d) -> d % 2 == 1 && c == d - 1 ? 0
                                : c % 2 == 0 ? Math.sin(angle(pos, c / 2, d)) : Math.cos(angle(pos, c / 2, d)))));
    }

    /** The right formula with another base: a zero too few (1000) or too many. */
    private static Checker.Mistake<In> base(double b) {
        String text = String.format(java.util.Locale.ROOT, "%.0f", b);
        return mistake("your frequencies use base " + text + ": the sheet's is 10000, PE(pos, 2i) = sin(pos / "
                + "10000^(2i/d))", (pos, c, d) -> {
                    double a = pos / Math.pow(b, 2.0 * (c / 2) / d);
                    return c % 2 == 0 ? Math.sin(a) : Math.cos(a);
                });
    }

    /** {@code pos / 10000^(2i/d)}. */
    private static double angle(int pos, int i, int d) { return pos / Math.pow(10000, 2.0 * i / d); }

    private interface Cell { double at(int pos, int c, int d); }

    private static Checker.Mistake<In> mistake(String hint, Cell cell) {
        return Checker.Mistake.of(hint, in -> {
            double[][] pe = new double[in.seqLen()][in.dModel()];
            for (int pos = 0; pos < in.seqLen(); pos++)
                for (int c = 0; c < in.dModel(); c++) pe[pos][c] = cell.at(pos, c, in.dModel());
            return new Tensor[] {Tensor.of(pe)};
        });
    }

    private static Checker.Case<In> of(int seqLen, int dModel, String edgeHint) {
        String name = dModel == 4 && seqLen == 3 ? "by hand, d_model = 4" : dModel % 2 == 1 ? "odd d_model = " + dModel
                : seqLen + " positions, d_model = " + dModel;
        return new Checker.Case<>(name, "seqLen " + seqLen + "  dModel " + dModel, new In(seqLen, dModel), edgeHint);
    }
}
