package attnlab.repl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Real failures where the machine allows them (root reads everything: permission denied is constructed). */
class IoErrorsTest {
    @Test
    void readingSaysWhy(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.jsh"), binary = dir.resolve("binary.jsh");
        Files.write(binary, new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, (byte) 0xff});
        assertEquals(missing + ": no such file", IoErrors.reading(missing, read(missing)));
        assertEquals(binary + ": not UTF-8 text (a binary file?)", IoErrors.reading(binary, read(binary)));
        assertEquals(dir + ": is a directory", IoErrors.reading(dir, read(dir)));
        assertEquals("/x.jsh: permission denied", IoErrors.reading(Path.of("/x.jsh"), new AccessDeniedException("/x.jsh")));
    }

    @Test
    void writingSaysWhy(@TempDir Path dir) {
        Path noDir = dir.resolve("no/such/x.jsh"), proc = Path.of("/proc/attnlab-test.jsh");
        assertEquals(noDir + ": no such directory " + noDir.getParent(), IoErrors.writing(noDir, write(noDir)));
        assertEquals(dir + ": is a directory", IoErrors.writing(dir, write(dir)));
        if (Files.isDirectory(Path.of("/proc")))
            assertEquals(proc + ": cannot create a file in /proc (the directory takes no new files)",
                    IoErrors.writing(proc, write(proc)));
    }

    private static IOException read(Path p) {
        return assertThrows(IOException.class, () -> Files.readString(p, StandardCharsets.UTF_8));
    }

    private static IOException write(Path p) {
        return assertThrows(IOException.class, () -> Files.writeString(p, "x", StandardCharsets.UTF_8));
    }
}
