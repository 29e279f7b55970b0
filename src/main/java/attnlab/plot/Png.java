package attnlab.plot;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes PNG files atomically: the image goes to a temporary file next to the target, which is then moved over
 * the target in one step, so a reader (or a crash) never sees a half-written PNG. Missing parent folders are created,
 * but only below an existing folder other than the file system's root: {@code /nonexistent-dir/x.png} is refused
 * rather than creating {@code /nonexistent-dir} (as root it would), {@code /tmp/new/x.png} creates {@code /tmp/new}.
 */
final class Png {
    private Png() {}

    /**
     * Saves {@code image} to {@code path}, adding {@code .png} when the name has no extension.
     *
     * @return the absolute path written
     * @throws UncheckedIOException naming the path when it cannot be written; no file is left behind
     */
    static Path write(BufferedImage image, String path) {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("path must not be null or blank");
        String name = path.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? path : path + ".png";
        Path target;
        try {
            target = Path.of(name).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("path \"" + path + "\" is not a valid file name: " + e.getReason());
        }
        Path tmp = null;
        try {
            if (Files.isDirectory(target)) throw new java.nio.file.DirectoryNotEmptyException(target.toString());
            Path dir = target.getParent();
            refuseNewTopFolder(dir, target);
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            if (!ImageIO.write(image, "png", tmp.toFile())) throw new IOException("no PNG writer available");
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException | SecurityException e) {
            if (tmp != null) {
                try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
            }
            String reason = describe(e, tmp);
            // The REPL prints the cause too: when it names our temporary file, the cause carries the reason instead.
            IOException io = aboutTemporary(e, tmp) ? new IOException(reason)
                    : e instanceof IOException x ? x : new IOException(e);
            throw new UncheckedIOException("cannot save chart to " + target + ": " + reason, io);
        }
    }

    /** Missing folders right under the root are a typo far more often than a wish: refused, saying so. */
    private static void refuseNewTopFolder(Path dir, Path target) {
        Path existing = dir;
        while (existing != null && !Files.isDirectory(existing)) existing = existing.getParent();
        if (existing == null || existing.getParent() != null || existing.equals(dir)) return;
        Path top = existing.resolve(dir.subpath(0, 1));
        String reason = "no folder " + top + " (missing folders are created only inside an existing folder other than "
                + existing + ": create it first)";
        throw new UncheckedIOException("cannot save chart to " + target + ": " + reason, new IOException(reason));
    }

    /** A short reason in words for a failed file operation. */
    static String reason(Exception e) { return describe(e, null); }

    // The temporary file is ours, not the user's: a reason about it is told without its name (the target is named).
    private static String describe(Exception e, Path tmp) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException n && n.getFile() != null)
            return isTemporary(n.getFile(), tmp)
                    ? "the folder " + Path.of(n.getFile()).getParent() + " does not accept new files"
                    : "no such file or folder: " + n.getFile();
        if (e instanceof java.nio.file.FileAlreadyExistsException f)
            return f.getFile() + " exists and is not a folder";
        if (e instanceof java.nio.file.NotDirectoryException n) return n.getFile() + " is not a folder";
        if (e instanceof java.nio.file.DirectoryNotEmptyException) return "a folder of that name is in the way";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null)
            return (f.getFile() == null || isTemporary(f.getFile(), tmp) ? "" : f.getFile() + ": ") + f.getReason();
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    private static boolean aboutTemporary(Exception e, Path tmp) {
        if (!(e instanceof java.nio.file.FileSystemException f)) return false;
        return (f.getFile() != null && isTemporary(f.getFile(), tmp))
                || (f.getOtherFile() != null && isTemporary(f.getOtherFile(), tmp));
    }

    // createTempFile may fail before it returns a path, so its name is also recognised by the "." prefix and ".tmp".
    private static boolean isTemporary(String file, Path tmp) {
        if (tmp != null && file.equals(tmp.toString())) return true;
        String name = Path.of(file).getFileName() == null ? "" : Path.of(file).getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp");
    }
}
