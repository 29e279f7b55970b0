package attnlab.exercises;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs every exercise script ({@code scripts/ex5_*.jsh}) and every student skeleton ({@code scripts/student/*.jsh})
 * headless, in a fresh in-process JShell with {@code startup.jsh} loaded first, as {@code ./attnlab FILE} does. A
 * snippet that does not compile or that throws fails the test, naming the file, the line and the snippet. A skeleton
 * must report "not implemented yet" rather than crash.
 */
class ScriptsTest {
    private static final Path SCRIPTS = Path.of("scripts");

    @TestFactory
    Stream<DynamicTest> everyScriptRunsHeadless() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(SCRIPTS)) {
            s.filter(p -> p.getFileName().toString().matches("ex5_\\d\\d_.*\\.jsh")).sorted().forEach(files::add);
        }
        try (Stream<Path> s = Files.list(SCRIPTS.resolve("student"))) {
            s.filter(p -> p.toString().endsWith(".jsh")).sorted().forEach(files::add);
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), f.toUri(), () -> {
            String out = run(f);
            if (f.getParent().endsWith("student"))
                assertTrue(out.contains("not implemented yet"), () -> f + " should report \"not implemented yet\":\n" + out);
        }));
    }

    @Test
    void thereIsOneScriptPerExerciseAndOneSkeletonPerImplementationExercise() {
        for (Exercises.Exercise e : Exercises.ALL) {
            assertTrue(Files.isRegularFile(Path.of(e.script())), e.script());
            if (e.skeleton() != null) assertTrue(Files.isRegularFile(Path.of(e.skeleton())), e.skeleton());
        }
        assertEquals(11, Exercises.ALL.size());
    }

    /** Runs startup.jsh then {@code file}; returns what the snippets printed; fails at the first bad snippet. */
    static String run(Path file) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream previous = System.out, capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture); // the local engine prints to the process's System.out
        try (JShell js = JShell.builder().executionEngine("local").out(capture).err(capture).build()) {
            for (String entry : classPath()) js.addToClasspath(entry);
            evalAll(js, Path.of("startup.jsh"), capture);
            evalAll(js, file, capture);
        } finally {
            System.setOut(previous);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static List<String> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Stream.of(cp.split(File.pathSeparator)).filter(s -> !s.isBlank()).collect(Collectors.toList());
    }

    private static void evalAll(JShell js, Path file, PrintStream out) throws IOException {
        String remaining = Files.readString(file);
        int line = 1;
        SourceCodeAnalysis sca = js.sourceCodeAnalysis();
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(remaining);
            String source = info.source();
            if (!info.completeness().isComplete() || source == null)
                fail(file + ":" + line + ": incomplete snippet at the end of the file:\n" + remaining);
            int at = line + leadingLines(remaining);
            for (SnippetEvent e : js.eval(source)) {
                if (e.status() == Snippet.Status.REJECTED) {
                    String diags = js.diagnostics(e.snippet()).map(d -> d.getMessage(null)).collect(Collectors.joining("; "));
                    fail(file + ":" + at + ": does not compile: " + diags + "\n" + source);
                }
                if (e.exception() != null)
                    fail(file + ":" + at + ": threw " + e.exception() + "\n" + source, e.exception());
                if (e.value() != null && e.snippet().kind() == Snippet.Kind.VAR) out.println(e.value()); // as the REPL echoes
            }
            int consumed = remaining.length() - info.remaining().length();
            line += (int) remaining.substring(0, consumed).chars().filter(c -> c == '\n').count();
            remaining = info.remaining();
        }
    }

    private static int leadingLines(String s) {
        int n = 0;
        for (int i = 0; i < s.length() && Character.isWhitespace(s.charAt(i)); i++) if (s.charAt(i) == '\n') n++;
        return n;
    }
}
