package attnlab.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** One bad file of each kind, with a fragment of the error it must get: for tests outside this package (the REPL). */
public final class BadFiles {
    private BadFiles() {}

    public record Case(String name, byte[] bytes, String error) {}

    public static List<Case> all() {
        byte[] huge = HostileFilesTest.npy(2, HostileFilesTest.dict("'<f8'", "(1,)"), new byte[8]);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0xC0000000);
        byte[] ok = HostileFilesTest.npy(1, HostileFilesTest.dict("'<f8'", "(3, 4)"), new byte[96]);
        return List.of(
                new Case("truncated.npy", Arrays.copyOf(ok, ok.length - 56),
                        "truncated: the header promises 96 data bytes (shape (3, 4), <f8) but only 40 follow"),
                new Case("magic.npy", "GIF89a....".getBytes(StandardCharsets.US_ASCII), "bad magic string"),
                new Case("header.npy", HostileFilesTest.npy(1, "{'descr': '<f8', 'shape': (3,", new byte[0]),
                        "the header does not parse"),
                new Case("overflow.npy", HostileFilesTest.npy(1, HostileFilesTest.dict("'<f8'",
                        "(4294967296, 4294967296)"), new byte[8]), "overflows"),
                new Case("mismatch.npy", HostileFilesTest.npy(1, HostileFilesTest.dict("'<f8'", "(2,)"), new byte[24]),
                        "the shape does not match the data"),
                new Case("gigabytes.npy", huge, "the header length field says 3221225472 bytes"),
                new Case("pickled.npy", HostileFilesTest.npy(1, HostileFilesTest.dict("'|O'", "(1,)"),
                        new byte[] {(byte) 0x80, 4, 'N', '.'}), "Pickled .npy is not supported"),
                new Case("overlap.safetensors", HostileFilesTest.safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
                        + "\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                        12), "overlap another tensor's bytes"));
    }
}
