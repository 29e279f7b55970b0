package attnlab.io;

import attnlab.Lab;
import attnlab.tensor.Tensor;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files written by attnlab ({@code save}, {@code savez}, {@code savezCompressed}), read by the real NumPy. */
class NpyWriteNumpyTest {
    @TempDir Path dir;

    static final String READ = NumPy.PRELUDE + """
            out = {}
            for name in sys.argv[1:]:
                if name.endswith('.npy'):
                    a = np.load(name, allow_pickle=False)
                    with open(name, 'rb') as f:
                        version = np.lib.format.read_magic(f)
                        f.seek(0, 2)
                    data_offset = os.path.getsize(name) - a.nbytes
                    out[name] = dict(descr=a.dtype.str, shape=list(a.shape), fortran=bool(np.isfortran(a)),
                                     version='%d.%d' % version, aligned=data_offset % 64 == 0, values=hexes(a))
                else:
                    with np.load(name, allow_pickle=False) as z:
                        import zipfile
                        methods = [i.compress_type for i in zipfile.ZipFile(name).infolist()]
                        out[name] = dict(names=list(z.files), methods=methods,
                                         arrays={k: dict(descr=z[k].dtype.str, shape=list(z[k].shape),
                                                         values=hexes(z[k])) for k in z.files})
            print(json.dumps(out))
            """;

    /** Values that stress a writer: signed zeros, infinities, NaN, subnormals, the float32 range edges. */
    static Tensor awkward(int... shape) {
        Tensor t = Tensor.randn(new Random(3), shape);
        double[] special = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 4.9e-324,
            1e-310, Double.MAX_VALUE, 3.4028235e38, 3.5e38, 1e-46, 1.0 / 3, Math.PI};
        double[] d = t.slice(0).data;
        for (int k = 0; k < Math.min(d.length, special.length); k++) d[k] = special[k];
        return t;
    }

    @Test
    void f8AndF4NpyReadByNumPyExactly() {
        Tensor a = awkward(2, 3, 5), b = awkward(4, 4);
        Lab.save(a, dir.resolve("a.npy").toString());
        Lab.save(b, dir.resolve("b32.npy").toString(), "f4");
        JsonObject out = JsonParser.parseString(NumPy.run(dir, READ, "a.npy", "b32.npy")).getAsJsonObject();
        JsonObject ja = out.getAsJsonObject("a.npy"), jb = out.getAsJsonObject("b32.npy");
        assertEquals("<f8", ja.get("descr").getAsString());
        assertEquals("[2,3,5]", ja.get("shape").toString());
        assertEquals("1.0", ja.get("version").getAsString());
        assertTrue(ja.get("aligned").getAsBoolean(), "data at a multiple of 64, as NumPy writes it");
        NumPy.assertSameBits(NumPy.flat(a), NumPy.hexArray(ja.getAsJsonArray("values")), "a.npy");
        assertEquals("<f4", jb.get("descr").getAsString());
        double[] expected = NumPy.flat(b);
        for (int k = 0; k < expected.length; k++) expected[k] = (float) expected[k];   // round to nearest float32
        NumPy.assertSameBits(expected, NumPy.hexArray(jb.getAsJsonArray("values")), "b32.npy");
    }

    @Test
    void savezStoredAndCompressedReadByNumPyInOrder() throws Exception {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("Wq", awkward(4, 4));
        m.put("x", awkward(2, 3, 4));
        m.put("row", awkward(1, 7));
        Lab.savez(dir.resolve("s.npz").toString(), m);
        Lab.savezCompressed(dir.resolve("c.npz").toString(), m);
        JsonObject out = JsonParser.parseString(NumPy.run(dir, READ, "s.npz", "c.npz")).getAsJsonObject();
        for (String file : List.of("s.npz", "c.npz")) {
            JsonObject z = out.getAsJsonObject(file);
            assertEquals("[\"Wq\",\"x\",\"row\"]", z.get("names").toString(), file);
            int method = file.equals("s.npz") ? 0 : 8;                               // ZIP_STORED, ZIP_DEFLATED
            z.getAsJsonArray("methods").forEach(e -> assertEquals(method, e.getAsInt(), file));
            for (String name : m.keySet()) {
                JsonObject a = z.getAsJsonObject("arrays").getAsJsonObject(name);
                assertEquals("<f8", a.get("descr").getAsString());
                NumPy.assertSameBits(NumPy.flat(m.get(name)), NumPy.hexArray(a.getAsJsonArray("values")),
                        file + " " + name);
            }
        }
        assertTrue(Files.size(dir.resolve("c.npz")) < Files.size(dir.resolve("s.npz")) + 1000);
    }

    @Test
    void oneDEntriesOfALoadedFileAreWrittenBackOneD() {
        NumPy.run(dir, NumPy.PRELUDE + "np.savez('in.npz', b=np.arange(3.0), s=np.array(7.0), m=np.eye(2))\n");
        TensorFile in = Lab.loadz(dir.resolve("in.npz").toString());
        Lab.savez(dir.resolve("out.npz").toString(), in);
        JsonObject out = JsonParser.parseString(NumPy.run(dir, READ, "out.npz")).getAsJsonObject()
                .getAsJsonObject("out.npz").getAsJsonObject("arrays");
        assertEquals("[3]", out.getAsJsonObject("b").get("shape").toString());
        assertEquals("[]", out.getAsJsonObject("s").get("shape").toString());
        assertEquals("[2,2]", out.getAsJsonObject("m").get("shape").toString());
    }
}
