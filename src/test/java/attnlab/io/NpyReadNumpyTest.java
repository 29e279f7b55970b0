package attnlab.io;

import attnlab.tensor.Tensor;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files written by the real NumPy, read by attnlab and compared exactly: every dtype, both byte orders, C and
 * Fortran order, format versions 1.0, 2.0 and 3.0 ({@code np.lib.format.write_array}), {@code np.save},
 * {@code np.savez} and {@code np.savez_compressed}.
 */
class NpyReadNumpyTest {
    @TempDir static Path dir;
    static JsonObject manifest;

    static final String SCRIPT = NumPy.PRELUDE + """
            rng = np.random.default_rng(0)
            def values(dt, n):
                if dt.kind == 'f':
                    fi = np.finfo(dt)
                    special = [0.0, -0.0, 1.0, -1.5, np.inf, -np.inf, np.nan, float(fi.max), -float(fi.max),
                               float(fi.tiny), float(fi.smallest_subnormal)]
                    v = (rng.standard_normal(n) * 100).astype(dt)
                elif dt.kind in 'iu':
                    ii = np.iinfo(dt)
                    special = [ii.min, ii.max, 0, 1, ii.max - 1]
                    v = rng.integers(ii.min, ii.max, n, dtype=dt.newbyteorder('=') , endpoint=True).astype(dt)
                else:
                    special = [True, False]
                    v = rng.integers(0, 2, n).astype(bool)
                for k in range(min(n, len(special))):
                    v[k] = special[k]
                return v
            shapes = [(), (5,), (0,), (3, 4), (2, 3, 4), (2, 1, 3, 2), (4, 0, 3)]
            out = {}
            case = 0
            for base in ['f8', 'f4', 'f2', 'i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'b1']:
                for order in (['|'] if base[1] == '1' else ['<', '>']):
                    for fortran in [False, True]:
                        for version in [(1, 0), (2, 0), (3, 0)]:
                            shape = shapes[case % len(shapes)]
                            if fortran and len([s for s in shape if s > 1]) < 2:
                                shape = (3, 2, 4)          # a shape where Fortran order differs from C order
                            dt = np.dtype(order + base)
                            a = values(dt, int(np.prod(shape))).reshape(shape)
                            a = np.asfortranarray(a) if fortran else np.ascontiguousarray(a)
                            name = 'case%03d.npy' % case
                            with open(name, 'wb') as f:
                                np.lib.format.write_array(f, a, version=version, allow_pickle=False)
                            hd = np.lib.format.header_data_from_array_1_0(a)
                            out[name] = dict(descr=hd['descr'], fortran=hd['fortran_order'], shape=list(a.shape),
                                             version='%d.%d' % version, values=hexes(a))
                            case += 1
            a = rng.standard_normal((3, 5))
            np.save('saved.npy', a)
            out['saved.npy'] = dict(descr='<f8', fortran=False, shape=[3, 5], version='1.0', values=hexes(a))
            arrays = dict(Wq=rng.standard_normal((4, 4)), bias=rng.standard_normal(4).astype('<f4'),
                          scalar=np.array(2.5), ids=np.arange(6, dtype='>i2').reshape(2, 3),
                          mask=np.tril(np.ones((3, 3), dtype=bool)))
            np.savez('stored.npz', **arrays)
            np.savez_compressed('deflated.npz', **arrays)
            out['npz'] = {k: dict(shape=list(v.shape), descr=v.dtype.str, values=hexes(v)) for k, v in arrays.items()}
            out['numpy'] = np.__version__
            print(json.dumps(out))
            """;

    @BeforeAll
    static void writeWithNumPy() {
        manifest = JsonParser.parseString(NumPy.run(dir, SCRIPT)).getAsJsonObject();
    }

    @Test
    void everyDtypeByteOrderMemoryOrderAndVersionReadsExactly() {
        int cases = 0, fortran = 0;
        java.util.Set<String> versions = new java.util.TreeSet<>(), descrs = new java.util.TreeSet<>();
        for (Map.Entry<String, com.google.gson.JsonElement> e : manifest.entrySet()) {
            if (!e.getKey().endsWith(".npy")) continue;
            JsonObject c = e.getValue().getAsJsonObject();
            long[] shape = new long[c.getAsJsonArray("shape").size()];
            for (int k = 0; k < shape.length; k++) shape[k] = c.getAsJsonArray("shape").get(k).getAsLong();
            Npy.Entry read = Npy.readEntry(dir.resolve(e.getKey()));
            String what = e.getKey() + " " + c;
            assertArrayEquals(Shapes.toTensor(shape), read.tensor().shape(), what);
            assertArrayEquals(shape, read.header().shape(), what);
            assertEquals(c.get("fortran").getAsBoolean(), read.header().fortran(), what);
            NumPy.assertSameBits(NumPy.hexArray(c.getAsJsonArray("values")), NumPy.flat(read.tensor()), what);
            cases++;
            if (c.get("fortran").getAsBoolean()) fortran++;
            versions.add(c.get("version").getAsString());
            descrs.add(c.get("descr").getAsString());
        }
        assertEquals(3 * 2 * (9 * 2 + 3), cases - 1, "one file per dtype, byte order, memory order, version");
        assertTrue(fortran >= 50, "Fortran-order files: " + fortran);
        assertEquals(java.util.Set.of("1.0", "2.0", "3.0"), versions);
        assertEquals(java.util.Set.of("<f8", ">f8", "<f4", ">f4", "<f2", ">f2", "|i1", "<i2", ">i2", "<i4", ">i4",
                "<i8", ">i8", "|u1", "<u2", ">u2", "<u4", ">u4", "<u8", ">u8", "|b1"), descrs);
    }

    @Test
    void zeroDAndOneDMapToRowShapes() {
        assertArrayEquals(new int[] {1, 1}, Npy.read(dir.resolve("case000.npy")).shape());      // () -> [1, 1]
        assertArrayEquals(new int[] {1, 5}, Npy.read(dir.resolve("case001.npy")).shape());      // (5,) -> [1, 5]
        assertArrayEquals(new int[] {1, 0}, Npy.read(dir.resolve("case002.npy")).shape());      // (0,) -> [1, 0]
        assertArrayEquals(new int[] {4, 0, 3}, Npy.read(dir.resolve("case006.npy")).shape());
    }

    @Test
    void npSaveReadsExactly() {
        JsonObject c = manifest.getAsJsonObject("saved.npy");
        NumPy.assertSameBits(NumPy.hexArray(c.getAsJsonArray("values")),
                NumPy.flat(attnlab.Lab.load(dir.resolve("saved.npy").toString())), "np.save");
    }

    @Test
    void savezStoredAndCompressedReadExactlyInOrder() {
        JsonObject npz = manifest.getAsJsonObject("npz");
        for (String file : new String[] {"stored.npz", "deflated.npz"}) {
            TensorFile f = Npz.read(dir.resolve(file));
            assertEquals(java.util.List.copyOf(npz.keySet()), java.util.List.copyOf(f.keySet()), file + " order");
            for (String name : npz.keySet()) {
                JsonObject c = npz.getAsJsonObject(name);
                Tensor t = f.get(name);
                NumPy.assertSameBits(NumPy.hexArray(c.getAsJsonArray("values")), NumPy.flat(t), file + " " + name);
                assertEquals(c.get("descr").getAsString(), f.info(name).dtype(), file + " " + name);
            }
            assertArrayEquals(new int[] {1, 4}, f.get("bias").shape());
            assertArrayEquals(new long[] {4}, f.info("bias").fileShape());
            assertArrayEquals(new int[] {1, 1}, f.get("scalar").shape());
        }
    }
}
