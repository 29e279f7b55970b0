package attnlab.notebook;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notebooks under {@code notebooks/} are generated from the scripts, never edited: each one must equal what
 * {@code --to-notebook} makes of its script now, and each script has its notebook. On a mismatch, regenerate with
 * {@link #REGENERATE} and commit the result.
 */
class ShippedNotebooksTest {
    static final String REGENERATE = "./attnlab --to-notebook scripts/ex5_*.jsh scripts/look-inside-*.jsh notebooks/ && "
            + "./attnlab --to-notebook scripts/student/*.jsh notebooks/student/ && "
            + "./attnlab --to-notebook scripts/ex_induction_heads.jsh notebooks/induction-heads.ipynb";

    /**
     * (script, notebook) pairs: scripts/ex5_*.jsh and scripts/look-inside-*.jsh (real models, docs/models.md) to
     * notebooks/, scripts/student/*.jsh to notebooks/student/, and the induction-heads script (issue 20) to
     * notebooks/induction-heads.ipynb.
     */
    static List<Path[]> pairs() throws IOException {
        List<Path[]> pairs = new ArrayList<>();
        add(pairs, Path.of("scripts"), "ex5_\\d\\d_.*\\.jsh", Path.of("notebooks"));
        add(pairs, Path.of("scripts"), "look-inside-.*\\.jsh", Path.of("notebooks"));
        add(pairs, Path.of("scripts/student"), ".*\\.jsh", Path.of("notebooks/student"));
        pairs.add(new Path[] {Path.of("scripts/ex_induction_heads.jsh"), Path.of("notebooks/induction-heads.ipynb")});
        return pairs;
    }

    private static void add(List<Path[]> pairs, Path from, String pattern, Path to) throws IOException {
        try (Stream<Path> s = Files.list(from)) {
            s.filter(p -> p.getFileName().toString().matches(pattern)).sorted()
                    .forEach(p -> pairs.add(new Path[] {p, ToNotebook.target(p, to + "/")}));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookIsItsScriptConvertedNow() throws IOException {
        return pairs().stream().map(p -> DynamicTest.dynamicTest(p[1].toString(), () -> {
            assertTrue(Files.isRegularFile(p[1]), p[1] + " is missing; regenerate: " + REGENERATE);
            String expected = ScriptNotebook.convert(Files.readString(p[0], StandardCharsets.UTF_8));
            assertEquals(expected, Files.readString(p[1], StandardCharsets.UTF_8),
                    p[1] + " is out of date with " + p[0] + "; regenerate: " + REGENERATE);
        }));
    }

    @Test
    void everyNotebookHasItsScript() throws IOException {
        List<Path> expected = pairs().stream().map(p -> p[1]).sorted().collect(Collectors.toList());
        List<Path> shipped;
        try (Stream<Path> s = Files.walk(Path.of("notebooks"))) {
            shipped = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().collect(Collectors.toList());
        }
        assertEquals(expected, shipped, "a notebook without a script (or the reverse); the scripts are the source");
        assertEquals(19, shipped.size(), "11 exercises, 6 student skeletons, look-inside-gpt2 and induction-heads");
    }

    @Test
    void jupytersOwnValidatorAcceptsThem() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c",
                "import sys, nbformat\n"
                        + "for f in sys.argv[1:]:\n"
                        + "    nbformat.validate(nbformat.read(f, as_version=4))\n"
                        + "print('valid', len(sys.argv) - 1)\n"));
        for (Path[] p : pairs()) cmd.add(p[1].toString());
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, proc.waitFor(), out);
        assertEquals("valid 19", out.strip());
    }
}
