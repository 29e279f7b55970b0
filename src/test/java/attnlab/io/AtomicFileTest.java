package attnlab.io;

import attnlab.Lab;
import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A save gets the permissions that {@code np.save} gives: a new file those of any new file (the umask's), a replaced
 * file its old ones. The temporary file was once made by {@code Files.createTempFile}, whose 0600 then became the
 * saved file's: unreadable to the group and others, even when it replaced a 0644 file.
 */
class AtomicFileTest {
    @TempDir Path dir;

    @Test
    void aNewFileGetsThePermissionsOfAnyNewFile() throws IOException {
        Set<PosixFilePermission> umasked = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
        Lab.save(Tensor.eye(2), dir.resolve("q.npy").toString());
        Lab.savez(dir.resolve("w.npz").toString(), Map.of("a", Tensor.eye(2)));
        Lab.saveSafetensors(dir.resolve("m.safetensors").toString(), Map.of("a", Tensor.eye(2)));
        for (String f : List.of("q.npy", "w.npz", "m.safetensors"))
            assertEquals(umasked, Files.getPosixFilePermissions(dir.resolve(f)), f);
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        Path p = dir.resolve("q.npy");
        for (String mode : List.of("rw-r--r--", "rw-rw----", "rw-------")) {
            Lab.save(Tensor.eye(2), p.toString());
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
            Lab.save(Tensor.eye(3), p.toString());
            assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        }
    }
}
