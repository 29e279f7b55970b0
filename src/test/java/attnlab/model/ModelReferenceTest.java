package attnlab.model;

import attnlab.io.TensorFile;
import attnlab.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every tiny model of {@link ReferenceModels} against PyTorch float64 ({@code reference.py}, the Hugging Face
 * modelling code's math): the logits and every cached activation to 1e-12 relative, and the cache holds exactly the
 * reference's names.
 */
class ModelReferenceTest {
    static final double TOL = 1e-12;

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "gpt2-lm", "gpt2-narrow", "llama-kv1", "llama-kv2", "llama-mha"})
    void logitsAndEveryActivationMatchPyTorch(String name) {
        Model m = Model.load(ReferenceModels.dir(name));
        TensorFile ref = ReferenceModels.reference(name);
        ModelRun r = m.run(ReferenceModels.tokens());
        double err = ReferenceModels.relErr(r.logits(), ref.get("logits"), name + " logits");
        assertTrue(err <= TOL, name + " logits: relative error " + err);
        Set<String> expected = new TreeSet<>(ref.keySet());
        expected.remove("logits");
        expected.remove("ablated.logits");
        assertEquals(expected, new TreeSet<>(r.names()), name + ": the cache's names");
        for (String k : expected) {
            double e = ReferenceModels.relErr(r.get(k), ref.get(k), name + " " + k);
            assertTrue(e <= TOL, name + " " + k + ": relative error " + e);
        }
        assertEquals(m.hookNames(), r.names(), "every hook point is cached, in the order of the pass");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2-lm", "llama-kv2"})
    void weightsTakeEightBytesAParameter(String name) {
        Model m = Model.load(ReferenceModels.dir(name));
        assertEquals(m.config().parameters(), m.parameters(), "parameters held = what config.json implies");
        Tensor logits = m.run(ReferenceModels.tokens(), ActivationCache.NONE).logits();
        assertEquals(0, m.run(ReferenceModels.tokens(), ActivationCache.NONE).cache().size());
        assertTrue(logits.rows() == ReferenceModels.tokens().length);
    }
}
