package attnlab.exercises;

import attnlab.repl.Repl;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs every exercise script ({@code scripts/ex5_*.jsh}) and every student skeleton ({@code scripts/student/*.jsh})
 * headless through the REPL's script runner, exactly as {@code ./attnlab FILE} does (a fresh session, startup.jsh
 * first, stop at the first error with FILE:LINE). Any error fails the test with the whole output. A skeleton must
 * report "not implemented yet" rather than crash.
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
            long mark = Checker.failedChecks();
            String out = run(f);
            List<String> failed = Checker.failuresSince(mark);
            if (f.getParent().endsWith("student")) {
                assertTrue(out.contains("not implemented yet"), () -> f + " should report \"not implemented yet\":\n" + out);
                assertTrue(failed.stream().anyMatch(s -> s.contains("not implemented yet")), failed::toString);
            } else { // a failure the script shows on purpose is marked .expectFailure(): ./attnlab FILE exits 0
                assertEquals(List.of(), failed, () -> f + " fails a check that is not marked .expectFailure():\n" + out);
            }
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

    /** Runs {@code file} as {@code ./attnlab FILE} does (startup.jsh first); returns the output; fails on any error. */
    static String run(Path file) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        String startup = Files.readString(Path.of("startup.jsh"), StandardCharsets.UTF_8);
        int status;
        try (Repl repl = new Repl(out, startup, Path.of(".").toAbsolutePath().normalize(), null)) {
            status = repl.runScript(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, () -> file + " stopped with an error:\n" + text);
        return text;
    }
}
