package attnlab.train;

import attnlab.Lab;
import attnlab.io.NumPy;
import attnlab.io.TensorFile;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A trained 5.9 model saved under PyTorch's names loads back bit for bit, and NumPy computing the PyTorch module's
 * forward from the saved file gets the model's logits.
 */
class ModelFilesTest {
    @TempDir static Path dir;
    static AttentionModel trained;
    static final Task TASK = Task.previousToken(8, 10);

    @BeforeAll
    static void train() {
        trained = AttentionModel.forTask(TASK, 16, 2, MaskKind.STRICT_CAUSAL, 0);
        Trainer.of(trained, TASK).steps(30).progress(ProgressBar.Mode.OFF).run();
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.npz", "model.safetensors"})
    void savedAndLoadedBackBitForBit(String name) {
        String path = dir.resolve(name).toString();
        Lab.saveModel(trained, path);
        AttentionModel fresh = AttentionModel.forTask(TASK, 16, 2, MaskKind.STRICT_CAUSAL, 99);
        Lab.loadModel(fresh, path);
        for (int k = 0; k < 6; k++)
            NumPy.assertSameBits(NumPy.flat(trained.parameters()[k]), NumPy.flat(fresh.parameters()[k]),
                    AttentionModel.parameterNames().get(k));
        int[] seq = TASK.sample(new Random(5), 1).tokens()[0];
        assertArrayEquals(trained.predict(seq), fresh.predict(seq));
    }

    @Test
    void namesAndShapesArePyTorchsAndSafetensorsRecordsTheModel() {
        Lab.saveModel(trained, dir.resolve("m.safetensors").toString());
        TensorFile f = Lab.loadSafetensors(dir.resolve("m.safetensors").toString());
        assertEquals(List.of("embedding.weight", "attn.in_proj_weight", "attn.out_proj.weight", "unembed.weight"),
                List.copyOf(f.keySet()));
        assertArrayEquals(new long[] {8, 16}, f.info("embedding.weight").fileShape());
        assertArrayEquals(new long[] {48, 16}, f.info("attn.in_proj_weight").fileShape());
        assertArrayEquals(new long[] {8, 16}, f.info("unembed.weight").fileShape());   // Linear(16, 8): [out, in]
        assertEquals("F64", f.info("unembed.weight").dtype());
        assertEquals(Map.of("format", "pt", "attnlab", "AttentionModel vocab=8 classes=8 length=10 d_model=16 heads=2"
                + " mask=STRICT_CAUSAL"), f.metadata());
    }

    static final String PYTORCH_FORWARD = NumPy.PRELUDE + """
            # the forward of the PyTorch module ModelFiles documents, in NumPy, from the saved state dict
            sd = np.load('model.npz')
            tokens = np.array(json.loads(sys.argv[1]))
            E, Win, Wout, U = sd['embedding.weight'], sd['attn.in_proj_weight'], sd['attn.out_proj.weight'], sd['unembed.weight']
            V, D = E.shape; H = int(sys.argv[2]); dk = D // H; B, L = tokens.shape
            pos = np.arange(L)[:, None]; i = np.arange(0, D, 2)[None, :]
            pe = np.zeros((L, D)); pe[:, 0::2] = np.sin(pos / 10000 ** (i / D)); pe[:, 1::2] = np.cos(pos / 10000 ** (i / D))
            x = E[tokens] + pe
            q, k, v = (x @ Win[j*D:(j+1)*D].T for j in range(3))          # F.linear: x Wᵀ
            split = lambda T: T.reshape(B, L, H, dk).transpose(0, 2, 1, 3)
            S = split(q) @ split(k).transpose(0, 1, 3, 2) / np.sqrt(dk)
            blocked = ~(np.arange(L)[None, :] < np.arange(L)[:, None])   # strict causal: key j < query i
            S = np.where(blocked, -np.inf, S)
            m = S.max(-1, keepdims=True); m = np.where(np.isfinite(m), m, 0)
            P = np.exp(S - m); s = P.sum(-1, keepdims=True); P = np.where(s > 0, P / np.where(s > 0, s, 1), 0)
            C = (P @ split(v)).transpose(0, 2, 1, 3).reshape(B, L, D)
            z = x + C @ Wout.T
            logits = z @ U.T
            print(json.dumps(hexes(logits)))
            """;

    @Test
    void numPyRunningThePyTorchModuleFromTheFileGetsTheSameLogits() {
        Lab.saveModel(trained, dir.resolve("model.npz").toString());
        int[][] tokens = TASK.sample(new Random(9), 3).tokens();
        Tensor logits = trained.forward(tokens);
        double[] expected = NumPy.hexArray(com.google.gson.JsonParser.parseString(NumPy.run(dir, PYTORCH_FORWARD,
                new com.google.gson.Gson().toJson(tokens), "2")).getAsJsonArray());
        double[] actual = NumPy.flat(logits);
        double scale = 0, err = 0;
        for (int k = 0; k < actual.length; k++) {
            scale = Math.max(scale, Math.abs(expected[k]));
            err = Math.max(err, Math.abs(expected[k] - actual[k]));
        }
        assertTrue(err <= 1e-12 * scale, "max error " + err + " vs scale " + scale);
    }

    @Test
    void aModelOfAnotherShapeIsRefused() {
        Lab.saveModel(trained, dir.resolve("other.npz").toString());
        AttentionModel small = AttentionModel.forTask(TASK, 8, 2, MaskKind.STRICT_CAUSAL, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lab.loadModel(small, dir.resolve("other.npz").toString()));
        assertEquals(dir.resolve("other.npz") + ": embedding.weight has shape [8, 16] but must be [8, 8]",
                e.getMessage());
        assertEquals("path must end in .npz or .safetensors but was m.npy", assertThrows(
                IllegalArgumentException.class, () -> Lab.saveModel(trained, "m.npy")).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"deep.npz", "deep.safetensors"})
    void anNLayerModelRoundTripsBitForBitUnderPyTorchNames(String name) {
        InductionTask task = InductionTask.of(6, 4);
        AttentionOnly m = new AttentionOnly(3, 2, 8, task.modelVocab(), task.length(), 1);
        InductionTrainer.of(m, task).steps(5).progress(ProgressBar.Mode.OFF).evalSequences(0).run();
        String path = dir.resolve(name).toString();
        Lab.saveModel(m, path);
        AttentionOnly fresh = Lab.loadModel(new AttentionOnly(3, 2, 8, task.modelVocab(), task.length(), 9), path);
        for (int k = 0; k < m.parameters().length; k++)
            NumPy.assertSameBits(NumPy.flat(m.parameters()[k]), NumPy.flat(fresh.parameters()[k]),
                    m.parameterNames().get(k));
        TensorFile f = name.endsWith(".npz") ? Lab.loadz(path) : Lab.loadSafetensors(path);
        assertEquals(List.of("embedding.weight", "pos_embedding.weight", "blocks.0.attn.in_proj_weight",
                "blocks.0.attn.out_proj.weight", "blocks.1.attn.in_proj_weight", "blocks.1.attn.out_proj.weight",
                "blocks.2.attn.in_proj_weight", "blocks.2.attn.out_proj.weight", "unembed.weight"), List.copyOf(f.keySet()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lab.loadModel(new AttentionOnly(2, 2, 8, task.modelVocab(), task.length(), 0), path));
        assertEquals(path + " holds more than the model's 2 layers (it has blocks.2.attn.in_proj_weight)", e.getMessage());
    }
}
