package attnlab.repl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Tab shows after "(": the console part is ConsoleE2ETest.tabRightAfterAnOpenParenShowsTheSignatures. */
class SignaturesTest {
    @Test
    void theOpenCallsSignaturesWithParameterNames() {
        try (TestRepl t = new TestRepl()) {
            assertEquals(List.of("Tensor causalMask(int n)",
                    "Tensor causalMask(int lq, int lk, attnlab.attention.Alignment alignment)"),
                    Signatures.of(t.repl.session, "var m = causalMask("));
            assertTrue(Signatures.of(t.repl.session, "Math.max(1, ").contains("int Math.max(int a, int b)"));
            assertEquals(List.of(), Signatures.of(t.repl.session, "int[] a = {1, "));
            assertTrue(Signatures.text(List.of("Tensor eye(int n)")).startsWith("Signatures:\nTensor eye(int n)\n\n"));
        }
    }
}
