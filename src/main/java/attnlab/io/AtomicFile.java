package attnlab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

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
            tmp = createTemporary(dir, target.getFileName().toString());
            keepPermissions(target, tmp);
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
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

    /**
     * A new empty {@code .NAME.RANDOM.tmp} in {@code dir}, created as any new file is, with the umask's permissions
     * ({@code Files.createTempFile} makes it 0600, which the renamed file kept: a save unreadable to the group and
     * others, unlike {@code np.save}'s).
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong()) + ".tmp");
            try {
                FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) throw e;
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A replaced file keeps its permissions, as {@code np.save} writing over it in place keeps them. */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        try {
            if (Files.isRegularFile(target))
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the new file gets the directory's default ACL, as np.save's would
        }
    }
}
