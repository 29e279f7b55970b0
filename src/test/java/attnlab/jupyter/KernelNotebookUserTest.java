package attnlab.jupyter;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static attnlab.jupyter.KernelMessages.contents;
import static attnlab.jupyter.KernelMessages.plain;
import static attnlab.jupyter.KernelMessages.status;
import static attnlab.jupyter.KernelMessages.stdout;
import static attnlab.jupyter.KernelMessages.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a notebook user expects of a kernel beyond running cells (issue 22), through the real jupyter_client, one
 * kernel for all cases: every value of a cell shown; rich output from user code ({@code html}, {@code markdown},
 * {@code latex}, {@code image}, {@code display(x, id)} and {@code updateDisplay}); {@code System.in} answered through
 * {@code input_request}; IPython's {@code %} habits; {@code history_request}, also after a restart (last).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelNotebookUserTest {
    private KernelDriver client;

    @BeforeAll
    void start() throws Exception {
        client = KernelDriver.started("attnlab-kernel-user-test");
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) client.close();
    }

    // ------------------------------------------------------------------ item 1: every value of a cell

    @Test
    @Order(1)
    void everyValueOfACellIsShownInOrder() throws Exception {
        JsonObject a = execute("1 + 1\nint z = 3;\nSystem.out.println(\"between\");\n\"two\"\nz * 2\nint last = 0;");
        assertEquals("ok", status(a), a.toString());
        assertEquals(List.of("status:busy", "execute_input", "execute_result", "stream", "execute_result",
                "execute_result", "status:idle"), types(a), "each value where the script would print it");
        assertEquals(List.of("2", "\"two\"", "6"), plain(a, "execute_result"));
        int count = a.getAsJsonObject("reply").get("execution_count").getAsInt();
        for (JsonObject r : contents(a, "execute_result"))
            assertEquals(count, r.get("execution_count").getAsInt(), "all are Out[" + count + "]");
    }

    // ------------------------------------------------------------------ item 4: rich output from user code

    @Test
    @Order(2)
    void htmlMarkdownAndLatex() throws Exception {
        JsonObject h = execute("html(\"<p>attention <b>is</b> all &amp; more</p>\")");
        assertEquals(List.of("status:busy", "execute_input", "display_data", "status:idle"), types(h));
        JsonObject d = contents(h, "display_data").get(0).getAsJsonObject("data");
        assertEquals("<p>attention <b>is</b> all &amp; more</p>", d.get("text/html").getAsString());
        assertEquals("attention is all & more", d.get("text/plain").getAsString());

        JsonObject m = contents(execute("markdown(\"**loss** fell\")"), "display_data").get(0).getAsJsonObject("data");
        assertEquals("**loss** fell", m.get("text/markdown").getAsString());
        assertEquals("**loss** fell", m.get("text/plain").getAsString());

        JsonObject l = contents(execute("latex(\"\\\\sqrt{d_k}\")"), "display_data").get(0).getAsJsonObject("data");
        assertEquals("$$\\sqrt{d_k}$$", l.get("text/latex").getAsString(), "MathJax needs delimiters");
        assertEquals("\\sqrt{d_k}", l.get("text/plain").getAsString());
    }

    @Test
    @Order(2)
    void imagesFromBytesAndFromAFile() throws Exception {
        JsonObject a = execute("byte[] png = heatmap(softmax(randn(3, 3))).png();\nimage(png);\n"
                + "var f = java.nio.file.Files.createTempFile(\"attnlab-image\", \".png\");\n"
                + "java.nio.file.Files.write(f, png);\nimage(f.toString());\njava.nio.file.Files.delete(f);");
        assertEquals("ok", status(a), a.toString());
        List<JsonObject> shown = contents(a, "display_data");
        assertEquals(2, shown.size(), a.toString());
        for (JsonObject s : shown) {
            JsonObject d = s.getAsJsonObject("data");
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                    d.get("image/png").getAsString())));
            assertTrue(img != null && img.getWidth() > 100, d.get("text/plain").getAsString());
            assertTrue(d.get("text/plain").getAsString().startsWith("PNG image " + img.getWidth() + "x"
                    + img.getHeight() + ", "), d.get("text/plain").getAsString());
        }
        assertTrue(shown.get(1).getAsJsonObject("data").get("text/plain").getAsString().contains(" from /"),
                "the file's picture names the file");
        JsonObject bad = execute("image(new byte[] {1, 2, 3})");
        assertEquals("IllegalArgumentException", bad.getAsJsonObject("reply").get("ename").getAsString());
        assertTrue(bad.getAsJsonObject("reply").get("evalue").getAsString().contains("expected PNG bytes"),
                bad.toString());
        JsonObject missing = execute("image(\"no/such/picture.png\")");
        assertTrue(missing.getAsJsonObject("reply").get("evalue").getAsString().contains("no/such/picture.png"),
                missing.toString());
    }

    @Test
    @Order(2)
    void displayWithAnIdIsUpdatedInPlace() throws Exception {
        JsonObject a = execute("display(\"step 0\", \"counter\");\n"
                + "for (int i = 1; i <= 3; i++) updateDisplay(\"counter\", \"step \" + i);\n"
                + "updateDisplay(\"fresh\", 1.5);");
        assertEquals(List.of("status:busy", "execute_input", "display_data", "update_display_data",
                "update_display_data", "update_display_data", "display_data", "status:idle"), types(a));
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (JsonElement e : a.getAsJsonArray("iopub")) {
            JsonObject c = e.getAsJsonObject().getAsJsonObject("content");
            if (!e.getAsJsonObject().get("msg_type").getAsString().endsWith("display_data")) continue;
            ids.add(c.getAsJsonObject("transient").get("display_id").getAsString());
            texts.add(c.getAsJsonObject("data").get("text/plain").getAsString());
        }
        assertEquals(List.of("counter", "counter", "counter", "counter", "fresh"), ids);
        assertEquals(List.of("\"step 0\"", "\"step 1\"", "\"step 2\"", "\"step 3\"", "1.5"), texts);
        JsonObject chart = execute("var hm = heatmap(softmax(randn(4, 4))).title(\"weights\");\ndisplay(hm, \"w\");\n"
                + "updateDisplay(\"w\", hm.title(\"weights, later\"));");
        List<String> charts = plain(chart, "display_data");
        charts.addAll(plain(chart, "update_display_data"));
        assertEquals(2, charts.size(), chart.toString());
        assertTrue(charts.get(0).startsWith("Heatmap [4, 4] \"weights\""), "what the chart is: " + charts);
        assertTrue(charts.get(1).startsWith("Heatmap [4, 4] \"weights, later\""), charts.toString());
        JsonObject bad = execute("display(1, \" \")");
        assertTrue(bad.getAsJsonObject("reply").get("evalue").getAsString().startsWith("id must be"), bad.toString());
    }

    @Test
    @Order(2)
    void aChartsTextSaysWhatItIs() throws Exception {
        JsonObject a = execute("heatmap(causalMask(3)).title(\"mask\")");
        String text = plain(a, "execute_result").get(0);
        assertTrue(text.startsWith("Heatmap [3, 3] \"mask\""), text);
        assertFalse(text.matches(".*\\d+x\\d+.*"), "not the picture's pixel size: " + text);
    }

    // ------------------------------------------------------------------ item 5: stdin

    @Test
    @Order(3)
    void aCellReadingSystemInAsksTheClient() throws Exception {
        JsonObject a = client.call(120, "execute", "stdin", "[\"Ada\", \"42\"]", "code",
                "var sc = new java.util.Scanner(System.in);\nSystem.out.print(\"name? \");\n"
                        + "String name = sc.nextLine();\nint n = sc.nextInt();\nname + \" \" + (n + 1)");
        assertEquals("ok", status(a), a.toString());
        assertEquals(List.of("\"Ada 43\""), plain(a, "execute_result"));
        List<String> order = types(a);
        assertEquals(2, order.stream().filter("input_request"::equals).count(), order.toString());
        // the kernel sends the question on iopub before the input_request on stdin; a client reads the two channels
        // on their own, so the order they arrive in is not the kernel's to test
        assertEquals("name? ", stdout(a), "the printed question is shown");
        JsonObject b = client.call(120, "execute", "stdin", "[\"one line\"]", "code",
                "new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine()");
        assertEquals(List.of("\"one line\""), plain(b, "execute_result"), b.toString());
    }

    @Test
    @Order(3)
    void withoutStdinTheErrorSaysWhy() throws Exception {
        JsonObject a = client.call(120, "execute", "allow_stdin", false, "code",
                "new java.util.Scanner(System.in).nextLine()");
        assertEquals("error", status(a), a.toString());
        String evalue = a.getAsJsonObject("reply").get("evalue").getAsString();
        assertTrue(evalue.contains("does not send input") && evalue.contains("allow_stdin"), evalue);
        assertFalse(types(a).contains("input_request"));
    }

    @Test
    @Order(4)
    void aCellWaitingForInputCanBeInterrupted() throws Exception {
        JsonObject a = client.call(120, "execute", "interrupt_after", 1.5, "code",
                "new java.util.Scanner(System.in).nextLine()");
        assertEquals("Interrupted", a.getAsJsonObject("reply").get("ename").getAsString(), a.toString());
        assertEquals(List.of("\"after\""), plain(client.call(120, "execute", "stdin", "[\"after\"]", "code",
                "new java.util.Scanner(System.in).nextLine()"), "execute_result"), "the next read is answered");
    }

    // ------------------------------------------------------------------ item 6: % habits

    @Test
    @Order(5)
    void percentHabits() throws Exception {
        for (String timed : List.of("%timeit 1 + 1", "%time Math.sqrt(2.0)",
                "%%time\nlong acc = 0;\nfor (int i = 0; i < 10; i++) acc += i;")) {
            JsonObject a = execute(timed);
            assertEquals("ok", status(a), timed + ": " + a);
            assertTrue(stdout(a).contains(" per loop (median of "), timed + ": " + stdout(a));
        }
        JsonObject help = execute("%help");
        assertEquals("ok", status(help));
        assertTrue(stdout(help).contains("/time EXPR"), stdout(help));
        JsonObject who = execute("%who");
        assertEquals("error", status(who));
        assertTrue(stdout(who).contains("%who: /vars"), stdout(who));
        JsonObject none = execute("%cd /tmp");
        assertTrue(stdout(none).contains("%cd: no attnlab command does that"), stdout(none));
        JsonObject plots = execute("%matplotlib inline");
        assertEquals("ok", status(plots), "a harmless habit does not stop Run All: " + plots);
    }

    // ------------------------------------------------------------------ item 7: history

    @Test
    @Order(6)
    void historyTailRangeAndSearch() throws Exception {
        execute("int h1 = 1;");
        execute("int h2 = 2;");
        execute("h1 + h2");
        JsonArray tail = history("{\"hist_access_type\": \"tail\", \"n\": 3}");
        assertEquals(List.of("int h1 = 1;", "int h2 = 2;", "h1 + h2"), inputs(tail));
        int session = tail.get(0).getAsJsonArray().get(0).getAsInt(), first = line(tail.get(0));
        assertEquals(List.of(first, first + 1, first + 2), List.of(line(tail.get(0)), line(tail.get(1)),
                line(tail.get(2))), "lines are execution counts");
        JsonArray range = history("{\"hist_access_type\": \"range\", \"session\": 0, \"start\": " + first
                + ", \"stop\": " + (first + 2) + ", \"output\": true}");
        assertEquals(2, range.size(), range.toString());
        assertEquals("[" + session + "," + (first + 1) + ",[\"int h2 = 2;\",null]]", range.get(1).toString());
        JsonArray withOutput = history("{\"hist_access_type\": \"range\", \"session\": " + session + ", \"start\": "
                + (first + 2) + ", \"stop\": " + (first + 3) + ", \"output\": true}");
        assertEquals("[" + session + "," + (first + 2) + ",[\"h1 + h2\",\"3\"]]", withOutput.get(0).toString());
        assertEquals(List.of("int h1 = 1;", "int h2 = 2;"),
                inputs(history("{\"hist_access_type\": \"search\", \"pattern\": \"int h?*\"}")));
        execute("h1 + h2");
        assertEquals(2, history("{\"hist_access_type\": \"search\", \"pattern\": \"h1 + h2\"}").size());
        JsonArray unique = history("{\"hist_access_type\": \"search\", \"pattern\": \"h1*\", \"unique\": true}");
        assertEquals(List.of("h1 + h2"), inputs(unique));
        assertEquals(first + 3, line(unique.get(0)), "the latest place");
    }

    @Test
    @Order(9)
    void historySurvivesARestart() throws Exception {
        execute("int beforeRestart = 1;");
        JsonArray before = history("{\"hist_access_type\": \"tail\", \"n\": 1}");
        int session = before.get(0).getAsJsonArray().get(0).getAsInt();
        client.call(180, "restart");
        execute("int afterRestart = 2;");
        JsonArray tail = history("{\"hist_access_type\": \"tail\", \"n\": 2}");
        assertEquals(List.of("int beforeRestart = 1;", "int afterRestart = 2;"), inputs(tail));
        assertEquals(session + 1, tail.get(1).getAsJsonArray().get(0).getAsInt(), "a new session number");
        assertEquals(1, line(tail.get(1)), "counting starts again");
        JsonArray previous = history("{\"hist_access_type\": \"range\", \"session\": -1}");
        assertTrue(inputs(previous).contains("h1 + h2") && inputs(previous).contains("int beforeRestart = 1;"),
                previous.toString());
    }

    // ------------------------------------------------------------------ helpers

    private JsonObject execute(String code) throws IOException, InterruptedException {
        return client.call(120, "execute", "code", code);
    }

    private JsonArray history(String args) throws IOException, InterruptedException {
        JsonObject reply = client.call(60, "history", "args", args).getAsJsonObject("reply");
        assertEquals("ok", reply.get("status").getAsString(), reply.toString());
        return reply.getAsJsonArray("history");
    }

    private static List<String> inputs(JsonArray history) {
        List<String> in = new ArrayList<>();
        for (JsonElement e : history) in.add(e.getAsJsonArray().get(2).getAsString());
        return in;
    }

    private static int line(JsonElement entry) {
        return entry.getAsJsonArray().get(1).getAsInt();
    }
}
