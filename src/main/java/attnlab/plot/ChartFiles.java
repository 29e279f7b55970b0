package attnlab.plot;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * File names that charts choose themselves (the PNG of a {@code show()} with no display, or {@code save(folder)}):
 * never an existing file, so an earlier session's picture is never overwritten silently.
 */
final class ChartFiles {
    private ChartFiles() {}

    /**
     * Creates and returns the first free file among {@code dir/base.png}, {@code dir/base-2.png}, ... (or
     * {@code base-1.png}, {@code base-2.png}, ... when {@code numbered}), creating {@code dir} if needed. The empty
     * file reserves the name against other sessions until the PNG replaces it.
     */
    static Path reserve(Path dir, String base, boolean numbered) throws IOException {
        Path d = Files.createDirectories(dir.toAbsolutePath().normalize());
        for (int k = 1; ; k++) {
            String name = numbered ? base + "-" + k : k == 1 ? base : base + "-" + k;
            try {
                return Files.createFile(d.resolve(name + ".png"));
            } catch (FileAlreadyExistsException e) {
                // taken: try the next number
            }
        }
    }

    /** The folder a save path names, or null when it names a file: an existing folder, or a path ending in '/'. */
    static Path folderNamedBy(String path) {
        try {
            if (path.endsWith("/") || path.endsWith(java.io.File.separator)) return Path.of(path);
            Path p = Path.of(path);
            return Files.isDirectory(p) ? p : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null; // Png.write names the bad path
        }
    }
}
