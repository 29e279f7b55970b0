package attnlab.io;

import attnlab.Lab;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorFileTest {
    @TempDir Path dir;

    private TensorFile sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("Wq", Tensor.eye(3));
        m.put("x", Tensor.zeros(2, 4, 3));
        Map<String, TensorFile.Info> info = new LinkedHashMap<>();
        info.put("Wq", new TensorFile.Info("<f8", new long[] {3, 3}));
        info.put("x", new TensorFile.Info("BF16", new long[] {2, 4, 3}));
        return new TensorFile("w.safetensors", m, info, Map.of("format", "pt"));
    }

    @Test
    void printsAShortTableNotTheValues() {
        assertEquals(String.join(System.lineSeparator(),
                "TensorFile w.safetensors: 2 tensors, 33 values",
                "  name  file shape  dtype  tensor",
                "  Wq    (3, 3)      <f8    [3, 3]",
                "  x     (2, 4, 3)   BF16   [2, 4, 3]",
                "  __metadata__ {format=pt}"), sample().toString());
    }

    @Test
    void longFilesAreCutAfterFortyRows() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int k = 0; k < 45; k++) m.put("t" + k, Tensor.zeros(1, 1));
        Lab.savez(dir.resolve("many.npz").toString(), m);
        String s = Lab.loadz(dir.resolve("many.npz").toString()).toString();
        assertTrue(s.endsWith("  ... 5 more (keySet() lists all)"), s);
        assertEquals(1 + 1 + 40 + 1, s.split(System.lineSeparator()).length);
    }

    @Test
    void isAReadOnlyOrderedMapAndAMissingNameListsWhatIsThere() {
        TensorFile f = sample();
        assertEquals(java.util.List.of("Wq", "x"), java.util.List.copyOf(f.keySet()));
        assertThrows(UnsupportedOperationException.class, () -> f.put("y", Tensor.eye(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.tensor("Wk"));
        assertEquals("w.safetensors has no tensor 'Wk'; it has: Wq, x", e.getMessage());
        assertEquals(null, f.get("Wk"));
    }
}
