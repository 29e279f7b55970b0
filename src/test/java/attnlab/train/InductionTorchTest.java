package attnlab.train;

import attnlab.io.NumPy;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first 20 training losses equal PyTorch float64's to 1e-10 relative: the real {@code torch} (Debian's
 * python3-torch) trains the same attention-only model ({@code nn.Embedding}, {@code nn.MultiheadAttention},
 * {@code nn.Linear}, {@code torch.optim.Adam}, {@code F.cross_entropy}; bench/induction_torch.py) from the weights
 * and batches this run exported to {@code .npz}. A small instance: 2 layers of 2 heads, d_model 8, vocab 6, n 4,
 * batch 16 (split into two lanes), lr decaying over the 20 steps.
 */
class InductionTorchTest {
    @TempDir Path dir;

    @Test
    void twentyLossesAgreeWithPyTorch() throws Exception {
        InductionTask task = InductionTask.of(6, 4);
        AttentionOnly m = new AttentionOnly(2, 2, 8, task.modelVocab(), task.length(), 4);
        InductionTrainer t = InductionTrainer.of(m, task).steps(20).batch(16).lr(2e-2).seed(7)
                .progress(ProgressBar.Mode.OFF).evalSequences(0);
        t.export(dir);
        InductionResult r = t.run();
        String script = Files.readString(Path.of("bench/induction_torch.py"));
        JsonObject out = JsonParser.parseString(NumPy.run(dir, script, dir.toString())).getAsJsonObject();
        double[] torch = NumPy.hexArray(out.getAsJsonArray("losses"));
        double worst = 0;
        for (int i = 0; i < 20; i++) worst = Math.max(worst, Math.abs(r.losses()[i] - torch[i]) / Math.abs(torch[i]));
        assertTrue(worst <= 1e-10, "worst relative difference " + worst);
        assertTrue(r.losses()[19] < r.losses()[0] - 0.05, "the run must learn something: " + r.losses()[0] + " -> "
                + r.losses()[19]);
    }
}
