package attnlab.exercises;

import java.util.List;

/**
 * The catalogue of stage-5 exercises: for each, its script under {@code scripts/}, and for the implementation
 * exercises the skeleton a student edits and the call that checks it. {@code exercises()} in the REPL prints it.
 */
public final class Exercises {
    private Exercises() {}

    /** One exercise; {@code skeleton} and {@code check} are null for the conceptual ones. */
    public record Exercise(String number, String topic, String script, String skeleton, String check) {}

    /** All eleven, in sheet order. */
    public static final List<Exercise> ALL = List.of(
            new Exercise("5.1", "attention intuition", "scripts/ex5_01_intuition.jsh", null, null),
            new Exercise("5.2", "the 1/sqrt(d_k) scale", "scripts/ex5_02_scaling.jsh", null, null),
            new Exercise("5.3", "why several heads", "scripts/ex5_03_multi_head.jsh", null, null),
            new Exercise("5.4", "causal masking", "scripts/ex5_04_causal_mask.jsh", null, null),
            new Exercise("5.5", "dot-product attention", "scripts/ex5_05_dot_product.jsh",
                    "scripts/student/ex5_05.jsh", "check55((q, k, v) -> myAttention(q, k, v))"),
            new Exercise("5.6", "causal mask, masked attention", "scripts/ex5_06_masked_attention.jsh",
                    "scripts/student/ex5_06.jsh", "check56(n -> myCausalMask(n), (q, k, v, m) -> myMaskedAttention(q, k, v, m))"),
            new Exercise("5.7", "multi-head attention", "scripts/ex5_07_multi_head_attention.jsh",
                    "scripts/student/ex5_07.jsh", "check57((x, wq, wk, wv, wo, h) -> myMultiHeadAttention(x, wq, wk, wv, wo, h))"),
            new Exercise("5.8", "positional encoding", "scripts/ex5_08_positional_encoding.jsh",
                    "scripts/student/ex5_08.jsh", "check58((n, d) -> myPositionalEncoding(n, d))"),
            new Exercise("5.9", "train and look at the heads", "scripts/ex5_09_visualisation.jsh", null, null),
            new Exercise("5.10", "attention backward", "scripts/ex5_10_backward.jsh",
                    "scripts/student/ex5_10.jsh", "check510((q, k, v, dO) -> myAttentionBackward(q, k, v, dO))"),
            new Exercise("5.11", "relative positions", "scripts/ex5_11_relative_positions.jsh",
                    "scripts/student/ex5_11.jsh", "check511((Q, K, V, R, u, v, W_R) -> myRelativeAttention(Q, K, V, R, u, v, W_R))"));

    /** The printable table. */
    public record Catalogue(List<Exercise> exercises) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Stage 5 exercises: run a script with /open SCRIPT (or ./attnlab SCRIPT);"
                    + "\nfor 5.5-5.11 /open the skeleton, fill in the TODO, then run the check.\n");
            String indent = " ".repeat(37);
            for (Exercise e : exercises) {
                sb.append('\n').append(pad(e.number(), 6)).append(pad(e.topic(), 31)).append(e.script());
                if (e.skeleton() != null)
                    sb.append('\n').append(indent).append(e.skeleton()).append('\n').append(indent).append(e.check());
            }
            return sb.toString();
        }
    }

    private static String pad(String s, int width) { return s + " ".repeat(Math.max(1, width - s.length())); }

    /** The catalogue, for the REPL. */
    public static Catalogue catalogue() { return new Catalogue(ALL); }
}
