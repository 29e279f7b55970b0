package attnlab.notebook;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shipped notebooks, run by the real client as a course would grade them: {@code jupyter nbconvert --to notebook
 * --execute} (Debian's nbconvert and nbclient, {@code /usr/bin/python3}) with the attnlab kernel installed by
 * {@code --install-kernel --prefix} into a temporary prefix. The runs start together (the first in two halves), so
 * that two cores stay busy:
 * <ol>
 *   <li>every exercise notebook, plus the 5.5 student notebook with a right answer filled in: exit 0, no error
 *       output, and every chart an {@code image/png} that decodes to a picture of sensible size;</li>
 *   <li>the 5.5 student notebook with a planted bug (no 1/sqrt(d_k)): the checker's cell is an error, so
 *       nbconvert exits non-zero at that cell, which is what graders look at;</li>
 *   <li>every untouched student skeleton, with errors allowed: each runs up to its check, which is an error
 *       saying "not implemented yet", and the cell shows the checker's report above the error.</li>
 * </ol>
 */
class NotebooksRunTest {
    /** The 5.5 skeleton's method, answered right and answered with the missing-scale bug. */
    static final String RIGHT = "double[][][] myAttention(double[][][] Q, double[][][] K, double[][][] V) {\n"
            + "    return attention(Tensor.of(Q), Tensor.of(K), Tensor.of(V)).toArray();\n}";
    static final String NO_SCALE = "double[][][] myAttention(double[][][] Q, double[][][] K, double[][][] V) {\n"
            + "    return attention(Tensor.of(Q), Tensor.of(K), Tensor.of(V), 1.0).toArray(); // forgets 1/sqrt(d_k)\n}";

    /**
     * Whether checks can fail a cell: the kernel reads the checker's tally ({@code Checker.failedChecks()}, issue 12
     * item 18), which a build without it lacks; the grading tests then have nothing to test and are skipped.
     */
    static final boolean CHECKER_GRADES = hasTally();

    private static Path tmp;
    private static Run graded, buggy, skeletons;
    /** Every script of scripts/ run in script mode ({@code ./attnlab --no-comments FILE}): script to its output. */
    private static java.util.concurrent.CompletableFuture<Map<Path, String>> scriptRuns;

    record Run(int status, String log, Path outDir) {}

    @BeforeAll
    static void runTheNotebooks() throws Exception {
        tmp = Files.createTempDirectory("attnlab-notebooks-");
        Path prefix = tmp.resolve("prefix");
        install(prefix);

        Path in = Files.createDirectories(tmp.resolve("in"));
        List<Path> exercises = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("notebooks"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".ipynb")).sorted().collect(Collectors.toList()))
                exercises.add(Files.copy(p, in.resolve(p.getFileName())));
        }
        exercises.add(plant(in.resolve("student_ex5_05_right.ipynb"), RIGHT));
        Path bug = plant(Files.createDirectories(tmp.resolve("bug")).resolve("student_ex5_05_no_scale.ipynb"), NO_SCALE);
        Path skel = Files.createDirectories(tmp.resolve("skeletons"));
        List<Path> untouched = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("notebooks/student"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".ipynb")).sorted().collect(Collectors.toList()))
                untouched.add(Files.copy(p, skel.resolve(p.getFileName())));
        }

        // the scripts in script mode, one after the other beside the notebook runs (compared in everyValue...)
        scriptRuns = java.util.concurrent.CompletableFuture.supplyAsync(NotebooksRunTest::runScripts);
        // the graded notebooks in two halves, so that both cores work once the short runs are done
        int half = exercises.size() / 2;
        Process a1 = nbconvert(prefix, "graded", "graded-1", exercises.subList(0, half), false);
        Process a2 = nbconvert(prefix, "graded", "graded-2", exercises.subList(half, exercises.size()), false);
        Process b = CHECKER_GRADES ? nbconvert(prefix, "buggy", "buggy", List.of(bug), false) : null;
        Process c = CHECKER_GRADES ? nbconvert(prefix, "skeletons", "skeletons", untouched, true) : null;
        Run g1 = finish(a1, "graded", "graded-1"), g2 = finish(a2, "graded", "graded-2");
        graded = new Run(Math.max(g1.status(), g2.status()), g1.log() + g2.log(), g1.outDir());
        if (b != null) buggy = finish(b, "buggy", "buggy");
        if (c != null) skeletons = finish(c, "skeletons", "skeletons");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (tmp == null) return;
        try (Stream<Path> s = Files.walk(tmp)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    private static boolean hasTally() {
        try {
            Class.forName("attnlab.exercises.Checker").getMethod("failedChecks");
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** {@code ./attnlab --install-kernel --prefix PREFIX}, on this JVM and the test classpath. */
    static void install(Path prefix) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dattnlab.home=" + home(), "-cp", classpath(), "attnlab.Main", "--install-kernel",
                "--prefix", prefix.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "--install-kernel failed:\n" + out);
        assertTrue(Files.isRegularFile(prefix.resolve("share/jupyter/kernels/attnlab/kernel.json")), out);
    }

    /** Starts nbconvert on {@code notebooks}, writing into {@code out-OUT}; {@code name} names its log and dirs. */
    private static Process nbconvert(Path prefix, String out, String name, List<Path> notebooks, boolean allowErrors)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-m", "nbconvert", "--to", "notebook",
                "--execute", "--ExecutePreprocessor.timeout=600", "--output-dir", tmp.resolve("out-" + out).toString()));
        if (allowErrors) cmd.add("--allow-errors");
        notebooks.forEach(n -> cmd.add(n.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        env.put("JUPYTER_DATA_DIR", tmp.resolve("data-" + name).toString());   // no user kernels or settings
        env.put("JUPYTER_CONFIG_DIR", tmp.resolve("config-" + name).toString());
        env.put("JUPYTER_RUNTIME_DIR", tmp.resolve("runtime-" + name).toString());
        env.put("ATTNLAB_CLASSPATH", classpath());                               // the kernel runs this build
        env.put("ATTNLAB_MODEL_DIR", attnlab.model.ReferenceModels.tiny().toString()); // look-inside-gpt2's model
        env.remove("DISPLAY");                                                  // charts render off screen
        return pb.start();
    }

    private static Run finish(Process p, String out, String name) throws Exception {
        boolean done = p.waitFor(20, TimeUnit.MINUTES);
        if (!done) p.destroyForcibly().waitFor();
        String log = Files.readString(tmp.resolve(name + ".log"), StandardCharsets.UTF_8);
        if (!done) fail("nbconvert (" + name + ") did not finish within 20 minutes:\n" + log);
        return new Run(p.exitValue(), log, tmp.resolve("out-" + out));
    }

    /** The 5.5 student notebook with its method cell replaced by {@code method}, written to {@code to}. */
    private static Path plant(Path to, String method) throws IOException {
        JsonObject nb = JsonParser.parseString(Files.readString(Path.of("notebooks/student/ex5_05.ipynb"),
                StandardCharsets.UTF_8)).getAsJsonObject();
        boolean planted = false;
        for (JsonElement e : nb.getAsJsonArray("cells")) {
            JsonObject cell = e.getAsJsonObject();
            if (source(cell).contains("UnsupportedOperationException(\"TODO\")")) {
                JsonArray src = new JsonArray();
                src.add(method);
                cell.add("source", src);
                planted = true;
            }
        }
        assertTrue(planted, "the 5.5 student notebook has no TODO cell");
        Files.writeString(to, nb.toString(), StandardCharsets.UTF_8);
        return to;
    }

    // ------------------------------------------------------------------ the runs

    @Test
    void everyExerciseNotebookAndARightAnswerRunWithoutErrors() throws IOException {
        assertEquals(0, graded.status(), () -> "nbconvert failed:\n" + graded.log());
        List<Path> out = list(graded.outDir());
        assertEquals(14, out.size(), () -> "11 exercises, look-inside-gpt2, induction heads and the answered 5.5 student"
                + " notebook: " + out);
        for (Path nb : out) {
            for (JsonObject cell : codeCells(nb)) {
                assertFalse(cell.get("execution_count").isJsonNull(), () -> nb + ": a cell did not run: " + cell);
                for (JsonObject o : outputs(cell)) {
                    assertNotEquals("error", type(o), () -> nb + ": " + o);
                    if (type(o).equals("stream"))
                        assertFalse(text(o.get("text")).contains("(chart written to"),
                                () -> nb + ": a chart was saved to a file instead of shown inline: " + o);
                }
            }
        }
        String answered = text(outputsOf(graded.outDir().resolve("student_ex5_05_right.ipynb")));
        assertTrue(answered.matches("(?s).*5\\.5 dot-product attention: all \\d+ cases pass.*"), answered);
    }

    @Test
    void theLookInsideNotebookRunsOnTheTinyModelWithItsPicturesAndTheInteractiveView() throws IOException {
        Path nb = graded.outDir().resolve("look-inside-gpt2.ipynb");
        int pngs = 0, html = 0;
        for (JsonObject cell : codeCells(nb))
            for (JsonObject o : outputs(cell)) {
                JsonObject data = o.getAsJsonObject("data");
                if (data != null && data.has("image/png")) pngs++;
                if (data != null && data.has("text/html") && text(data.get("text/html")).contains("<script")) html++;
            }
        assertEquals(2, pngs, nb + ": the heads grid and the induction heatmap");
        assertEquals(1, html, nb + ": the attention view");
    }

    @Test
    void everyChartIsAnInlinePngOfSensibleSize() throws IOException {
        Pattern call = Pattern.compile("(?<!void )\\bchart\\(");
        int total = 0;
        for (Path script : scripts()) {
            Path nb = graded.outDir().resolve(script.getFileName().toString().replace(".jsh", ".ipynb"));
            String source = Files.readString(script, StandardCharsets.UTF_8);
            int calls = count(call.matcher(source));
            List<String> pngs = new ArrayList<>();
            for (JsonObject cell : codeCells(nb)) {
                List<String> here = new ArrayList<>();
                for (JsonObject o : outputs(cell)) {
                    JsonObject data = o.getAsJsonObject("data");
                    if (data != null && data.has("image/png")) {
                        here.add(text(data.get("image/png")));
                        assertTrue(data.has("text/plain"), () -> nb + ": an image without a text/plain fallback");
                    }
                }
                String src = source(cell);
                if (src.matches("(?s).*\\bchart\\((heatmap|headsGrid|peHeatmap)\\(.*"))
                    assertFalse(here.isEmpty(), () -> nb + ": a heatmap cell has no image/png output:\n" + src);
                pngs.addAll(here);
            }
            assertEquals(calls, pngs.size(), () -> nb + ": one inline image per chart(...) call");
            for (String png : pngs) {
                byte[] bytes = Base64.getMimeDecoder().decode(png);
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
                assertTrue(img != null, () -> nb + ": an image/png output is not a PNG");
                assertTrue(img.getWidth() >= 200 && img.getWidth() <= 4000 && img.getHeight() >= 150
                        && img.getHeight() <= 4000, () -> nb + ": image of " + img.getWidth() + "x" + img.getHeight());
            }
            total += calls;
        }
        assertTrue(total >= 15, "the exercises draw at least 15 charts, found " + total);
    }

    @Test
    void aPlantedBugFailsTheRunAtTheCheckCell() {
        Assumptions.assumeTrue(CHECKER_GRADES, "this build's checker keeps no tally of failed checks");
        assertNotEquals(0, buggy.status(), () -> "a failing check must fail nbconvert:\n" + buggy.log());
        // nbclient's CellExecutionError quotes the failing cell: the check, not the (compiling) method cell
        assertTrue(buggy.log().contains("CellExecutionError"), buggy.log());
        assertTrue(buggy.log().contains("check55((q, k, v) -> myAttention(q, k, v))"), buggy.log());
        assertFalse(buggy.log().contains("forgets 1/sqrt(d_k)"), () -> "the method cell failed:\n" + buggy.log());
    }

    @Test
    void untouchedSkeletonsRunUpToTheirCheckWhichFails() throws IOException {
        Assumptions.assumeTrue(CHECKER_GRADES, "this build's checker keeps no tally of failed checks");
        assertEquals(0, skeletons.status(), () -> "with --allow-errors nbconvert finishes:\n" + skeletons.log());
        List<Path> out = list(skeletons.outDir());
        assertEquals(6, out.size(), out::toString);
        for (Path nb : out) {
            List<JsonObject> cells = codeCells(nb);
            List<JsonObject> errors = new ArrayList<>();
            for (JsonObject cell : cells)
                for (JsonObject o : outputs(cell)) if (type(o).equals("error")) errors.add(o);
            assertEquals(1, errors.size(), () -> nb + ": exactly the check fails: " + errors);
            assertTrue(outputs(cells.get(cells.size() - 1)).contains(errors.get(0)), () -> nb + ": the last cell fails");
            assertTrue(errors.get(0).get("evalue").getAsString().contains("not implemented yet"), errors.get(0)::toString);
        }
    }

    @Test
    void aFailingCheckCellShowsTheCheckersReportAboveItsError() throws IOException {
        Assumptions.assumeTrue(CHECKER_GRADES, "this build's checker keeps no tally of failed checks");
        for (Path nb : list(skeletons.outDir())) {
            List<JsonObject> cells = codeCells(nb);
            List<JsonObject> check = outputs(cells.get(cells.size() - 1));
            // the student sees the report itself (which cases, the hint, how to go on), not only a one-line summary
            String shown = check.stream().filter(o -> !type(o).equals("error")).map(o -> o.has("data")
                    ? String.valueOf(o.getAsJsonObject("data").get("text/plain")) : text(o.get("text")))
                    .collect(Collectors.joining("\n"));
            assertTrue(shown.contains("not implemented yet") && shown.contains("Fill in its body"),
                    () -> nb + ": the check cell shows no report before its error: " + check);
        }
    }

    /**
     * Issue 22 item 1: a notebook made from a script shows every value the script shows, in order. For every script
     * in {@code scripts/} (found generically: its notebook is the one in {@code notebooks/} that equals the script
     * converted now), the values that script mode prints ({@code $1 ==> ..}, or {@code x ==> ..} for a bare
     * variable) must equal the executed notebook's {@code execute_result} texts, one for one, in order. A
     * declaration's {@code x ==> ..} is no value of a cell and may go unmatched; a {@code $N} may not.
     */
    @Test
    void everyValueTheScriptShowsIsInItsExecutedNotebook() throws Exception {
        Map<Path, String> outputs = scriptRuns.get(30, TimeUnit.MINUTES);
        List<String> problems = new ArrayList<>();
        int compared = 0;
        for (Path script : allScripts()) {
            String converted = ScriptNotebook.convert(Files.readString(script, StandardCharsets.UTF_8));
            Path shipped = null;
            for (Path nb : list(Path.of("notebooks")))
                if (Files.readString(nb, StandardCharsets.UTF_8).equals(converted)) shipped = nb;
            if (shipped == null) {
                problems.add(script + ": no notebook in notebooks/ is this script converted now");
                continue;
            }
            List<String> shown = new ArrayList<>();
            for (JsonObject cell : codeCells(graded.outDir().resolve(shipped.getFileName())))
                for (JsonObject o : outputs(cell))
                    if (type(o).equals("execute_result")) shown.add(text(o.getAsJsonObject("data").get("text/plain")));
            String problem = compare(outputs.get(script), shown);
            if (problem != null) problems.add(script + " vs " + shipped + ": " + problem);
            compared += shown.size();
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n\n", problems));
        assertTrue(compared >= 39, "the exercise scripts show at least 39 values, compared " + compared);
    }

    /** A value in script output: {@code LABEL ==> } at the start of a line. */
    private static final Pattern VALUE = Pattern.compile("(?m)^(\\$\\d+|[A-Za-z_][\\w]*) ==> ");

    /** Null when {@code shown} are the values of {@code scriptOutput} in order; else what differs. */
    static String compare(String scriptOutput, List<String> shown) {
        List<Matcher> values = new ArrayList<>();
        Matcher m = VALUE.matcher(scriptOutput);
        while (m.find()) values.add(VALUE.matcher(scriptOutput).region(m.start(), scriptOutput.length()));
        int next = 0;
        for (String v : shown) {
            int found = -1;
            for (int i = next; i < values.size() && found < 0; i++) {
                Matcher at = values.get(i);
                if (!at.lookingAt()) continue;
                String label = at.group(1);
                int from = at.end();
                boolean equal = scriptOutput.startsWith(v, from) && (from + v.length() == scriptOutput.length()
                        || scriptOutput.charAt(from + v.length()) == '\n');
                if (equal) found = i;
                else if (label.startsWith("$"))
                    return "the script shows " + label + " ==> " + firstLine(scriptOutput.substring(from))
                            + " where the notebook shows " + firstLine(v);
            }
            if (found < 0) return "the notebook shows " + firstLine(v) + ", which the script does not show there";
            next = found + 1;
        }
        for (int i = next; i < values.size(); i++) {
            Matcher at = values.get(i);
            if (at.lookingAt() && at.group(1).startsWith("$"))
                return "the notebook does not show " + at.group(1) + " ==> "
                        + firstLine(scriptOutput.substring(at.end()));
        }
        return null;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }

    /** Every script of {@code scripts/} (not the student skeletons), sorted. */
    private static List<Path> allScripts() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("scripts"))) {
            return s.filter(p -> p.toString().endsWith(".jsh") && Files.isRegularFile(p)).sorted()
                    .collect(Collectors.toList());
        }
    }

    /** Runs every script in script mode through the launcher (the kernel's JVM flags), in a scratch directory. */
    private static Map<Path, String> runScripts() {
        Map<Path, String> out = new java.util.LinkedHashMap<>();
        try {
            Path work = Files.createDirectories(tmp.resolve("script-mode"));
            for (Path script : allScripts()) {
                ProcessBuilder pb = new ProcessBuilder(Path.of(home(), "attnlab").toString(), "--no-comments",
                        script.toAbsolutePath().toString()).directory(work.toFile())
                        .redirectOutput(work.resolve("out.txt").toFile()).redirectError(work.resolve("err.txt").toFile());
                pb.environment().put("ATTNLAB_CLASSPATH", classpath());
                pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
                pb.environment().remove("DISPLAY");
                Process p = pb.start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) p.destroyForcibly().waitFor();
                out.put(script, Files.readString(work.resolve("out.txt"), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    // ------------------------------------------------------------------ reading notebooks

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("scripts"))) {
            return s.filter(p -> p.getFileName().toString().matches("ex5_\\d\\d_.*\\.jsh")).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().collect(Collectors.toList());
        }
    }

    private static List<JsonObject> codeCells(Path nb) throws IOException {
        JsonObject root = JsonParser.parseString(Files.readString(nb, StandardCharsets.UTF_8)).getAsJsonObject();
        List<JsonObject> cells = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("cells"))
            if (e.getAsJsonObject().get("cell_type").getAsString().equals("code")) cells.add(e.getAsJsonObject());
        return cells;
    }

    private static List<JsonObject> outputs(JsonObject cell) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : cell.getAsJsonArray("outputs")) out.add(e.getAsJsonObject());
        return out;
    }

    /** Every output of every code cell, as one JSON array (for searching text). */
    private static JsonArray outputsOf(Path nb) throws IOException {
        JsonArray all = new JsonArray();
        for (JsonObject cell : codeCells(nb)) all.addAll(cell.getAsJsonArray("outputs"));
        return all;
    }

    private static String type(JsonObject output) {
        return output.get("output_type").getAsString();
    }

    private static String source(JsonObject cell) {
        return text(cell.get("source"));
    }

    /** nbformat's multiline strings: a string or a list of strings. */
    private static String text(JsonElement e) {
        if (e.isJsonPrimitive()) return e.getAsString();
        if (e.isJsonArray() && e.getAsJsonArray().size() > 0 && e.getAsJsonArray().get(0).isJsonPrimitive()) {
            StringBuilder sb = new StringBuilder();
            for (JsonElement x : e.getAsJsonArray()) sb.append(x.getAsString());
            return sb.toString();
        }
        return e.toString();
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    private static String home() {
        return Path.of(".").toAbsolutePath().normalize().toString();
    }

    /** The test classpath as plain entries (surefire's manifest-only jar would hide them). */
    static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
