package attnlab.plot;

import attnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PngTest {
    private static final Heatmap H = Heatmap.of(Tensor.of(new double[][] {{1, 0}, {0, 1}}));

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void createsMissingFoldersAddsTheExtensionAndReturnsTheAbsolutePath(@TempDir Path dir) throws Exception {
        Path p = H.save(dir.resolve("charts/deep/attn").toString());
        assertEquals(dir.resolve("charts/deep/attn.png").toAbsolutePath(), p);
        assertTrue(p.isAbsolute());
        assertEquals(List.of(p), files(dir), "no temporary file is left next to the PNG");
        Path again = H.title("replaced").save(p.toString());
        assertEquals(p, again);
        assertEquals(List.of(p), files(dir), "saving over a file replaces it");
    }

    /** Issue 21 item 8: saving to /nonexistent-dir/x.png used to create /nonexistent-dir (as root: a folder at /). */
    @Test
    void noFolderIsCreatedRightUnderTheRoot() {
        Path top = Path.of("/attnlab-no-such-top-folder-" + ProcessHandle.current().pid());
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> H.save(top.resolve("x.png").toString()));
        assertEquals("cannot save chart to " + top.resolve("x.png") + ": no folder " + top + " (missing folders are"
                + " created only inside an existing folder other than /: create it first)", e.getMessage());
        assertFalse(Files.exists(top));
        assertThrows(UncheckedIOException.class, () -> H.save(top.resolve("deeper/x.png").toString()));
        assertFalse(Files.exists(top));
    }

    @Test
    void unwritablePathNamesThePathAndLeavesNoFile(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("notafolder"), "x");
        String target = blocker.resolve("sub/attn.png").toString();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> H.save(target));
        assertTrue(e.getMessage().startsWith("cannot save chart to " + target + ": " + blocker), e.getMessage());
        assertTrue(e.getMessage().endsWith(": Not a directory"), e.getMessage());
        assertEquals(List.of(blocker), files(dir));

        Path busy = Files.createDirectories(dir.resolve("busy.png"));
        Files.writeString(busy.resolve("keep.txt"), "x");
        String named = dir.resolve("busy").toString(); // "busy" is a file name; "busy.png" is taken by a folder
        UncheckedIOException e2 = assertThrows(UncheckedIOException.class, () -> H.save(named));
        assertEquals("cannot save chart to " + busy + ": a folder of that name is in the way", e2.getMessage());
        assertEquals(List.of(busy.resolve("keep.txt"), blocker), files(dir), "the temporary PNG was removed");
        assertFalse(Files.isRegularFile(busy));
    }

    @Test
    void aFailureInsideTheFolderNamesTheTargetAndAReasonNotTheTemporaryFile() {
        // /proc refuses new files: the temporary PNG cannot even be created there
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> H.save("/proc/attn.png"));
        assertTrue(e.getMessage().startsWith("cannot save chart to /proc/attn.png: "), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) // the REPL prints the causes as well
            assertFalse(String.valueOf(c.getMessage()).contains(".tmp"), "cause names the temporary file: " + c);
    }

    @Test
    void invalidFileNameIsRejectedWithThePath() {
        assertEquals("path \"a\0b.png\" is not a valid file name: Nul character not allowed",
                assertThrows(IllegalArgumentException.class, () -> H.save("a\0b.png")).getMessage());
    }

    @Test
    void blankPathIsRejected() {
        assertEquals("path must not be null or blank",
                assertThrows(IllegalArgumentException.class, () -> H.save(" ")).getMessage());
    }
}
