package attnlab.model;

import attnlab.io.Dtype;
import attnlab.io.Safetensors;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad model directories and bad calls: each error names the file or key and what was expected. */
class BadModelsTest {
    @TempDir
    Path tmp;

    /** A copy of the tiny "gpt2" reference model (config.json, model.safetensors) to spoil. */
    Path copy(String name) throws IOException {
        Path src = ReferenceModels.dir(name), dst = tmp.resolve(name);
        Files.createDirectories(dst);
        try (var files = Files.list(src)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, dst.resolve(f.getFileName()));
        }
        return dst;
    }

    static String error(Path dir) {
        return assertThrows(IllegalArgumentException.class, () -> Model.load(dir.toString())).getMessage();
    }

    @Test
    void aMissingKeyIsNamed() throws IOException {
        Path d = copy("gpt2");
        Map<String, Tensor> sd = new LinkedHashMap<>(Safetensors.read(d.resolve("model.safetensors")));
        sd.remove("h.1.mlp.c_fc.bias");
        Safetensors.write(d.resolve("model.safetensors"), sd, Map.of(), Dtype.F8);
        String m = error(d);
        assertTrue(m.startsWith(d + ": the weights have no 'h.1.mlp.c_fc.bias' (config.json's model needs it); keys"
                + " under 'h.1.mlp.c_fc.': h.1.mlp.c_fc.weight"), m);
    }

    @Test
    void aShapeThatDoesNotMatchConfigJsonIsNamed() throws IOException {
        Path d = copy("gpt2");
        Path cfg = d.resolve("config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"n_inner\": null", "\"n_inner\": 128"));
        assertEquals(d.resolve("model.safetensors") + "[h.0.mlp.c_fc.weight] has shape [64, 256] but config.json"
                + " implies [64, 128]", error(d));
    }

    @Test
    void anUnknownModelTypeListsTheSupportedOnes() throws IOException {
        Path d = copy("gpt2");
        Path cfg = d.resolve("config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"model_type\": \"gpt2\"", "\"model_type\": \"bert\""));
        assertEquals(cfg + ": model_type 'bert' is not supported; supported: gpt2, llama", error(d));
    }

    @Test
    void ropeScalingIsRefusedByName() throws IOException {
        Path d = copy("llama-kv1");
        Path cfg = d.resolve("config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"rope_scaling\": null",
                "\"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 8.0}"));
        assertEquals(cfg + ": rope_scaling 'llama3' is not supported (only plain rotary positions, rope_scaling"
                + " null)", error(d));
    }

    @Test
    void aMissingShardIsNamed() throws IOException {
        Path d = copy("llama-kv2");
        Files.delete(d.resolve("model-00002-of-00002.safetensors"));
        String m = error(d);
        assertTrue(m.startsWith(d.resolve("model.safetensors.index.json") + ": its weight_map names the shard"
                + " model-00002-of-00002.safetensors"), m);
    }

    @Test
    void aDirectoryThatIsNotAModel() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("photos"));
        assertEquals(d + " is not a Hugging Face model directory: it has no config.json (a model directory holds"
                + " config.json, model.safetensors or its shards, and the tokenizer)", error(d));
        Files.copy(ReferenceModels.dir("gpt2").resolve("config.json"), d.resolve("config.json"));
        assertTrue(error(d).startsWith(d + " has no weights: expected model.safetensors, or shards listed in"
                + " model.safetensors.index.json"), error(d));
        Path nowhere = tmp.resolve("nowhere");
        assertEquals(nowhere + ": no such directory", error(nowhere));
        Path file = Files.writeString(tmp.resolve("model.txt"), "x");
        assertTrue(error(file).startsWith(file + " is a file, not a model directory"), error(file));
    }

    @Test
    void tooManyTokensAndEmptyPrompts() {
        Model m = Model.load(ReferenceModels.dir("gpt2"));
        assertEquals("the prompt has 17 tokens but the model's context is 16 (config.json); shorten it",
                assertThrows(IllegalArgumentException.class, () -> m.run(new int[17])).getMessage());
        assertEquals("the prompt is empty: give at least one token",
                assertThrows(IllegalArgumentException.class, () -> m.run(new int[0])).getMessage());
        assertEquals("tokens[1] must be a token id in 0..39 but was 40",
                assertThrows(IllegalArgumentException.class, () -> m.run(new int[] {1, 40})).getMessage());
        assertEquals("the prompt has 12 tokens and 5 more would make 17, beyond the model's context of 16",
                assertThrows(IllegalArgumentException.class, () -> m.generate(ReferenceModels.tokens(), 5,
                        Sampler.GREEDY)).getMessage());
    }

    @Test
    void aMissingTokenizerIsNamedAndIdsStillWork() {
        Path d = ReferenceModels.dir("gpt2");
        Model m = Model.load(d.toString());
        String msg = assertThrows(IllegalArgumentException.class, () -> m.run("hello")).getMessage();
        assertTrue(msg.startsWith("no tokenizer in " + d + ": looked for tokenizer.json"), msg);
        assertEquals("the prompt is empty: give some text",
                assertThrows(IllegalArgumentException.class, () -> m.run("")).getMessage());
        assertEquals("7", m.tokenText(7), "labels fall back to ids");
        assertEquals(12, m.run(ReferenceModels.tokens()).strTokens().length);
    }

    @Test
    void tooBigForTheHeapSaysWhatItNeedsBeforeReading() {
        long max = Runtime.getRuntime().maxMemory();
        String m = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.checkHeap(tmp, 2 * max, max / 4)).getMessage();
        assertTrue(m.startsWith(tmp + " needs about ") && m.contains("parameters as float64, 8 bytes each) but only ")
                && m.contains("start attnlab with a larger heap, e.g. ATTNLAB_JAVA_OPTS=-Xmx"), m);
    }
}
