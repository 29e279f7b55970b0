package attnlab.attention;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Surefire runs with {@code --add-modules jdk.incubator.vector} (pom argLine), so the SIMD path is exercised. */
class VectorAttentionKernelTest {

    @Test
    void theModuleIsPresentInTests() {
        assertTrue(Kernels.simdAvailable(), "surefire's argLine must add jdk.incubator.vector");
    }

    @Test
    void agreesWithTheReferenceTo1e12OnEveryCase() {
        assertTrue(KernelAgreement.check(Kernels.simd()) > 60);
    }

    @Test
    void backwardAgreesWithTheReferenceTo1e12OnEveryCase() {
        assertTrue(KernelAgreement.checkBackward(Kernels.simd()) > 60);
    }
}
