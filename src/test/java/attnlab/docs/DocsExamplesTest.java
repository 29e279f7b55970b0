package attnlab.docs;

import attnlab.repl.Transcript;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every {@code attn>} example in README.md and docs/*.md is a copy of a replayed transcript: its steps appear, in
 * order, in one file under scripts/sessions/, which TranscriptReplayTest replays. So a doc example cannot drift from
 * what the REPL prints without a test failing. (The transcript may hold more steps, e.g. setup, than the doc shows.)
 */
class DocsExamplesTest {
    static final Path HOME = Path.of(".").toAbsolutePath().normalize();

    @TestFactory
    Stream<DynamicTest> everyDocExampleIsAReplayedTranscript() throws IOException {
        Map<String, List<Transcript.Step>> sessions = new TreeMap<>();
        try (Stream<Path> s = Files.list(HOME.resolve("scripts/sessions"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".jsht")).collect(Collectors.toList()))
                sessions.put(p.getFileName().toString(), Transcript.parse(read(p)));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : DocFiles.all()) {
            for (Block b : blocks(read(doc))) {
                List<Transcript.Step> steps = Transcript.parse(b.text);
                if (steps.isEmpty()) continue;
                String name = HOME.relativize(doc) + ":" + b.line;
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    for (var e : sessions.entrySet()) if (inOrder(steps, e.getValue())) return;
                    fail(name + ": this attn> example is not a copy of any transcript under scripts/sessions/"
                            + " (first step: " + steps.get(0).input().split("\n")[0] + ")");
                }));
            }
        }
        assertFalse(tests.isEmpty(), "no attn> examples found in README.md and docs/");
        return tests.stream();
    }

    /**
     * A source line number in a doc example ({@code Attention.java:119}) drifts as soon as the code above it moves,
     * and a transcript that elides it ({@code Attention.java:...}, with {@code +ELLIPSIS}) accepts any number, so the
     * copy check above cannot see the drift. So doc examples show no line numbers: {@code Attention.java:...}.
     */
    @TestFactory
    Stream<DynamicTest> docExamplesShowNoSourceLineNumbers() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : DocFiles.all()) {
            for (Block b : blocks(read(doc))) {
                if (Transcript.parse(b.text).isEmpty()) continue;
                String name = HOME.relativize(doc) + ":" + b.line;
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    java.util.regex.Matcher m = LINE_NUMBER.matcher(b.text);
                    if (m.find()) fail(name + ": this attn> example shows the source line number '" + m.group()
                            + "', which drifts when the code moves; write '" + m.group().replaceAll("\\d+$", "...")
                            + "' as the transcript does");
                }));
            }
        }
        return tests.stream();
    }

    private static final java.util.regex.Pattern LINE_NUMBER = java.util.regex.Pattern.compile("\\w+\\.java:\\d+");

    /** True when every doc step matches a step of the transcript, in the same order. */
    static boolean inOrder(List<Transcript.Step> doc, List<Transcript.Step> session) {
        int j = 0;
        for (Transcript.Step d : doc) {
            while (j < session.size() && !same(d, session.get(j))) j++;
            if (j == session.size()) return false;
            j++;
        }
        return true;
    }

    /** Same input; the doc shows the transcript's expected text, or text the transcript's directives accept. */
    static boolean same(Transcript.Step doc, Transcript.Step session) {
        if (!doc.input().strip().equals(session.input().strip())) return false;
        return doc.expected().equals(session.expected()) || (!session.skip() && Transcript.matches(session, doc.expected()));
    }

    record Block(int line, String text) {}

    /** The fenced code blocks of a Markdown text, with the line of their opening fence. */
    static List<Block> blocks(String md) {
        List<Block> out = new ArrayList<>();
        String[] lines = md.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("```")) continue;
            int start = i + 1;
            StringBuilder sb = new StringBuilder();
            for (i = start; i < lines.length && !lines[i].startsWith("```"); i++) sb.append(lines[i]).append('\n');
            out.add(new Block(start, sb.toString()));
        }
        return out;
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
