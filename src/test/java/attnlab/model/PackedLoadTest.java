package attnlab.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link PackedLoad}: the weights read in odd small pieces (boundaries inside rows, panels and q/k/v blocks, two
 * threads taking turns) give the same model, bit for bit, as whole tensors read at once.
 */
class PackedLoadTest {
    @ParameterizedTest
    @ValueSource(strings = {"gpt2-lm", "gpt2-narrow", "llama-kv1", "llama-kv2", "llama-mha"})
    void smallPiecesLoadTheSameModel(String name) {
        Model whole = ModelLoader.load(ReferenceModels.dir(name), Long.MAX_VALUE / 2);
        for (long piece : new long[] {1, 7, 97}) {
            Model pieces = ModelLoader.load(ReferenceModels.dir(name), piece);
            assertEquals(whole.parameters(), pieces.parameters());
            var a = whole.run(ReferenceModels.tokens(), ActivationCache.NONE).logits();
            var b = pieces.run(ReferenceModels.tokens(), ActivationCache.NONE).logits();
            assertArrayEquals(a.matrix().data, b.matrix().data, name + ", pieces of " + piece);
        }
    }
}
