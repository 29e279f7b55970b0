package attnlab.repl;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Why a file could not be read or written, in words ("no such file", "permission denied", "not UTF-8 text",
 * "is a directory"), for messages of the form {@code FILE: reason}. Java's exception names and bare messages
 * ({@code NoSuchFileException}, {@code Input length = 1}) say nothing to a user.
 */
public final class IoErrors {
    private IoErrors() {}

    /** {@code "FILE: reason"} for a failed read of {@code file}. */
    public static String reading(Path file, IOException e) {
        return file + ": " + reason(file, e, false);
    }

    /** {@code "FILE: reason"} for a failed write of {@code file}. */
    public static String writing(Path file, IOException e) {
        return file + ": " + reason(file, e, true);
    }

    /** The reason alone. */
    public static String reason(Path file, IOException e, boolean write) {
        if (e instanceof CharacterCodingException) return "not UTF-8 text (a binary file?)";
        if (file != null && Files.isDirectory(file)) return "is a directory";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NotDirectoryException) return "a part of the path is not a directory";
        if (e instanceof FileAlreadyExistsException) return "already exists";
        if (e instanceof NoSuchFileException) {
            if (!write) return "no such file";
            Path parent = file == null ? null : file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) return "no such directory " + parent;
            return "cannot create a file in " + parent + " (the directory takes no new files)";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null)
            return lower(((FileSystemException) e).getReason());
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : lower(m);
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }
}
