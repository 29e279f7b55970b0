package attnlab.notebook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./attnlab --to-notebook}: where the notebooks go, and the errors. */
class ToNotebookTest {
    private String out;

    private int run(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = ToNotebook.run(List.of(args), new PrintStream(buf, true, StandardCharsets.UTF_8));
        out = buf.toString(StandardCharsets.UTF_8);
        return status;
    }

    @Test
    void besideTheScriptIntoAFileOrIntoADirectory(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.jsh"), b = dir.resolve("b.jsh");
        Files.writeString(a, "// a\n1 + 1\n");
        Files.writeString(b, "2 + 2\n");
        assertEquals(0, run(a.toString()));
        assertEquals("wrote " + dir.resolve("a.ipynb") + " (2 cells)\n", out);
        assertEquals(ScriptNotebook.convert("// a\n1 + 1\n"), Files.readString(dir.resolve("a.ipynb")));

        assertEquals(0, run(a.toString(), dir.resolve("x/answer.ipynb").toString()));
        assertTrue(Files.isRegularFile(dir.resolve("x/answer.ipynb")));

        assertEquals(0, run(a.toString(), b.toString(), dir.resolve("nb") + "/"));
        assertEquals("wrote " + dir.resolve("nb/a.ipynb") + " (2 cells)\nwrote " + dir.resolve("nb/b.ipynb")
                + " (1 cell)\n", out);
        assertEquals(0, run(b.toString(), dir.resolve("nb").toString())); // an existing directory needs no slash
        assertEquals("wrote " + dir.resolve("nb/b.ipynb") + " (1 cell)\n", out);
    }

    @Test
    void manyScriptsWithoutADirectoryOrAMissingScriptAreClearErrors(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.jsh");
        Files.writeString(a, "1\n");
        assertEquals(2, run(a.toString(), a.toString(), dir.resolve("one.ipynb").toString()));
        assertTrue(out.contains("2 scripts need a directory to write into, but " + dir.resolve("one.ipynb")
                + " is not one"), out);
        assertFalse(Files.exists(dir.resolve("one.ipynb")));

        assertEquals(1, run(dir.resolve("missing.jsh").toString()));
        assertEquals("attnlab: cannot read " + dir.resolve("missing.jsh") + ": no such file\n", out);
        assertEquals(1, run(dir.toString() + "/sub.jsh", a.toString()));
        assertTrue(out.startsWith("attnlab: cannot read " + dir + "/sub.jsh: no such file\n"), out);
        Files.createDirectory(dir.resolve("d.jsh"));
        assertEquals(1, run(dir.resolve("d.jsh").toString(), dir.resolve("o.ipynb").toString()));
        assertEquals("attnlab: cannot read " + dir.resolve("d.jsh") + ": is a directory\n", out);
        assertEquals(2, run());
        assertTrue(out.startsWith("usage: ./attnlab --to-notebook"), out);
    }

    @Test
    void aNotebookIsNotAScript(@TempDir Path dir) throws Exception {
        Path nb = dir.resolve("done.ipynb");
        Files.writeString(nb, "{\"cells\": []}");
        assertEquals(2, run(nb.toString()));
        assertEquals("attnlab: --to-notebook: " + nb + " is a notebook already; expected a script (FILE.jsh)\n", out);
        assertFalse(Files.exists(dir.resolve("done.ipynb.ipynb")), "its JSON is not made into code cells");
    }

    @Test
    void notUtf8IsSaidInWords(@TempDir Path dir) throws Exception {
        Path bin = dir.resolve("bin.jsh");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertEquals(1, run(bin.toString()));
        assertEquals("attnlab: cannot read " + bin + ": not UTF-8 text\n", out);
    }
}
