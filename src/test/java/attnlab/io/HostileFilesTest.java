package attnlab.io;

import attnlab.Lab;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad or hostile file gets a {@link BadFileException} naming the file and what is wrong. */
class HostileFilesTest {
    @TempDir Path dir;

    // ------------------------------------------------------------------ building bad files

    /** A .npy with the given version, header dict (padded as NumPy pads it) and data bytes. */
    static byte[] npy(int major, String dict, byte[] data) {
        int lenBytes = major == 1 ? 2 : 4;
        int total = (6 + 2 + lenBytes + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Npy.MAGIC).put((byte) major).put((byte) 0);
        int headerLength = total - 8 - lenBytes;
        if (lenBytes == 2) b.putShort((short) headerLength); else b.putInt(headerLength);
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < total - 1) b.put((byte) ' ');
        b.put((byte) '\n').put(data);
        return b.array();
    }

    static String dict(String descr, String shape) {
        return "{'descr': " + descr + ", 'fortran_order': False, 'shape': " + shape + ", }";
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private void fails(Path p, String expected) {
        String name = p.getFileName().toString();
        Runnable read = name.endsWith(".npy") ? () -> Npy.read(p) : name.endsWith(".npz") ? () -> Npz.read(p)
                : () -> Safetensors.read(p);
        BadFileException e = assertThrows(BadFileException.class, read::run);
        assertTrue(e.getMessage().startsWith(p.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    // ------------------------------------------------------------------ .npy

    @Test
    void emptyBadMagicAndTruncatedPreamble() throws IOException {
        fails(file("empty.npy", new byte[0]), "the file is empty");
        fails(file("text.npy", "hello world\n".getBytes(StandardCharsets.US_ASCII)),
                "bad magic string: a .npy starts with \\x93NUMPY but this starts with \"hello \"");
        fails(file("short.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1}), "ends inside the preamble");
        byte[] v4 = npy(1, dict("'<f8'", "(1,)"), new byte[8]);
        v4[6] = 4;
        fails(file("v4.npy", v4), "format version 4.0 is not supported");
    }

    @Test
    void headerLengthThatWouldAllocateGigabytesIsRefused() throws IOException {
        byte[] b = npy(2, dict("'<f8'", "(1,)"), new byte[8]);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0xC0000000);     // 3 GiB
        fails(file("huge.npy", b), "the header length field says 3221225472 bytes");
        byte[] c = npy(1, dict("'<f8'", "(1,)"), new byte[0]);
        fails(file("cut.npy", java.util.Arrays.copyOf(c, 40)), "truncated: the header length field says");
    }

    @Test
    void headersThatDoNotParse() throws IOException {
        fails(file("junk.npy", npy(1, "{'descr' '<f8'}", new byte[0])), "the header does not parse");
        fails(file("open.npy", npy(1, "{'descr': '<f8', 'shape': (3,", new byte[0])), "the header does not parse");
        fails(file("keys.npy", npy(1, "{'descr': '<f8', 'shape': (3,)}", new byte[24])),
                "must have exactly the keys 'descr', 'fortran_order', 'shape'");
        fails(file("code.npy", npy(1, "{'descr': __import__('os'), 'fortran_order': False, 'shape': ()}",
                new byte[8])), "the header does not parse");
        fails(file("shape.npy", npy(1, dict("'<f8'", "'3'"), new byte[8])), "'shape' must be a tuple of ints");
    }

    @Test
    void shapesThatOverflowOrDoNotMatchTheBytes() throws IOException {
        fails(file("overflow.npy", npy(1, dict("'<f8'", "(4294967296, 4294967296)"), new byte[8])), "overflows");
        fails(file("big.npy", npy(1, dict("'<f8'", "(3000000000,)"), new byte[8])),
                "has 3000000000 elements; an attnlab tensor holds at most");
        fails(file("negative.npy", npy(1, dict("'<f8'", "(-1, 2)"), new byte[8])), "negative size at dim 0");
        fails(file("few.npy", npy(1, dict("'<f8'", "(3, 4)"), new byte[40])),
                "truncated: the header promises 96 data bytes (shape (3, 4), <f8) but only 40 follow");
        fails(file("many.npy", npy(1, dict("'<f8'", "(2,)"), new byte[24])),
                "24 data bytes follow the header but shape (2,), <f8 needs 16: the shape does not match the data");
    }

    // A zero dim makes the product 0, so the element count alone passes these; each was once read as a wrong shape
    // ((0, 4294967299) as [0, 3]), an exception without the file, or millions of empty slices from a 128-byte file.
    @Test
    void zeroSizeShapesWithHugeDimsAreRefused() throws IOException {
        fails(file("wide.npy", npy(1, dict("'<f8'", "(0, 4294967299)"), new byte[0])),
                "shape (0, 4294967299) has 4294967299 at dim 1; an attnlab tensor's dims are at most 2147483639");
        fails(file("wide2.npy", npy(1, dict("'<f8'", "(0, 2147483653)"), new byte[0])), "at dim 1");
        fails(file("zeroOverflow.npy", npy(1, dict("'<f8'", "(0, 3037000500, 3037000500)"), new byte[0])),
                "at dim 1");
        fails(file("manySlices.npy", npy(1, dict("'<f8'", "(100000, 100000, 100000, 0, 1)"), new byte[0])),
                "shape (100000, 100000, 100000, 0, 1) has 1000000000000000 matrix slices (the product of the dims"
                        + " before the last two); an attnlab tensor holds at most 2147483639");
        fails(file("wide.safetensors", safetensors("{\"a\":{\"dtype\":\"F64\",\"shape\":[0,4294967299],"
                + "\"data_offsets\":[0,0]}}", 0)), "[a]: shape (0, 4294967299) has 4294967299 at dim 1");
        fails(file("emptyButHuge.npy", npy(1, dict("'<f8'", "(3000, 3000, 3000, 0)"), new byte[0])),
                "shape (3000, 3000, 3000, 0) is empty but has 9000000 matrix slices");
        fails(file("emptyJustOver.npy", npy(1, dict("'<f8'", "(65537, 0, 3)"), new byte[0])),
                "refuses more than 65536 for an array with no elements");
        assertArrayEquals(new int[] {65536, 0, 3},
                Npy.read(file("emptyAtTheBound.npy", npy(1, dict("'<f8'", "(65536, 0, 3)"), new byte[0]))).shape());
        assertArrayEquals(new int[] {4, 0, 3},
                Npy.read(file("fine.npy", npy(1, dict("'<f8'", "(4, 0, 3)"), new byte[0]))).shape());
    }

    @Test
    void picklesAndObjectArraysAreNeverUnpickled() throws IOException {
        fails(file("obj.npy", npy(1, dict("'|O'", "(2,)"), new byte[] {(byte) 0x80, 4, 'N', '.'})),
                "Pickled .npy is not supported: unpickling runs code from the file, so attnlab never unpickles");
        fails(file("pickle.npy", new byte[] {(byte) 0x80, 4, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0, 0, 'N', '.'}),
                "this is a Python pickle, not a .npy");
        fails(file("struct.npy", npy(1, "{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False,"
                + " 'shape': (2,), }", new byte[24])), "a structured dtype");
        fails(file("complex.npy", npy(1, dict("'<c16'", "(2,)"), new byte[32])), "dtype '<c16' is not supported");
    }

    @Test
    void realNumPyObjectArrayIsRefused() {
        NumPy.run(dir, NumPy.PRELUDE + "np.save('objects.npy', np.array([{'a': 1}, None], dtype=object),"
                + " allow_pickle=True)\n");
        fails(dir.resolve("objects.npy"), "Pickled .npy is not supported");
    }

    // ------------------------------------------------------------------ .npz

    @Test
    void npzProblemsNameTheEntry() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("ok.npy"));
            z.write(npy(1, dict("'<f8'", "(1,)"), new byte[8]));
            z.putNextEntry(new ZipEntry("cut.npy"));
            z.write(npy(1, dict("'<f8'", "(3, 4)"), new byte[40]));
        }
        fails(file("cut.npz", bytes.toByteArray()), "[cut.npy]: truncated: the header promises 96 data bytes");
        bytes.reset();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("hi".getBytes(StandardCharsets.US_ASCII));
        }
        fails(file("txt.npz", bytes.toByteArray()), "[readme.txt]: an .npz holds only NAME.npy entries");
        fails(file("fake.npz", "PK not really".getBytes(StandardCharsets.US_ASCII)), "not a readable zip archive");
        fails(file("wrong.npz", npy(1, dict("'<f8'", "(1,)"), new byte[8])), "this is a .npy, not an .npz: use loadz"
                .replace("loadz", "load"));
        byte[] zip = bytes.toByteArray();
        fails(file("trunc.npz", java.util.Arrays.copyOf(zip, zip.length / 2)), "not a readable zip archive");
    }

    @Test
    void theFacadeSaysWhichFunctionReadsWhichFile() throws IOException {
        Path z = dir.resolve("w.npz");
        Lab.savez(z.toString(), Map.of("a", Tensor.eye(2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lab.load(z.toString()));
        assertEquals("load: path must end in .npy but was \"" + z + "\" (for that file use loadz / savez)",
                e.getMessage());
        UncheckedIOException missing = assertThrows(UncheckedIOException.class,
                () -> Lab.load(dir.resolve("nope.npy").toString()));
        assertEquals(dir.resolve("nope.npy") + ": no such file", missing.getMessage());
    }

    // ------------------------------------------------------------------ safetensors

    static byte[] safetensors(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h)
                .array();
    }

    @Test
    void safetensorsHeaderProblems() throws IOException {
        fails(file("tiny.safetensors", new byte[5]), "truncated: a safetensors file starts with an 8-byte header");
        byte[] huge = safetensors("{}", 0);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        fails(file("huge.safetensors", huge), "the header length field says 1099511627776 bytes, more than the"
                + " format's limit");
        byte[] cut = safetensors("{}", 0);
        ByteBuffer.wrap(cut).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 500);
        fails(file("cut.safetensors", cut), "truncated: the header length field says 500 bytes but only 2 follow");
        fails(file("json.safetensors", safetensors("{\"a\": {\"dtype\": ", 0)), "the header is not valid JSON");
        fails(file("twice.safetensors", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4)),
                "the header names 'a' twice");
        fails(file("quotes.safetensors", safetensors("{'a': {}}", 0)), "the header is not valid JSON");
        fails(file("junk.safetensors", safetensors("{} {}", 0)), "the header is not valid JSON");
        fails(file("array.safetensors", safetensors("[1, 2]  ", 0)), "the header is not a JSON object");
        fails(file("f8e4.safetensors", safetensors("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],"
                + "\"data_offsets\":[0,2]}}", 2)), "[a]: dtype F8_E4M3 is not supported");
    }

    // Gson's own advice ("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON") once reached
    // the user, who cannot follow it: the message says where the JSON breaks, in words for a user.
    @Test
    void aBrokenSafetensorsHeaderIsDescribedWithoutGsonsAdvice() throws IOException {
        for (String json : new String[] {"{\"a\": {dtype: 1}}", "{'a': {}}", "{} {}", "{\"a\": {\"dtype\": "}) {
            Path p = file("broken.safetensors", safetensors(json, 0));
            BadFileException e = assertThrows(BadFileException.class, () -> Safetensors.read(p));
            assertTrue(e.getMessage().startsWith(p + ": the header is not valid JSON ("), e.getMessage());
            assertTrue(!e.getMessage().contains("setStrictness") && !e.getMessage().contains("gson"), e.getMessage());
            assertTrue(e.getMessage().contains("at line 1 column"), e.getMessage());
        }
    }

    // The format's header is UTF-8 JSON (the reference reader refuses other bytes); decoding with replacement once
    // turned a name's invalid bytes into U+FFFD, so distinct names could read as one.
    @Test
    void aSafetensorsHeaderThatIsNotUtf8IsRefused() throws IOException {
        byte[] h = "{\"a\u00ff\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] b = ByteBuffer.allocate(8 + h.length + 4).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
        fails(file("latin1.safetensors", b), "the header is not UTF-8 (byte 0xff at 3)");
    }

    @Test
    void safetensorsOffsetsAreCheckedAgainstShapesAndTheFile() throws IOException {
        fails(file("span.safetensors", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],"
                + "\"data_offsets\":[0,20]}}", 20)), "[a]: data_offsets [0, 20] span 20 bytes but shape (2, 3) of F32"
                + " needs 24");
        fails(file("past.safetensors", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],"
                + "\"data_offsets\":[0,24]}}", 16)), "[a]: data_offsets [0, 24] run past the end of the data (16");
        fails(file("overlap.safetensors", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12)),
                "[b]: data_offsets [4, 12] overlap another tensor's bytes");
        fails(file("hole.safetensors", safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[8,16]}}", 16)), "[a]: data_offsets start at 8 but the previous tensor ends at 0");
        fails(file("overflow.safetensors", safetensors("{\"a\":{\"dtype\":\"F64\",\"shape\":[4294967296,"
                + "4294967296],\"data_offsets\":[0,8]}}", 8)), "[a]: shape (4294967296, 4294967296) overflows");
        fails(file("neg.safetensors", safetensors("{\"a\":{\"dtype\":\"F64\",\"shape\":[-1],"
                + "\"data_offsets\":[0,8]}}", 8)), "'shape' must hold non-negative integers");
    }

    // ------------------------------------------------------------------ saving is atomic

    @Test
    void aFailedSaveLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path p = dir.resolve("keep.npy");
        Lab.save(Tensor.eye(3), p.toString());
        byte[] before = Files.readAllBytes(p);
        assertThrows(UncheckedIOException.class, () -> AtomicFile.write(p, out -> {
            out.write(ByteBuffer.wrap(new byte[100]));
            throw new IOException("disk full (simulated)");
        }));
        assertArrayEquals(before, Files.readAllBytes(p));
        try (var s = Files.list(dir)) {
            assertEquals(java.util.List.of(p), s.toList(), "no temporary file left");
        }
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> Lab.save(Tensor.eye(2), dir.resolve("no/such/dir/q.npy").toString()));
        assertTrue(e.getMessage().startsWith(dir.resolve("no/such/dir/q.npy") + ": cannot write"), e.getMessage());
    }

}
