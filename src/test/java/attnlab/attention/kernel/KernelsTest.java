package attnlab.attention.kernel;

import attnlab.attention.*;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelsTest {

    @Test
    void theDefaultKernelIsSimdWhenTheModuleIsPresent() {
        // surefire adds jdk.incubator.vector, so the default must be the SIMD kernel
        assertTrue(AttentionKernel.get().name().startsWith("simd"), AttentionKernel.get().name());
        assertTrue(Kernels.best().name().startsWith("simd"));
    }

    /** Run in a JVM without {@code --add-modules jdk.incubator.vector}: prints the kernel and one attention value. */
    public static final class WithoutModule {
        public static void main(String[] args) {
            Tensor x = Tensor.parse("1 2; 3 4");
            System.out.println(Kernels.simdAvailable() + " " + AttentionKernel.get().name() + " "
                    + Attention.attention(x, x, x).get(0, 0));
        }
    }

    @Test
    void withoutTheModuleTheLoopKernelIsChosenAndWorks() throws Exception {
        String java = System.getProperty("java.home") + "/bin/java";
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WithoutModule.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor(), out);
        double want = Attention.attention(Tensor.parse("1 2; 3 4"), Tensor.parse("1 2; 3 4"), Tensor.parse("1 2; 3 4"))
                .get(0, 0);
        String[] w = out.split(" ");
        assertEquals("false loops", w[0] + " " + w[1], out);
        assertEquals(want, Double.parseDouble(w[2]), 1e-15, out);
    }

    @Test
    void kernelsCanBeForcedByName() {
        String old = System.getProperty("attnlab.kernel");
        try {
            System.setProperty("attnlab.kernel", "loops");
            assertEquals("loops", Kernels.best().name());
            System.setProperty("attnlab.kernel", "scalar");
            assertEquals("scalar", Kernels.best().name());
            System.setProperty("attnlab.kernel", "gpu");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Kernels::best);
            assertEquals("attnlab.kernel must be simd, loops or scalar but was gpu", e.getMessage());
        } finally {
            if (old == null) System.clearProperty("attnlab.kernel");
            else System.setProperty("attnlab.kernel", old);
        }
    }

    @Test
    void theApiGivesTheSameAnswerWhicheverKernelIsInUse() {
        Random rng = new Random(3);
        Tensor Q = Tensor.randn(rng, 3, 20, 8), K = Tensor.randn(rng, 3, 17, 8), V = Tensor.randn(rng, 3, 17, 5);
        Tensor mask = Masks.causal(20, 17, Alignment.BOTTOM_RIGHT);
        Tensor want = null;
        for (AttentionKernel k : new AttentionKernel[] {Kernels.scalar(), Kernels.loops(), Kernels.simd()}) {
            AttentionKernel old = AttentionKernel.use(k);
            try {
                Tensor got = Attention.attention(Q, K, V, mask, Double.NaN);
                if (want == null) want = got;
                else assertTrue(want.maxAbsDiff(got) <= 1e-12, k.name() + " differs by " + want.maxAbsDiff(got));
            } finally {
                AttentionKernel.use(old);
            }
        }
    }
}
