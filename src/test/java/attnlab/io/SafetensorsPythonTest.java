package attnlab.io;

import attnlab.Lab;
import attnlab.tensor.Tensor;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * safetensors written by a few lines of Python that follow the format's specification (8-byte little-endian header
 * length, JSON header, raw little-endian data), read by attnlab; and attnlab's files read back by that script.
 */
class SafetensorsPythonTest {
    @TempDir Path dir;

    static final String SPEC = NumPy.PRELUDE + """
            NP = {'F64': '<f8', 'F32': '<f4', 'F16': '<f2', 'I8': 'i1', 'I16': '<i2', 'I32': '<i4', 'I64': '<i8',
                  'U8': 'u1', 'U16': '<u2', 'U32': '<u4', 'U64': '<u8', 'BOOL': '?'}
            def save(path, tensors, metadata=None):
                header, blobs, off = {}, [], 0
                if metadata:
                    header['__metadata__'] = metadata
                for name, (dtype, raw, shape) in tensors.items():
                    header[name] = {'dtype': dtype, 'shape': list(shape), 'data_offsets': [off, off + len(raw)]}
                    blobs.append(raw)
                    off += len(raw)
                h = json.dumps(header).encode()
                h += b' ' * (-len(h) % 8)
                with open(path, 'wb') as f:
                    f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))
            def load(path):
                with open(path, 'rb') as f:
                    data = f.read()
                n = struct.unpack('<Q', data[:8])[0]
                header = json.loads(data[8:8 + n])
                out = {}
                for name, info in header.items():
                    if name == '__metadata__':
                        continue
                    b, e = info['data_offsets']
                    a = np.frombuffer(data[8 + n + b:8 + n + e], dtype=NP[info['dtype']]).reshape(info['shape'])
                    out[name] = dict(dtype=info['dtype'], shape=info['shape'], values=hexes(a))
                return dict(header_length=n, metadata=header.get('__metadata__'), tensors=out, names=list(header))
            """;

    static final String WRITE = SPEC + """
            rng = np.random.default_rng(1)
            tensors, expect = {}, {}
            for i, (dtype, shape) in enumerate([('F64', (2, 3)), ('F32', (4,)), ('F16', (2, 2, 3)), ('I8', (5,)),
                    ('I16', (2, 2)), ('I32', (3, 1)), ('I64', ()), ('U8', (6,)), ('U16', (2, 3)), ('U32', (2, 2)),
                    ('U64', (3,)), ('BOOL', (2, 2)), ('BF16', (2, 4))]):
                n = int(np.prod(shape))
                if dtype == 'BF16':
                    f32 = (rng.standard_normal(n) * 10).astype('<f4')
                    f32[0] = -0.0; f32[1] = np.inf
                    bits = (f32.view('<u4') >> 16).astype('<u2')
                    raw, a = bits.tobytes(), (bits.astype('<u4') << 16).view('<f4')
                elif dtype == 'BOOL':
                    a = rng.integers(0, 2, n).astype('?'); raw = a.tobytes()
                elif dtype[0] == 'F':
                    a = (rng.standard_normal(n) * 100).astype(NP[dtype]); a[0] = -0.0; raw = a.tobytes()
                else:
                    ii = np.iinfo(NP[dtype])
                    a = rng.integers(ii.min, ii.max, n, dtype=np.dtype(NP[dtype]).newbyteorder('='), endpoint=True)
                    a[0] = ii.max
                    a = a.astype(NP[dtype]); raw = a.tobytes()
                name = 'layer.%d.%s' % (i, dtype.lower())
                tensors[name] = (dtype, raw, shape)
                expect[name] = dict(dtype=dtype, shape=list(shape), values=hexes(a))
            save('py.safetensors', tensors, {'format': 'pt', 'note': 'written by the spec script'})
            print(json.dumps(expect))
            """;

    @Test
    void everyDtypeFromTheSpecScriptReadsExactlyWithItsMetadata() {
        JsonObject expect = JsonParser.parseString(NumPy.run(dir, WRITE)).getAsJsonObject();
        TensorFile f = Lab.loadSafetensors(dir.resolve("py.safetensors").toString());
        assertEquals(List.copyOf(expect.keySet()), List.copyOf(f.keySet()), "header order");
        assertEquals(Map.of("format", "pt", "note", "written by the spec script"), f.metadata());
        for (String name : expect.keySet()) {
            JsonObject e = expect.getAsJsonObject(name);
            assertEquals(e.get("dtype").getAsString(), f.info(name).dtype(), name);
            NumPy.assertSameBits(NumPy.hexArray(e.getAsJsonArray("values")), NumPy.flat(f.get(name)), name);
        }
        assertArrayEquals(new int[] {1, 1}, f.get("layer.6.i64").shape());
        assertArrayEquals(new int[] {1, 4}, f.get("layer.1.f32").shape());
        assertEquals(2, Lab.loadSafetensors(dir.resolve("py.safetensors").toString(), "layer.1.", "layer.12.").size());
    }

    @Test
    void attnlabFilesReadBackByTheSpecScript() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("w", NpyWriteNumpyTest.awkward(3, 4));
        m.put("x", NpyWriteNumpyTest.awkward(2, 2, 3));
        Lab.saveSafetensors(dir.resolve("a.safetensors").toString(), m, Map.of("format", "pt"));
        JsonObject out = JsonParser.parseString(NumPy.run(dir, SPEC
                + "print(json.dumps(load('a.safetensors')))\n")).getAsJsonObject();
        assertEquals(0, out.get("header_length").getAsLong() % 8, "header padded to 8 bytes");
        assertEquals("{\"format\":\"pt\"}", out.get("metadata").toString());
        for (String name : m.keySet()) {
            JsonObject t = out.getAsJsonObject("tensors").getAsJsonObject(name);
            assertEquals("F64", t.get("dtype").getAsString());
            NumPy.assertSameBits(NumPy.flat(m.get(name)), NumPy.hexArray(t.getAsJsonArray("values")), name);
        }
    }

    @Test
    void aLoadedFileSavedAgainKeepsOneDShapesAndMetadataRoundTrips() {
        NumPy.run(dir, WRITE);
        TensorFile f = Lab.loadSafetensors(dir.resolve("py.safetensors").toString());
        Lab.saveSafetensors(dir.resolve("again.safetensors").toString(), f, f.metadata());
        TensorFile g = Lab.loadSafetensors(dir.resolve("again.safetensors").toString());
        assertEquals(f.metadata(), g.metadata());
        for (String name : f.keySet()) {
            assertArrayEquals(f.info(name).fileShape(), g.info(name).fileShape(), name);
            NumPy.assertSameBits(NumPy.flat(f.get(name)), NumPy.flat(g.get(name)), name);
        }
    }
}
