package attnlab.notebook;

import com.google.gson.FormattingStyle;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.util.List;

/**
 * A {@code .jsh} script as a Jupyter notebook (nbformat 4.5) for the attnlab kernel: each prose block of
 * {@link ScriptBlocks} becomes a Markdown cell ({@link CommentMarkdown}), each code block a code cell with no
 * outputs. The JSON is written as Jupyter writes it (keys sorted, one-space indent, sources as lists of lines,
 * non-ASCII kept), and it depends on nothing but the script: cell ids are numbered, and the metadata names the
 * kernel, not a JDK, so converting twice, on any machine, gives the same bytes.
 */
public final class ScriptNotebook {
    /** The kernelspec name the notebooks ask for ({@code ./attnlab --install-kernel} installs it). */
    public static final String KERNEL = "attnlab";

    private static final Gson GSON = new GsonBuilder().setFormattingStyle(FormattingStyle.PRETTY.withIndent(" "))
            .disableHtmlEscaping().serializeNulls().create();

    private ScriptNotebook() {}

    /** The notebook JSON for {@code script}, ending with a newline. */
    public static String convert(String script) {
        JsonArray cells = new JsonArray();
        for (ScriptBlocks.Block b : ScriptBlocks.split(script)) {
            boolean prose = b.kind() == ScriptBlocks.Kind.PROSE;
            cells.add(cell(cells.size() + 1, prose, prose ? CommentMarkdown.of(b.lines()) : b.lines()));
        }
        JsonObject nb = new JsonObject();
        nb.add("cells", cells);
        nb.add("metadata", metadata());
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 5);
        return GSON.toJson(nb) + "\n";
    }

    private static JsonObject cell(int number, boolean markdown, List<String> lines) {
        JsonObject c = new JsonObject(); // keys in sorted order, as Jupyter writes them
        c.addProperty("cell_type", markdown ? "markdown" : "code");
        if (!markdown) c.add("execution_count", JsonNull.INSTANCE);
        c.addProperty("id", "cell-" + number);
        c.add("metadata", new JsonObject());
        if (!markdown) c.add("outputs", new JsonArray());
        JsonArray source = new JsonArray();
        for (int i = 0; i < lines.size(); i++) source.add(lines.get(i) + (i < lines.size() - 1 ? "\n" : ""));
        c.add("source", source);
        return c;
    }

    private static JsonObject metadata() {
        JsonObject kernelspec = new JsonObject();
        kernelspec.addProperty("display_name", "attnlab (Java)");
        kernelspec.addProperty("language", "java");
        kernelspec.addProperty("name", KERNEL);
        JsonObject language = new JsonObject();
        language.addProperty("codemirror_mode", "text/x-java");
        language.addProperty("file_extension", ".jsh");
        language.addProperty("mimetype", "text/x-java");
        language.addProperty("name", "java");
        JsonObject m = new JsonObject();
        m.add("kernelspec", kernelspec);
        m.add("language_info", language);
        return m;
    }
}
