package attnlab.train;

import attnlab.attention.Attention;
import attnlab.attention.Masks;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static attnlab.Asserts.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

class HeadScoresTest {

    /** A perfect previous-token head under the strict-causal mask: row 0 empty, A[i][i−1] = 1. */
    private static Tensor previousTokenPattern(int L) {
        Tensor A = Tensor.zeros(L, L);
        for (int i = 1; i < L; i++) A.matrix().set(i, i - 1, 1);
        return A;
    }

    @Test
    void perfectPreviousTokenHead() {
        HeadScores s = HeadScores.of(previousTokenPattern(5));
        assertEquals(1, s.heads());
        assertEquals(1.0, s.prev(0), 0.0);
        assertEquals(1.0, s.prevTL(0), 0.0); // Σ A = 4 rows of mass, Σ A∘D = 4
        assertEquals(1.0, s.prevArgmax(0), 0.0);
        assertEquals(0.0, s.self(0), 0.0);
        assertEquals(0.25, s.first(0), 0.0); // only row 1 puts its weight on token 0
    }

    @Test
    void uniformCausalBaselineAtL10() {
        Tensor x = Tensor.zeros(10, 4); // equal scores: uniform attention over the allowed keys
        Tensor A = Attention.forward(x, x, x, Masks.causal(10), Double.NaN).weights();
        HeadScores s = HeadScores.of(A);
        assertEquals(0.2143, s.prev(0), 5e-5);                      // numerics §9: mean_{i=1..9} 1/(i+1)
        assertEquals(s.prev(0) * 9 / 10, s.prevTL(0), 1e-15);       // TL: (1/L)·Σ_{i≥1} A[i][i−1]
        double diagonal = 1 + 1.0 / 2 + 1.0 / 3 + 0.25 + 0.2 + 1.0 / 6 + 1.0 / 7 + 0.125 + 1.0 / 9 + 0.1; // 1/(i+1)
        assertEquals(diagonal / 10, s.self(0), 1e-15);
    }

    @Test
    void headsAndBatchAreSeparated() {
        // [B=2, H=2, 3, 3]: head 0 is previous-token in both sequences, head 1 attends two back / to itself
        Tensor A = Tensor.zeros(2, 2, 3, 3);
        for (int b = 0; b < 2; b++) {
            A.slice(b * 2).setTo(previousTokenPattern(3).matrix());
            A.slice(b * 2 + 1).set(0, 0, 1);
            A.slice(b * 2 + 1).set(1, 1, 1);
            A.slice(b * 2 + 1).set(2, 0, 1);
        }
        HeadScores s = HeadScores.of(A);
        assertEquals(2, s.heads());
        assertEquals(0, s.best());
        assertEquals(1.0, s.prev(0), 0.0);
        assertEquals(0.0, s.prev(1), 0.0);
        assertEquals(1.0, s.back2(1), 0.0);
        assertEquals(2.0 / 3, s.self(1), 1e-15);
        assertEquals(0.5, s.first(1), 0.0);
        assertEquals(1.0, s.split(0, 1), 0.0);  // row 2: head 0 tops key 1 (t−1), head 1 key 0 (t−2)
        assertEquals(0.0, s.split(0, 0), 0.0);
        assertEquals("""
                head   prev  prevTL  argmax   back2    self   first
                   0  1.000   1.000  100.0%   0.000   0.000   0.500
                   1  0.000   0.000    0.0%   1.000   0.667   0.500
                heads 0 and 1: one tops t-1 and the other t-2 in 100.0% of rows i >= 2
                """, s.toString());
    }

    @Test
    void badShapes() {
        assertMessage("weights must be [B, H, L, L], [H, L, L] or [L, L] (square: self-attention) but has shape [2, 3]",
                () -> HeadScores.of(Tensor.zeros(2, 3)));
        assertMessage("head must be in 0..0 but was 1", () -> HeadScores.of(Tensor.zeros(2, 2)).prev(1));
    }
}
