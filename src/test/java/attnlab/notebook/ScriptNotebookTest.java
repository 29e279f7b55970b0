package attnlab.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScriptNotebookTest {
    @Test
    void aSmallScriptByHand() {
        String json = ScriptNotebook.convert("// Title <b>\n//   f(x)\nvar x = 1   // one\nx + 1\n\n/vars\n");
        assertEquals("{\n"
                + " \"cells\": [\n"
                + "  {\n"
                + "   \"cell_type\": \"markdown\",\n"
                + "   \"id\": \"cell-1\",\n"
                + "   \"metadata\": {},\n"
                + "   \"source\": [\n"
                + "    \"Title <b>\\n\",\n"
                + "    \"```\\n\",\n"
                + "    \"f(x)\\n\",\n"
                + "    \"```\"\n"
                + "   ]\n"
                + "  },\n"
                + "  {\n"
                + "   \"cell_type\": \"code\",\n"
                + "   \"execution_count\": null,\n"
                + "   \"id\": \"cell-2\",\n"
                + "   \"metadata\": {},\n"
                + "   \"outputs\": [],\n"
                + "   \"source\": [\n"
                + "    \"var x = 1   // one\\n\",\n"
                + "    \"x + 1\"\n"
                + "   ]\n"
                + "  },\n"
                + "  {\n"
                + "   \"cell_type\": \"code\",\n"
                + "   \"execution_count\": null,\n"
                + "   \"id\": \"cell-3\",\n"
                + "   \"metadata\": {},\n"
                + "   \"outputs\": [],\n"
                + "   \"source\": [\n"
                + "    \"/vars\"\n"
                + "   ]\n"
                + "  }\n"
                + " ],\n"
                + " \"metadata\": {\n"
                + "  \"kernelspec\": {\n"
                + "   \"display_name\": \"attnlab (Java)\",\n"
                + "   \"language\": \"java\",\n"
                + "   \"name\": \"attnlab\"\n"
                + "  },\n"
                + "  \"language_info\": {\n"
                + "   \"codemirror_mode\": \"text/x-java\",\n"
                + "   \"file_extension\": \".jsh\",\n"
                + "   \"mimetype\": \"text/x-java\",\n"
                + "   \"name\": \"java\"\n"
                + "  }\n"
                + " },\n"
                + " \"nbformat\": 4,\n"
                + " \"nbformat_minor\": 5\n"
                + "}\n", json);
    }

    @Test
    void quotesBackslashesAndNonAsciiSurviveTheRoundTrip() {
        String code = "var s = \"a\\\"b\\\\c\"   // √d_k, −∞";
        JsonObject nb = JsonParser.parseString(ScriptNotebook.convert(code + "\n")).getAsJsonObject();
        JsonArray source = nb.getAsJsonArray("cells").get(0).getAsJsonObject().getAsJsonArray("source");
        assertEquals(code, source.get(0).getAsString());
        assertTrue(ScriptNotebook.convert(code).contains("√d_k, −∞"), "non-ASCII is written as is, as Jupyter does");
    }

    @Test
    void anEmptyScriptIsAnEmptyNotebook() {
        JsonObject nb = JsonParser.parseString(ScriptNotebook.convert("")).getAsJsonObject();
        assertEquals(0, nb.getAsJsonArray("cells").size());
        assertEquals(4, nb.get("nbformat").getAsInt());
    }
}
