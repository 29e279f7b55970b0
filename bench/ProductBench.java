import attnlab.attention.kernel.AttentionKernel;
import attnlab.attention.kernel.PackedWeights;
import attnlab.tensor.Tensor;

import java.util.Locale;
import java.util.Random;

/**
 * bench/products.sh: the kernel's single products {@code x [128, K] · W [K, N]} on packed weights
 * ({@code AttentionKernel.timesPacked}), the shapes of a 128-token forward of GPT-2 small and SmolLM-135M, in GFLOP/s
 * (best of the timed calls, all cores). "in cache": one W, called again and again; "from memory": 100 different W of
 * 576×1536 (700 MB) in turn, as a forward reads its weights once.
 */
public class ProductBench {
    static final int[][] SHAPES = {{128, 768, 2304}, {128, 768, 768}, {128, 768, 3072}, {128, 3072, 768},
            {128, 768, 50257}, {128, 576, 960}, {128, 576, 1536}, {128, 1536, 576}, {128, 576, 49152}};

    public static void main(String[] args) {
        AttentionKernel k = AttentionKernel.get();
        Random rng = new Random(1);
        System.out.println("| x [M, K] · W [K, N] | GFLOP/s |");
        System.out.println("|---|---|");
        for (int round = 0; round < 2; round++) // the first round warms the JIT up
            for (int[] s : SHAPES) {
                Tensor x = Tensor.randn(rng, s[0], s[1]), out = Tensor.zeros(s[0], s[2]);
                PackedWeights w = k.pack(Tensor.randn(rng, s[1], s[2]));
                double best = Double.MAX_VALUE;
                for (int r = 0, n = s[2] > 10_000 ? 5 : 50; r < n; r++) {
                    long t = System.nanoTime();
                    k.timesPacked(x, w, out);
                    best = Math.min(best, (System.nanoTime() - t) / 1e9);
                }
                if (round == 1) row(s[0] + "×" + s[1] + "×" + s[2] + ", in cache", 2.0 * s[0] * s[1] * s[2] / best);
            }
        int M = 128, K = 576, N = 1536, count = 100;
        Tensor x = Tensor.randn(rng, M, K), out = Tensor.zeros(M, N);
        PackedWeights[] ws = new PackedWeights[count];
        for (int i = 0; i < count; i++) ws[i] = k.pack(Tensor.randn(rng, K, N));
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 6; round++) {
            long t = System.nanoTime();
            for (PackedWeights w : ws) k.timesPacked(x, w, out);
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        row(M + "×" + K + "×" + N + ", " + count + " different W from memory", 2.0 * M * K * N * count / best);
    }

    static void row(String what, double flopsPerSecond) {
        System.out.printf(Locale.ROOT, "| %s | %.1f |%n", what, flopsPerSecond / 1e9);
    }
}
