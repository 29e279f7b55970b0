package attnlab.notebook;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./attnlab --to-notebook FILE.jsh... [OUT.ipynb | DIR]}: writes the notebook of each script
 * ({@link ScriptNotebook}), as {@code cp} takes its arguments:
 * <pre>
 *   --to-notebook my.jsh                        my.ipynb beside the script
 *   --to-notebook my.jsh out/answer.ipynb       that file
 *   --to-notebook scripts/ex5_*.jsh notebooks/  notebooks/ex5_01_intuition.ipynb, ... (a directory, made if missing)
 * </pre>
 * When the last argument is a {@code .jsh} file too, every notebook goes beside its script. An existing notebook is
 * replaced: the script is the source.
 */
public final class ToNotebook {
    private ToNotebook() {}

    /** Runs the option with its arguments; prints what it wrote or why not; returns the exit status. */
    public static int run(List<String> args, PrintStream out) {
        if (args.isEmpty()) {
            out.println("usage: ./attnlab --to-notebook FILE.jsh... [OUT.ipynb | DIR]");
            return 2;
        }
        String last = args.get(args.size() - 1);
        boolean outGiven = args.size() > 1 && !last.endsWith(".jsh");
        List<String> scripts = outGiven ? args.subList(0, args.size() - 1) : args;
        if (outGiven && scripts.size() > 1 && !isDirectory(last)) {
            out.println("attnlab: --to-notebook: " + scripts.size() + " scripts need a directory to write into, but "
                    + last + " is not one (end it with / to create it)");
            return 2;
        }
        for (String s : scripts)
            if (s.endsWith(".ipynb")) { // a slip of the hand: its JSON would become code cells
                out.println("attnlab: --to-notebook: " + s + " is a notebook already; expected a script (FILE.jsh)");
                return 2;
            }
        int status = 0;
        for (String s : scripts) status = Math.max(status, convert(Path.of(s), outGiven ? last : null, out));
        return status;
    }

    /** Writes one notebook; returns 0, or 1 after saying why not. */
    private static int convert(Path script, String target, PrintStream out) {
        String text;
        try {
            text = Files.readString(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.println("attnlab: cannot read " + script + ": " + reason(e, script));
            return 1;
        }
        Path nb = target(script, target);
        try {
            if (nb.getParent() != null) Files.createDirectories(nb.getParent());
            Files.writeString(nb, ScriptNotebook.convert(text), StandardCharsets.UTF_8);
            int cells = ScriptBlocks.split(text).size();
            out.println("wrote " + nb + " (" + cells + (cells == 1 ? " cell)" : " cells)"));
            return 0;
        } catch (IOException e) {
            out.println("attnlab: cannot write " + nb + ": " + reason(e, nb));
            return 1;
        }
    }

    /** Where the notebook of {@code script} goes for the given OUT argument (null: beside the script). */
    static Path target(Path script, String out) {
        String name = script.getFileName().toString();
        String nbName = (name.endsWith(".jsh") ? name.substring(0, name.length() - 4) : name) + ".ipynb";
        if (out == null) return script.resolveSibling(nbName);
        return isDirectory(out) ? Path.of(out).resolve(nbName) : Path.of(out);
    }

    /** An existing directory, or a name ending with a separator (a directory to create). */
    private static boolean isDirectory(String out) {
        return Files.isDirectory(Path.of(out)) || out.endsWith("/") || out.endsWith(java.io.File.separator);
    }

    /** The reason of an I/O error in words. */
    private static String reason(IOException e, Path file) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof CharacterCodingException) return "not UTF-8 text";
        if (Files.isDirectory(file)) return "is a directory";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
