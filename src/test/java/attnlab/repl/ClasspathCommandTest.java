package attnlab.repl;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /classpath add} (and {@code %jars}): a jar, a directory of classes, DIR/*, clashes, bad paths. */
class ClasspathCommandTest {
    @TempDir
    static Path dir;
    static Path classes, jar, jars;

    @BeforeAll
    static void build() throws IOException {
        classes = TestLibraries.compile(Files.createDirectories(dir.resolve("classes")), "", Map.of("lib.Twice",
                "package lib; public class Twice { public static int of(int x) { return 2 * x; } }"));
        Path other = TestLibraries.compile(Files.createDirectories(dir.resolve("other")), "", Map.of("lib2.Shout",
                "package lib2; public class Shout { public static String of(String s) { return s.toUpperCase() + \"!\"; } }"));
        jar = TestLibraries.jar(dir.resolve("single/twice.jar"), classes, Map.of());
        jars = dir.resolve("many");
        TestLibraries.jar(jars.resolve("shout.jar"), other, Map.of());
        TestLibraries.jar(jars.resolve("notes.jar"), null, Map.of("README.txt", "no classes".getBytes()));
    }

    @Test
    void aJarWithoutAReset() {
        try (TestRepl t = new TestRepl()) {
            t.run("int kept = 7;");
            assertEquals("|  added " + jar + "\n", t.run("/classpath add " + jar));
            assertTrue(t.run("lib.Twice.of(kept)").contains("==> 14"), t.run("lib.Twice.of(kept)"));
            assertEquals("|    " + jar + "\n", t.run("/classpath"));
        }
    }

    @Test
    void aDirectoryOfClasses() {
        try (TestRepl t = new TestRepl()) {
            assertEquals("|  added " + classes + "\n", t.run("/classpath add " + classes));
            assertTrue(t.run("lib.Twice.of(21)").contains("==> 42"), t.run("lib.Twice.of(21)"));
        }
    }

    @Test
    void everyJarOfADirectoryThroughTheAlias() {
        try (TestRepl t = new TestRepl()) {
            assertEquals("|  added " + jars.resolve("notes.jar") + "\n|  added " + jars.resolve("shout.jar") + "\n",
                    t.run("%jars " + jars + "/*"));
            assertTrue(t.run("lib2.Shout.of(\"attn\")").contains("\"ATTN!\""), t.run("lib2.Shout.of(\"attn\")"));
        }
    }

    @Test
    void theSameJarTwiceIsNotedAndAClashingCopyRefused() throws IOException {
        Path copy = Files.copy(jar, Files.createDirectories(dir.resolve("copy")).resolve("twice-copy.jar"));
        try (TestRepl t = new TestRepl()) {
            t.run("/classpath add " + jar);
            assertEquals("|  there already: twice.jar (added before)\n", t.run("/classpath add " + jar));
            String printed = t.run("/classpath add " + copy);
            assertTrue(printed.startsWith("|  refused: twice-copy.jar has lib.Twice that attnlab's session already has"
                    + " (from " + jar + ")."), printed);
            assertEquals(List.of(jar.toString()), t.repl.session.addedClasspath());
        }
    }

    @Test
    void aJarWithAToolkitClassIsRefusedByName() throws IOException {
        Path clash = TestLibraries.jar(dir.resolve("clash/tensor.jar"), null,
                Map.of("attnlab/tensor/Tensor.class", new byte[] {1, 2, 3}));
        try (TestRepl t = new TestRepl()) {
            String printed = t.run("/classpath add " + clash);
            assertTrue(printed.startsWith("|  refused: tensor.jar has attnlab.tensor.Tensor that attnlab's session"
                    + " already has (from attnlab's own classes)."), printed);
            assertTrue(printed.contains("Nothing was added"), printed);
            assertEquals(List.of(), t.repl.session.addedClasspath());
        }
    }

    @Test
    void badPathsAndUsage() throws IOException {
        Path text = Files.writeString(dir.resolve("plain.txt"), "not a jar");
        try (TestRepl t = new TestRepl()) {
            assertTrue(t.run("/classpath add " + dir.resolve("missing.jar")).startsWith(
                    "|  /classpath add: no such file or directory: " + dir.resolve("missing.jar")));
            assertTrue(t.run("/classpath add " + text).startsWith("|  plain.txt is neither a jar nor a directory of classes"),
                    t.run("/classpath add " + text));
            assertTrue(t.run("/classpath remove x").startsWith("|  /classpath add PATH (a jar, a directory of classes"));
            assertTrue(t.run("/classpath").startsWith("|  nothing added yet"));
        }
    }
}
