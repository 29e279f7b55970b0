package attnlab.attention.kernel;

import attnlab.attention.*;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopAttentionKernelTest {

    @Test
    void agreesWithTheReferenceTo1e12OnEveryCase() {
        assertTrue(KernelAgreement.check(new LoopAttentionKernel()) > 60);
    }

    @Test
    void backwardAgreesWithTheReferenceTo1e12OnEveryCase() {
        assertTrue(KernelAgreement.checkBackward(new LoopAttentionKernel()) > 60);
    }
}
