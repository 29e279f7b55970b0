package attnlab.repl;

import attnlab.model.ReferenceModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad model directories and bad runs at the prompt: each prints its error; the session and its model live on. */
class ModelsReplTest {
    @TempDir Path dir;

    @Test
    void badModelsAndBadRunsPrintTheirErrorAndTheReplKeepsItsModel() throws IOException {
        Path good = ReferenceModels.dir("gpt2");
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\"}");
        try (TestRepl r = new TestRepl()) {
            String loaded = r.run("var m = loadModel(\"" + good + "\")");
            assertTrue(loaded.startsWith("m ==> gpt2: 2 layers, 4 heads, d_model 64, vocab 40, context 16, "), loaded);
            String out = r.run("var x = loadModel(\"" + dir + "\")");
            assertTrue(out.contains("|  IllegalArgumentException: " + dir.resolve("config.json")
                    + ": model_type 'bert' is not supported; supported: gpt2, llama"), out);
            out = r.run("var y = loadModel(\"" + dir.resolve("nowhere") + "\")");
            assertTrue(out.contains(dir.resolve("nowhere") + ": no such directory"), out);
            out = r.run("m.run(new int[17])");
            assertTrue(out.contains("the prompt has 17 tokens but the model's context is 16"), out);
            out = r.run("m.run(\"hello\")");
            assertTrue(out.contains("no tokenizer in " + good), out);
            out = r.run("m.run(new int[] {1, 2, 3}, hook(\"blocks.9.attn.hook_z\", (z, c) -> z))");
            assertTrue(out.contains("no hook point 'blocks.9.attn.hook_z' in this model"), out);
            out = r.run("m.run(new int[] {1, 2, 3}).logits().rows()");
            assertTrue(out.endsWith(" ==> 3\n"), "the model still runs: " + out);
        }
    }
}
