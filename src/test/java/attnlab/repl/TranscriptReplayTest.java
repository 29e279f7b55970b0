package attnlab.repl;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays every transcript under scripts/sessions/: one container per file (one fresh REPL), one test per prompt,
 * each with its file and line as the test source, so an IDE jumps to the step that differs.
 */
class TranscriptReplayTest {
    static final Path SESSIONS = TestRepl.HOME.resolve("scripts/sessions");

    @TestFactory
    Stream<DynamicNode> transcripts() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SESSIONS)) {
            files = s.filter(p -> p.toString().endsWith(".jsht")).sorted().collect(Collectors.toList());
        }
        assertTrue(files.size() >= 5, "expected at least five transcripts in " + SESSIONS + ", found " + files);
        return files.stream().map(TranscriptReplayTest::container);
    }

    private static DynamicContainer container(Path file) {
        List<Transcript.Step> steps;
        try {
            steps = Transcript.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertFalse(steps.isEmpty(), file + " has no prompt");
        Transcript.Replayer[] replayer = new Transcript.Replayer[1]; // created by the first step, closed with the stream
        Stream<DynamicNode> tests = steps.stream().map(step -> DynamicTest.dynamicTest(
                "line " + step.line() + ": " + step.input().split("\n")[0],
                URI.create(file.toUri() + "?line=" + step.line()),
                () -> {
                    org.junit.jupiter.api.Assumptions.assumeFalse(step.stopped(),
                            "stopped with Ctrl-C when it was recorded (+STOPPED): not run");
                    if (replayer[0] == null) replayer[0] = new Transcript.Replayer(TestRepl.startup(), TestRepl.HOME);
                    String actual;
                    try {
                        actual = replayer[0].run(step, Transcript.STEP_LIMIT);
                    } catch (Transcript.TimedOut t) {
                        throw new AssertionError(file.getFileName() + ":" + t.getMessage().replaceFirst("^line ", ""));
                    }
                    if (!Transcript.matches(step, actual))
                        fail("\n" + Diff.unified(file.getFileName() + ":" + step.line(), step.expected(),
                                Transcript.normalize(actual)));
                }));
        return DynamicContainer.dynamicContainer(file.getFileName().toString(), file.toUri(),
                tests.onClose(() -> {
                    if (replayer[0] != null) replayer[0].close();
                }));
    }
}
