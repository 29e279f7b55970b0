package attnlab.repl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExercisesTest {
    @Test
    void firstSentenceOfTheOpeningCommentAcrossLines() {
        assertEquals("Exercise 5.5: scaled dot-product attention.", Exercises.description(List.of(
                "// Exercise 5.5: scaled dot-product attention. First the toolkit's version taken apart, then the",
                "// edge cases it handles. Run: ./attnlab scripts/ex5_05_dot_product.jsh", "var Q = eye(2)")));
        assertEquals("Exercise 5.9: train small models in seconds, then look at what their heads learned.",
                Exercises.description(List.of("", "// Exercise 5.9: train small models in seconds, then look at",
                        "// what their heads learned. Model: embedding.")));
    }

    @Test
    void aSentenceEndsAfterAClosingQuoteNotInsideANumberOrAName() {
        assertEquals("Exercise 5.1: attention on \"The cat sat.\"", Exercises.description(List.of(
                "// Exercise 5.1: attention on \"The cat sat.\" No trained model here.")));
        assertEquals("Uses MultiHeadAttention.forward(x) as a function of 5.5 and the weights.",
                Exercises.description(List.of("// Uses MultiHeadAttention.forward(x) as a function of 5.5 and",
                        "// the weights. More.")));
    }

    @Test
    void stopsAtAFormulaLineAndDropsItsColon() {
        assertEquals("Exercise 5.8, your version: sinusoidal encoding, interleaved", Exercises.description(List.of(
                "// Exercise 5.8, your version: sinusoidal encoding, interleaved:",
                "//   PE[pos][2i]   = sin(pos / 10000^(2i / dModel))")));
        assertEquals("", Exercises.description(List.of("var x = 1 // not a heading")));
    }
}
