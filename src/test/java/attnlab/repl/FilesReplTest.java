package attnlab.repl;

import attnlab.io.BadFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad and hostile files loaded at the prompt: each prints its error naming the file; the session keeps going. */
class FilesReplTest {
    @TempDir Path dir;

    @Test
    void everyBadFileGetsItsErrorAndTheReplLosesNothing() throws IOException {
        try (TestRepl r = new TestRepl()) {
            r.run("var Q = tensor(\"1 2; 3 4\")");
            for (BadFiles.Case c : BadFiles.all()) {
                Path p = Files.write(dir.resolve(c.name()), c.bytes());
                String fn = c.name().endsWith(".npy") ? "load" : "loadSafetensors";
                String out = r.run("var t = " + fn + "(\"" + p + "\")");
                assertTrue(out.startsWith("|  attnlab.io.BadFileException: " + p), out);
                assertTrue(out.contains(c.error()), c.name() + ": " + out);
            }
            assertEquals("$1 ==> 10.0\n", r.run("Q.get(0, 0) + Q.get(1, 1) + 5"));
            r.run("save(Q, \"" + dir.resolve("q.npy") + "\")");
            assertEquals("$2 ==> 0.0\n",
                    r.run("load(\"" + dir.resolve("q.npy") + "\").maxAbsDiff(Q)"));
        }
    }

    @Test
    void helpLoadListsTheFileFunctions() {
        try (TestRepl r = new TestRepl()) {
            String help = r.run("/help load");
            for (String f : new String[] {"save", "savez", "savezCompressed", "loadz", "saveSafetensors",
                "loadSafetensors", "saveModel", "loadModel", "loadMha", "headsGrid"})
                assertTrue(help.contains(f), f + " missing from:\n" + help);
        }
    }
}
