package attnlab.model;

import attnlab.io.TensorIO;
import attnlab.io.TensorFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Tiny random checkpoints in the Hugging Face layout, written once per test JVM by the PyTorch float64 reference
 * {@code src/test/resources/attnlab/model/reference.py} (Debian's {@code /usr/bin/python3} with python3-torch; missing
 * it FAILS the tests), with its logits and every activation under TransformerLens's names in {@code reference.npz}.
 * Together they cover every option: both GPT-2 key prefixes, the buffers real GPT-2 files carry, a saved tied
 * lm_head, GQA with 1, 2 and all KV heads, two rope_theta, an explicit head_dim, tied and untied lm_head, sharded and
 * single files, F32 and F64, head widths on and off the SIMD path.
 */
public final class ReferenceModels {
    private ReferenceModels() {}

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path SCRIPT = Path.of("src/test/resources/attnlab/model/reference.py").toAbsolutePath();

    static final String TOKENS = "[1, 5, 7, 3, 5, 7, 9, 2, 5, 7, 11, 0]";

    static final String SPECS = "["
            + "{\"name\": \"gpt2\", \"model_type\": \"gpt2\", \"seed\": 1, \"vocab\": 40, \"context\": 16,"
            + " \"d_model\": 64, \"heads\": 4, \"layers\": 2, \"dtype\": \"F64\", \"tokens\": " + TOKENS + "},"
            + "{\"name\": \"gpt2-lm\", \"model_type\": \"gpt2\", \"seed\": 2, \"vocab\": 40, \"context\": 16,"
            + " \"d_model\": 64, \"heads\": 4, \"layers\": 3, \"prefix\": \"transformer.\", \"buffers\": true,"
            + " \"lm_head\": true, \"dtype\": \"F32\", \"shards\": 3, \"ablate\": [1, 2], \"tokens\": " + TOKENS + "},"
            + "{\"name\": \"gpt2-narrow\", \"model_type\": \"gpt2\", \"seed\": 3, \"vocab\": 30, \"context\": 12,"
            + " \"d_model\": 24, \"heads\": 3, \"layers\": 2, \"dtype\": \"F32\", \"eps\": 1e-3,"
            + " \"tokens\": " + TOKENS + "},"
            + "{\"name\": \"llama-kv1\", \"model_type\": \"llama\", \"seed\": 4, \"vocab\": 40, \"context\": 16,"
            + " \"d_model\": 64, \"heads\": 4, \"kv_heads\": 1, \"d_mlp\": 96, \"layers\": 2, \"dtype\": \"F32\","
            + " \"tied\": false, \"rope_theta\": 10000.0, \"tokens\": " + TOKENS + "},"
            + "{\"name\": \"llama-kv2\", \"model_type\": \"llama\", \"seed\": 5, \"vocab\": 40, \"context\": 16,"
            + " \"d_model\": 64, \"heads\": 4, \"kv_heads\": 2, \"d_mlp\": 80, \"layers\": 2, \"dtype\": \"F64\","
            + " \"tied\": true, \"rope_theta\": 500000.0, \"shards\": 2, \"ablate\": [0, 3], \"tokens\": " + TOKENS + "},"
            + "{\"name\": \"llama-mha\", \"model_type\": \"llama\", \"seed\": 6, \"vocab\": 40, \"context\": 16,"
            + " \"d_model\": 48, \"heads\": 4, \"kv_heads\": 4, \"head_dim\": 16, \"d_mlp\": 64, \"layers\": 3,"
            + " \"dtype\": \"F64\", \"tied\": false, \"rope_theta\": 10000.0, \"eps\": 1e-5, \"tokens\": " + TOKENS + "}"
            + "]";

    static final List<String> NAMES = List.of("gpt2", "gpt2-lm", "gpt2-narrow", "llama-kv1", "llama-kv2", "llama-mha");

    private static Path root;

    /** The directory of model {@code name}, writing them all on first use. */
    public static synchronized Path dir(String name) {
        if (root == null) root = write();
        return root.resolve(name);
    }

    private static Path tiny;

    /**
     * The tiny random GPT-2 with a byte-level BPE tokenizer of {@code tiny.json} (the tour of
     * scripts/sessions/13-models.jsht and the look-inside-gpt2 notebook's CI run), written once per test JVM.
     */
    public static synchronized Path tiny() {
        if (tiny == null) {
            try {
                Path dir = Files.createTempDirectory("attnlab-tiny");
                dir.toFile().deleteOnExit();
                python(SCRIPT, SCRIPT.resolveSibling("tiny.json").toString(), dir.toString());
                tiny = dir.resolve("tiny-gpt2");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tiny;
    }

    static TensorFile reference(String name) {
        return TensorIO.loadz(dir(name).resolve("reference.npz").toString());
    }

    static int[] tokens() {
        return com.google.gson.JsonParser.parseString(TOKENS).getAsJsonArray().asList().stream()
                .mapToInt(e -> e.getAsInt()).toArray();
    }

    private static Path write() {
        try {
            Path dir = Files.createTempDirectory("attnlab-models");
            dir.toFile().deleteOnExit();
            Path specs = Files.writeString(dir.resolve("specs.json"), SPECS, StandardCharsets.UTF_8);
            python(SCRIPT, specs.toString(), dir.toString());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code /usr/bin/python3 script args...}; fails the test with its stderr when it fails. */
    static void python(Path script, String... args) {
        if (!Files.isExecutable(PYTHON)) fail(PYTHON + " is missing: these tests need PyTorch (.ci/run installs"
                + " python3-torch)");
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON.toString(), script.toString()));
            cmd.addAll(List.of(args));
            Path err = Files.createTempFile("reference", ".err");
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("reference.py did not finish within 300 s");
            }
            if (p.exitValue() != 0) fail("reference.py exited with " + p.exitValue() + ":\n" + Files.readString(err));
            Files.deleteIfExists(err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code max |a − b| / max |b|} over the finite entries; infinities must sit at the same places. */
    static double relErr(attnlab.tensor.Tensor a, attnlab.tensor.Tensor b, String what) {
        if (!java.util.Arrays.equals(a.shape(), b.shape()))
            fail(what + ": shape " + java.util.Arrays.toString(a.shape()) + " but the reference has "
                    + java.util.Arrays.toString(b.shape()));
        double diff = 0, scale = 0;
        for (int s = 0; s < a.batch(); s++) {
            double[] x = a.slice(s).data, y = b.slice(s).data;
            for (int i = 0; i < x.length; i++) {
                if (Double.isInfinite(y[i]) || Double.isInfinite(x[i])) {
                    if (x[i] != y[i]) fail(what + ": entry " + i + " of slice " + s + " is " + x[i] + " but " + y[i]);
                    continue;
                }
                diff = Math.max(diff, Math.abs(x[i] - y[i]));
                scale = Math.max(scale, Math.abs(y[i]));
            }
        }
        return scale == 0 ? diff : diff / scale;
    }
}
