package attnlab.jupyter;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static attnlab.jupyter.KernelMessages.content;
import static attnlab.jupyter.KernelMessages.result;
import static attnlab.jupyter.KernelMessages.status;
import static attnlab.jupyter.KernelMessages.stdout;
import static attnlab.jupyter.KernelMessages.strings;
import static attnlab.jupyter.KernelMessages.traceback;
import static attnlab.jupyter.KernelMessages.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel through the real jupyter_client, one kernel for all cases (restart and shutdown come last): the
 * protocol messages, their order, errors that keep the state, completion and inspection with code-point cursors,
 * interrupts, a wrongly signed message, restart and shutdown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelProtocolTest {
    private KernelDriver client;

    @BeforeAll
    void start() throws Exception {
        client = KernelDriver.started("attnlab-kernel-test");
        assertEquals("7", result(execute("int kept = 7;\nkept")), "the state the later cases rely on");
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) client.close();
    }

    @Test
    @Order(1)
    void kernelInfo() throws Exception {
        JsonObject a = client.call(60, "info");
        JsonObject reply = a.getAsJsonObject("reply");
        assertEquals("kernel_info_reply", a.get("reply_type").getAsString());
        assertEquals("5.3", reply.get("protocol_version").getAsString());
        JsonObject lang = reply.getAsJsonObject("language_info");
        assertEquals("java", lang.get("name").getAsString());
        assertEquals("text/x-java", lang.get("mimetype").getAsString());
        assertEquals(".jsh", lang.get("file_extension").getAsString());
        assertTrue(lang.has("codemirror_mode"), lang.toString());
        assertTrue(lang.get("version").getAsString().startsWith(Runtime.version().feature() + ""),
                "the kernel runs on the tests' JDK: " + lang);
        assertEquals(List.of("status:busy", "status:idle"), types(a), "busy/idle around the request");
        for (JsonElement link : reply.getAsJsonArray("help_links")) // the Help menu: pages that exist
            assertTrue(link.getAsJsonObject().get("url").getAsString().startsWith(
                    "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/"), link.toString());
    }

    @Test
    @Order(2)
    void executeWithAValue() throws Exception {
        JsonObject a = execute("int a = 40;\nint b = 2;\na + b");
        assertEquals("ok", status(a));
        assertEquals(List.of("status:busy", "execute_input", "execute_result", "status:idle"), types(a));
        JsonObject r = content(a, "execute_result");
        assertEquals("42", r.getAsJsonObject("data").get("text/plain").getAsString());
        assertEquals(a.getAsJsonObject("reply").get("execution_count").getAsInt(), r.get("execution_count").getAsInt());
        assertEquals(List.of("status:busy", "execute_input", "status:idle"), types(execute("int c = 3;")),
                "a declaration has no result");
    }

    @Test
    @Order(3)
    void stdoutAndStderrInOrderWhileTheCellRuns() throws Exception {
        JsonObject a = execute("System.out.println(\"one\"); System.err.println(\"two\"); System.out.println(\"three\");"
                + "\nThread.sleep(2000);\nSystem.out.println(\"four\");");
        List<String> streams = new ArrayList<>();
        double firstAt = -1, reply = a.get("reply_t").getAsDouble();
        for (JsonElement e : a.getAsJsonArray("iopub")) {
            JsonObject m = e.getAsJsonObject();
            if (!m.get("msg_type").getAsString().equals("stream")) continue;
            if (firstAt < 0) firstAt = m.get("t").getAsDouble();
            JsonObject c = m.getAsJsonObject("content");
            for (String line : c.get("text").getAsString().split("\n"))
                if (!line.isEmpty()) streams.add(c.get("name").getAsString() + ":" + line);
        }
        assertEquals(List.of("stdout:one", "stderr:two", "stdout:three", "stdout:four"), streams);
        assertTrue(firstAt >= 0 && firstAt < reply - 1.0,
                "the first line arrives while the cell sleeps: at " + firstAt + " s, reply at " + reply + " s");
    }

    @Test
    @Order(4)
    void compileErrorKeepsTheState() throws Exception {
        JsonObject a = execute("int d = 1;\nkept + notDeclared");
        JsonObject reply = a.getAsJsonObject("reply");
        assertEquals("error", reply.get("status").getAsString());
        assertEquals("CompileError", reply.get("ename").getAsString());
        assertEquals("cannot find symbol", reply.get("evalue").getAsString());
        String tb = traceback(content(a, "error"));
        assertTrue(tb.contains("kept + notDeclared") && tb.contains("^"), "source line and caret:\n" + tb);
        assertEquals("8", result(execute("kept + d")), "kept and the cell's earlier d survive");
    }

    @Test
    @Order(5)
    void exceptionKeepsTheState() throws Exception {
        JsonObject a = execute("attention(zeros(1, 2, 3), zeros(1, 2, 4), zeros(1, 2, 3))");
        JsonObject reply = a.getAsJsonObject("reply");
        assertEquals("error", reply.get("status").getAsString());
        assertEquals("IllegalArgumentException", reply.get("ename").getAsString());
        String tb = traceback(content(a, "error"));
        assertTrue(tb.contains("at attnlab."), "the first attnlab frame, as the REPL shows it:\n" + tb);
        assertEquals("7", result(execute("kept")));
    }

    /** Issue 22 item 8: a traceback names the cell (its execution count) and the line, not JShell's (#6:1). */
    @Test
    @Order(5)
    void tracebacksNameTheCellAndLine() throws Exception {
        JsonObject a = execute("int g(int x) {\n    return 10 / x;\n}\n1 + 1\ng(0)");
        int cell = a.getAsJsonObject("reply").get("execution_count").getAsInt();
        String tb = traceback(content(a, "error"));
        assertTrue(tb.contains("at g (cell " + cell + ", line 2)"), tb);
        JsonObject b = execute("int z = 0;\n\nthrow new IllegalStateException(\"boom\")");
        int cellB = b.getAsJsonObject("reply").get("execution_count").getAsInt();
        String tbB = traceback(content(b, "error"));
        assertTrue(tbB.contains("at cell " + cellB + ", line 3"), tbB);
        JsonObject c = execute("g(0)"); // g is from the earlier cell: its frame still names that cell
        String tbC = traceback(content(c, "error"));
        assertTrue(tbC.contains("at g (cell " + cell + ", line 2)"), tbC);
        assertTrue(!tb.contains("(#") && !tbB.contains("(#"), tb + tbB);
    }

    @Test
    @Order(5)
    void cellsQueuedBehindAFailingOneAreAborted() throws Exception {
        JsonObject a = client.call(120, "run_all", "answer", "not a number", "code", FAILS_ON_ITS_INPUT
                + "\n#cell\nint queuedVar = 1;\n#cell\n1 + 1");
        assertEquals("[\"error\",\"aborted\",\"aborted\"]", a.get("statuses").toString(), a.toString());
        assertEquals("CompileError", execute("queuedVar").getAsJsonObject("reply").get("ename").getAsString(),
                "an aborted cell did not run");
        // Run All cells that reach the kernel only after the failure was answered (a client descheduled between its
        // sends, a busy machine): created before the client could have seen the failure, they are aborted too
        JsonObject late = client.call(120, "run_all", "answer", "not a number", "held", 2, "code",
                FAILS_ON_ITS_INPUT + "\n#cell\nint lateVar = 1;\n#cell\n2 + 2");
        assertEquals("[\"error\",\"aborted\",\"aborted\"]", late.get("statuses").toString(), late.toString());
        assertEquals("CompileError", execute("lateVar").getAsJsonObject("reply").get("ename").getAsString(),
                "a late cell did not run");
        assertEquals("7", result(execute("kept")), "a cell sent after the failure runs");
    }

    @Test
    @Order(5)
    void aCellFailingInTheQueueBehindAFailureStopsTheQueueInTurn() throws Exception {
        // a second client's cells, dated an hour late by its clock: queued behind the first client's failure but
        // served (the kernel cannot tell them from cells sent after it), its failure aborts its own cell behind it
        JsonObject a = client.call(120, "run_all", "answer", "not a number", "code", FAILS_ON_ITS_INPUT,
                "others", "1 + notDeclared\n#cell\nint otherVar = 1;");
        assertEquals("[\"error\",\"error\",\"aborted\"]", a.get("statuses").toString(), a.toString());
        assertEquals("CompileError", execute("otherVar").getAsJsonObject("reply").get("ename").getAsString(),
                "the aborted cell did not run");
    }

    /** Reads a line (the driver answers it once the other cells are sent) and fails on it: the failing cell. */
    private static final String FAILS_ON_ITS_INPUT = "Integer.parseInt(new java.util.Scanner(System.in).nextLine())";

    @Test
    @Order(5)
    void systemExitIsBlockedWithAKernelsAdvice() throws Exception {
        JsonObject a = execute("System.exit(3)");
        JsonObject reply = a.getAsJsonObject("reply");
        assertEquals("error", reply.get("status").getAsString());
        assertEquals("ExitBlocked", reply.get("ename").getAsString(), reply.toString());
        String evalue = reply.get("evalue").getAsString();
        assertTrue(evalue.startsWith("System.exit(3) was blocked") && evalue.contains("Kernel menu")
                && !evalue.contains("/exit"), "no advice that does not apply in a notebook: " + evalue);
        assertTrue(client.call(60, "heartbeat").get("alive").getAsBoolean());
        assertEquals("7", result(execute("kept")));
    }

    @Test
    @Order(6)
    void completeInTheMiddleOfALineCountsCodePoints() throws Exception {
        String code = "String q = \"\uD835\uDC44\uD83D\uDE00\"; var m = causalMa(4); int z = 1;";
        int cursor = code.codePointCount(0, code.indexOf("(4)")); // after "causalMa", two non-BMP chars before
        JsonObject r = client.call(60, "complete", "code", code, "cursor_pos", cursor).getAsJsonObject("reply");
        assertTrue(strings(r.getAsJsonArray("matches")).contains("causalMask("), r.toString());
        assertEquals(cursor, r.get("cursor_end").getAsInt());
        assertEquals(cursor - "causalMa".length(), r.get("cursor_start").getAsInt(), "code points, not UTF-16: " + r);
        String cmd = "/va";
        JsonObject c = client.call(60, "complete", "code", cmd, "cursor_pos", 3).getAsJsonObject("reply");
        assertEquals(List.of("/vars"), strings(c.getAsJsonArray("matches")));
    }

    @Test
    @Order(6)
    void completeTheArgumentOfACommand() throws Exception {
        JsonObject h = client.call(60, "complete", "code", "/help caus", "cursor_pos", 10).getAsJsonObject("reply");
        List<String> names = strings(h.getAsJsonArray("matches"));
        assertTrue(names.contains("causalMask"), h.toString());
        for (String m : names) assertTrue(m.startsWith("caus") && !m.endsWith("("), "help names, not every class: " + h);
        assertEquals(6, h.get("cursor_start").getAsInt());
        JsonObject t = client.call(60, "complete", "code", "/time causalMa", "cursor_pos", 14).getAsJsonObject("reply");
        assertEquals(List.of("causalMask("), strings(t.getAsJsonArray("matches")), "/time takes Java: " + t);
        assertEquals(6, t.get("cursor_start").getAsInt());
        JsonObject o = client.call(60, "complete", "code", "/open ex5_0", "cursor_pos", 11).getAsJsonObject("reply");
        for (String m : strings(o.getAsJsonArray("matches"))) assertTrue(m.startsWith("ex5_0"), o.toString());
    }

    @Test
    @Order(7)
    void inspectInTheMiddleOfALine() throws Exception {
        String code = "String q = \"\uD835\uDC44\"; var m = causalMask(4); int z = 1;";
        int cursor = code.codePointCount(0, code.indexOf("causalMask") + 4); // inside the name
        JsonObject r = client.call(60, "inspect", "code", code, "cursor_pos", cursor).getAsJsonObject("reply");
        assertTrue(r.get("found").getAsBoolean(), r.toString());
        String text = r.getAsJsonObject("data").get("text/plain").getAsString();
        assertTrue(text.startsWith("causalMask(int n)") && text.contains("0 where key j may be seen by query i"),
                "the /help causalMask text:\n" + text);
        execute("String q = \"\uD835\uDC44\";");
        String method = "String q2 = \"\uD835\uDC44\"; q.substring(1)";
        int after = method.codePointCount(0, method.indexOf("(1)") + 1);
        JsonObject s = client.call(60, "inspect", "code", method, "cursor_pos", after).getAsJsonObject("reply");
        assertTrue(s.getAsJsonObject("data").get("text/plain").getAsString().contains("substring(int"), s.toString());
        execute("int f\uD835\uDC44(int x) { return x; }"); // a name with a non-BMP letter: f𝑄
        String own = "int y = 1 + f\uD835\uDC44(3);";
        for (int at : new int[] {own.indexOf('f') + 1, own.codePointCount(0, own.indexOf("(3)") + 1)}) {
            JsonObject o = client.call(60, "inspect", "code", own, "cursor_pos", at).getAsJsonObject("reply");
            assertTrue(o.get("found").getAsBoolean() && o.getAsJsonObject("data").get("text/plain").getAsString()
                    .contains("f\uD835\uDC44(int"), "cursor " + at + ": " + o);
        }
    }

    @Test
    @Order(8)
    void isComplete() throws Exception {
        assertEquals("incomplete", isComplete("int inc(int x) {"));
        assertEquals("incomplete", isComplete("int inc(int x) {\n    return x + 1;"));
        assertEquals("complete", isComplete("int inc(int x) {\n    return x + 1;\n}"));
        assertEquals("complete", isComplete("/vars"));
        assertEquals("complete", isComplete("1 + 1"));
    }

    @Test
    @Order(8)
    void userExpressionsAreEvaluatedAfterTheCell() throws Exception {
        JsonObject a = client.call(120, "execute", "code", "int ue = 20;",
                "user_expressions", "{\"twice\": \"ue * 2\", \"bad\": \"notDeclared\"}");
        JsonObject ue = a.getAsJsonObject("reply").getAsJsonObject("user_expressions");
        JsonObject twice = ue.getAsJsonObject("twice"), bad = ue.getAsJsonObject("bad");
        assertEquals("ok", twice.get("status").getAsString(), ue.toString());
        assertEquals("40", twice.getAsJsonObject("data").get("text/plain").getAsString());
        assertEquals("error", bad.get("status").getAsString(), ue.toString());
        assertEquals("CompileError", bad.get("ename").getAsString());
        assertEquals(List.of("status:busy", "execute_input", "status:idle"), types(a), "no output of their own");
        assertEquals("20", result(execute("ue")));
    }

    @Test
    @Order(9)
    void commandsRunInCells() throws Exception {
        assertTrue(stdout(execute("/vars")).contains("int kept = 7"));
        assertTrue(stdout(execute("/help causalMask")).contains("0 where key j may be seen by query i"));
        assertTrue(stdout(execute("/imports")).contains("import static attnlab.Lab.*"), "startup.jsh ran");
        String help = stdout(execute("/help"));
        assertTrue(help.contains("interrupt button") && help.contains("/vars"), help);
        assertFalse(help.contains("Ctrl-D") || help.contains("$N"), "no terminal advice in a notebook:\n" + help);
        JsonObject exit = execute("/exit");
        assertEquals("ok", status(exit));
        assertTrue(stdout(exit).contains("does not apply in a notebook"), stdout(exit));
        assertTrue(stdout(execute("/record x.jsht")).contains("works in ./attnlab only"));
        assertEquals("7", result(execute("kept")), "the kernel is still there after /exit");
        JsonObject bad = execute("/open no-such-file.jsh");
        assertEquals("error", status(bad));
    }

    @Test
    @Order(9)
    void librariesAtRunTimeInACell() throws Exception {
        Path classes = attnlab.repl.TestLibraries.compile(
                Files.createDirectories(client.prefix().resolve("lib-classes")), "",
                java.util.Map.of("lib.Twice", "package lib; public class Twice { public static int of(int x) {"
                        + " return 2 * x; } }"));
        Path jar = attnlab.repl.TestLibraries.jar(client.prefix().resolve("libs/twice.jar"), classes,
                java.util.Map.of());
        JsonObject a = execute("%jars " + jar + "\nlib.Twice.of(kept)");
        assertEquals("14", result(a), "added without a restart: kept is still 7");
        assertTrue(stdout(a).contains("|  added " + jar), stdout(a));
        JsonObject bad = execute("%maven no-coordinates");
        assertEquals("error", status(bad));
        assertTrue(stdout(bad).contains("/maven: coordinates must be group:artifact:version"), stdout(bad));
    }

    @Test
    @Order(10)
    void richOutput() throws Exception {
        JsonObject t = execute("tensor(\"1 2; 3 4\")");
        JsonObject data = content(t, "execute_result").getAsJsonObject("data");
        assertTrue(data.get("text/plain").getAsString().startsWith("Tensor [2, 2]"), data.toString());
        assertTrue(data.has("text/html"), data.toString());
        JsonObject h = execute("var w = softmax(randn(4, 4));\ndisplay(heatmap(w));\nSystem.out.println(\"after\");\n"
                + "heatmap(w).title(\"value\")");
        assertEquals(List.of("status:busy", "execute_input", "display_data", "stream", "execute_result",
                "status:idle"), types(h));
        JsonObject shown = execute("plot(new double[] {3, 1, 2}, \"loss\").show();\nint afterShow = 1;");
        assertEquals(List.of("status:busy", "execute_input", "display_data", "status:idle"), types(shown),
                ".show() in a cell is inline, no window and no file");
        assertTrue(content(shown, "display_data").getAsJsonObject("data").has("image/png"));
        for (String kind : List.of("display_data", "execute_result")) {
            JsonObject d = content(h, kind).getAsJsonObject("data");
            assertTrue(d.has("text/plain"), d.toString());
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(d.get("image/png").getAsString())));
            assertTrue(img.getWidth() >= 100 && img.getHeight() >= 100, kind + ": " + img.getWidth() + "x"
                    + img.getHeight());
        }
        JsonObject g = execute("gradcheckAttention(randn(1, 3, 4), randn(1, 3, 4), randn(1, 3, 4), null)");
        JsonObject gd = content(g, "execute_result").getAsJsonObject("data");
        assertTrue(gd.get("text/plain").getAsString().startsWith("gradcheck OK") && gd.has("text/html"), gd.toString());
    }

    @Test
    @Order(10)
    void showAsTheCellsValueIsShownOnce() throws Exception {
        JsonObject a = execute("heatmap(softmax(randn(4, 4))).show()");
        assertEquals(List.of("status:busy", "execute_input", "display_data", "status:idle"), types(a),
                "the picture once, not again as the value .show() returns");
        JsonObject b = execute("var shownTwice = heatmap(softmax(randn(4, 4)));\ndisplay(shownTwice);\nshownTwice");
        assertEquals(List.of("status:busy", "execute_input", "display_data", "execute_result", "status:idle"),
                types(b), "asked for twice, shown twice");
    }

    @Test
    @Order(11)
    void progressBarUpdatesInPlace() throws Exception {
        JsonObject a = execute("var task = copyTask(6, 5, 2);\n"
                + "trainer(model(task), task).steps(40).run().steps()");
        assertEquals("ok", status(a), a.toString());
        List<String> ids = new ArrayList<>();
        for (JsonElement e : a.getAsJsonArray("iopub")) {
            JsonObject m = e.getAsJsonObject();
            String type = m.get("msg_type").getAsString();
            if (!type.endsWith("display_data")) continue;
            ids.add(type + ":" + m.getAsJsonObject("content").getAsJsonObject("transient").get("display_id")
                    .getAsString());
        }
        assertTrue(ids.size() >= 2, ids.toString());
        String id = ids.get(0).substring("display_data:".length());
        assertEquals("display_data:" + id, ids.get(0));
        for (String later : ids.subList(1, ids.size())) assertEquals("update_display_data:" + id, later);
        assertFalse(stdout(a).contains("step "), "no progress lines printed: " + stdout(a));
    }

    @Test
    @Order(12)
    void interruptARunawayLoop() throws Exception {
        assertInterruptStopsTheCellOnly("while (true) {}", "interrupt_after", 1.5);
    }

    @Test
    @Order(12)
    void sigintStopsTheCellNotTheKernel() throws Exception {
        assertInterruptStopsTheCellOnly("while (true) {}", "sigint_after", 1.5);
        assertTrue(client.call(60, "heartbeat").get("alive").getAsBoolean());
    }

    @Test
    @Order(13)
    void interruptALongToolkitCall() throws Exception {
        JsonObject a = client.call(120, "execute", "code",
                "var big = copyTask(8, 8, 2);\nvar r = trainer(model(big), big).steps(1_000_000).run();\nr.steps()",
                "interrupt_after", 2.5);
        double stop = a.get("reply_t").getAsDouble() - a.get("interrupted_at").getAsDouble();
        assertTrue(stop < 1.0, "stopped " + stop + " s after the interrupt");
        assertTrue(stdout(a).contains("stopped at step"), stdout(a));
        int steps = Integer.parseInt(result(execute("r.steps()")));
        assertTrue(steps > 0 && steps < 1_000_000, "r keeps the steps trained so far: " + steps);
        assertEquals("7", result(execute("kept")));
    }

    @Test
    @Order(13)
    void anInterruptedCommandIsAnInterrupt() throws Exception {
        execute("var slow = randn(16, 512, 64);");
        // /time runs for about 1.5 s in all, whatever it times: stopped well before its end
        assertInterruptStopsTheCellOnly("/time attention(slow, slow, slow)", "interrupt_after", 0.7);
    }

    @Test
    @Order(14)
    void otherRequests() throws Exception {
        assertEquals("{}", client.call(60, "comm_info").getAsJsonObject("reply").get("comms").toString());
        assertFalse(client.call(60, "history").getAsJsonObject("reply").getAsJsonArray("history").isEmpty(),
                "this session's cells (KernelNotebookUserTest tests the history requests)");
        assertEquals(List.of("status:busy", "status:idle"), types(client.call(60, "unknown")));
        assertTrue(client.call(60, "heartbeat").get("beating").getAsBoolean());
        JsonObject bad = client.call(60, "raw", "msg_type", "inspect_request", "content",
                "{\"code\": \"kept\", \"cursor_pos\": \"two\"}");
        assertEquals("error", status(bad),
                "a request with a field of the wrong type is answered, the client does not wait forever: " + bad);
        assertTrue(bad.getAsJsonObject("reply").get("evalue").getAsString().contains("cursor_pos"), bad.toString());
        assertEquals("7", result(execute("kept")));
    }

    @Test
    @Order(15)
    void aWronglySignedMessageIsDropped() throws Exception {
        JsonObject a = client.call(60, "bad_signature", "code", "int intruder = 1;");
        assertEquals("[]", a.get("seen").toString(), "no reply, no status, nothing run");
        assertTrue(a.get("alive").getAsBoolean() && a.get("beating").getAsBoolean(), a + "\n" + client.log());
        assertTrue(client.log().contains("bad signature"), client.log());
        JsonObject probe = execute("intruder");
        assertEquals("CompileError", probe.getAsJsonObject("reply").get("ename").getAsString(), "never run");
    }

    @Test
    @Order(16)
    void aFailingStudentCheckMakesTheCellAnError() throws Exception {
        JsonObject bad = execute("check55Tensor((q, k, v) -> attention(q, k, v, 1.0))");
        JsonObject reply = bad.getAsJsonObject("reply");
        assertEquals("error", reply.get("status").getAsString(), "nbconvert --execute must fail: " + reply);
        assertEquals("CheckFailed", reply.get("ename").getAsString());
        assertTrue(reply.get("evalue").getAsString().startsWith("check55"), reply.toString());
        assertEquals("ok", execute("check55Tensor((q, k, v) -> attention(q, k, v))").getAsJsonObject("reply")
                .get("status").getAsString(), "a passing check");
        assertEquals("ok", execute("check55Tensor((q, k, v) -> attention(q, k, v, 1.0)).expectFailure()")
                .getAsJsonObject("reply").get("status").getAsString(), "a failure shown on purpose");
    }

    @Test
    @Order(20)
    void restartForgetsAndShutdownEnds() throws Exception {
        JsonObject r = client.call(180, "restart");
        assertTrue(r.get("alive").getAsBoolean());
        assertEquals("CompileError", execute("kept").getAsJsonObject("reply").get("ename").getAsString(),
                "a fresh session");
        assertEquals("2", result(execute("1 + 1")));
        JsonObject s = client.call(120, "shutdown");
        assertFalse(s.get("alive_after").getAsBoolean(), "the kernel ended by itself: " + s);
        assertEquals(0, s.get("exit_code").getAsInt());
        assertFalse(s.getAsJsonObject("reply").get("restart").getAsBoolean());
    }

    // ------------------------------------------------------------------ helpers

    private JsonObject execute(String code) throws IOException, InterruptedException {
        return client.call(120, "execute", "code", code);
    }

    /**
     * Runs {@code code} and stops it {@code after} seconds by {@code how} ({@code interrupt_after}: an
     * interrupt_request; {@code sigint_after}: SIGINT to the kernel's process): the cell ends as Interrupted within a
     * second, and the session's state is kept.
     */
    private void assertInterruptStopsTheCellOnly(String code, String how, double after)
            throws IOException, InterruptedException {
        JsonObject a = client.call(120, "execute", "code", code, how, after);
        JsonObject reply = a.getAsJsonObject("reply");
        assertEquals("error", reply.get("status").getAsString(), reply.toString());
        assertEquals("Interrupted", reply.get("ename").getAsString());
        double stop = a.get("reply_t").getAsDouble() - a.get("interrupted_at").getAsDouble();
        assertTrue(stop < 1.0, "stopped " + stop + " s after the interrupt");
        assertEquals("7", result(execute("kept")));
    }

    private String isComplete(String code) throws IOException, InterruptedException {
        return client.call(60, "is_complete", "code", code).getAsJsonObject("reply").get("status").getAsString();
    }
}
