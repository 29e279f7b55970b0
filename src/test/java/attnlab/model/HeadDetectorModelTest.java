package attnlab.model;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detectors on a model built by hand: the tiny random "gpt2-lm" (3 layers × 4 heads) with head 0.2 made to
 * attend exactly to the previous token and head 2.1 exactly to the token after the previous occurrence of the
 * current one (its pattern set through a hook, as a trained head would produce it).
 */
class HeadDetectorModelTest {
    /** The real model with two heads' patterns replaced by exact ones. */
    static final class HandBuilt implements HookedModel {
        final Model m = Model.load(ReferenceModels.dir("gpt2-lm"));

        @Override public int layers() { return m.layers(); }
        @Override public int heads() { return m.heads(); }
        @Override public int vocab() { return m.vocab(); }
        @Override public int context() { return m.context(); }
        @Override public int bos() { return m.bos(); }

        @Override
        public ModelRun run(int[] tokens, Predicate<String> names, Hook... hooks) {
            Hook prev = new Hook("blocks.0.attn.hook_pattern", (p, ctx) -> exact(p, 2, previous(ctx.tokens())));
            Hook ind = new Hook("blocks.2.attn.hook_pattern", (p, ctx) -> exact(p, 1, induction(ctx.tokens())));
            return m.run(tokens, names, prev, ind);
        }

        static Tensor exact(Tensor p, int head, int[] target) {
            Tensor e = p.copy();
            int L = p.rows();
            for (int i = 0; i < L; i++)
                for (int j = 0; j < L; j++) e.set(head, i, j, j == target[i] ? 1 : 0);
            return e;
        }

        /** Key i − 1 (row 0: itself). */
        static int[] previous(int[] t) {
            int[] k = new int[t.length];
            for (int i = 1; i < t.length; i++) k[i] = i - 1;
            return k;
        }

        /** The token after the last earlier copy of t[i] (none: the first token). */
        static int[] induction(int[] t) {
            int[] k = new int[t.length];
            for (int i = 0; i < t.length; i++)
                for (int j = 1; j <= i; j++) if (t[j - 1] == t[i]) k[i] = j;
            return k;
        }
    }

    @Test
    void aPreviousTokenHeadScoresExactlyOneAndTheOthersLow() {
        DetectedHeads d = HeadDetector.detect(new HandBuilt(), HeadDetector.Kind.PREVIOUS_TOKEN);
        assertEquals(1.0, d.score(0, 2), 0.0);
        assertEquals(new DetectedHeads.Head(0, 2, 1.0), d.top(1).get(0));
        for (int l = 0; l < 3; l++)
            for (int h = 0; h < 4; h++)
                if (!(l == 0 && h == 2)) assertTrue(d.score(l, h) < 0.6, l + "." + h + ": " + d.score(l, h));
        assertTrue(d.toString().startsWith("PREVIOUS_TOKEN scores [3 layers, 4 heads] (mean over rows with a target; 4"
                + " sequences of 7 random tokens twice after BOS 0)\ntop heads (layer.head score):  0.2 1.000"),
                d.toString());
    }

    @Test
    void anInductionHeadScoresExactlyOneAndTheOthersLow() {
        DetectedHeads d = HeadDetector.detect(new HandBuilt(), HeadDetector.Kind.INDUCTION);
        assertEquals(1.0, d.score(2, 1), 0.0);
        for (int l = 0; l < 3; l++)
            for (int h = 0; h < 4; h++)
                if (!(l == 2 && h == 1)) assertTrue(d.score(l, h) < 0.6, l + "." + h + ": " + d.score(l, h));
    }

    @Test
    void allRowsIsTransformerLensNumberRowsWithoutATargetCountAsZero() {
        DetectedHeads d = HeadDetector.detect(new HandBuilt(), HeadDetector.Kind.PREVIOUS_TOKEN,
                HeadDetector.Rows.ALL_ROWS);
        int L = 15; // BOS + 7 + 7: row 0 has no previous token; it attends to itself
        assertEquals((L - 1) / (double) L, d.score(0, 2), 1e-15);
    }

    @Test
    void aDetectorOfOnesOwn() {
        // "attends to itself": the hand-built previous-token head never does, except on row 0
        DetectedHeads d = HeadDetector.detect(new HandBuilt(), "SELF", t -> Tensor.eye(t.length),
                HeadDetector.Rows.ROWS_WITH_TARGET);
        assertEquals(1.0 / 15, d.score(0, 2), 1e-15);
        String picture = d.heatmap().terminal(false);
        assertTrue(picture.contains("SELF score per head") && picture.contains("L2") && picture.contains("H3"),
                picture);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadDetector.detect(
                new HandBuilt(), "BAD", t -> Tensor.eye(3), HeadDetector.Rows.ALL_ROWS));
        assertEquals("the detection pattern must be [15, 15] for 15 tokens but has shape [3, 3]", e.getMessage());
    }

    @Test
    void theRealModelWithoutHandBuiltHeadsHasNoPerfectHead() {
        DetectedHeads d = HeadDetector.detect(Model.load(ReferenceModels.dir("llama-kv1")),
                HeadDetector.Kind.DUPLICATE_TOKEN);
        assertEquals(2, d.scores().rows());
        assertTrue(d.top(1).get(0).score() < 0.99, d.toString());
    }
}
