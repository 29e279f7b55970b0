package attnlab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Nothing is written half: the bytes go to a temporary file next to the target ({@code .q.npy.123.tmp}), which is
 * renamed over the target only when complete. A failure (a full disk, an exception, Ctrl-C) deletes the temporary
 * file and leaves any old target as it was. No {@code fsync}: this protects against half-written files, not
 * against power loss (as {@code np.save} does neither).
 */
final class AtomicFile {
    private AtomicFile() {}

    /** What fills the temporary file. */
    interface Body {
        void write(FileChannel out) throws IOException;
    }

    /** Writes {@code path} through {@code body}; an I/O failure becomes an UncheckedIOException naming the path. */
    static void write(Path path, Body body) {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                body.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot write (" + e + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
        }
    }
}
