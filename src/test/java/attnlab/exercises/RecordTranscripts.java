package attnlab.exercises;

import attnlab.repl.Repl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-records transcripts: keeps each file's header and its prompt lines (with their {@code // replay:} directives),
 * runs the inputs in a fresh REPL, and writes what the REPL printed as the expected output. Write the inputs of a new
 * transcript as {@code attn> } lines, then run (after {@code mvn test-compile}):
 * <pre>
 *   mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
 *   java -Djava.awt.headless=true -cp "target/classes:target/test-classes:$(cat target/classpath.txt)" \
 *       attnlab.exercises.RecordTranscripts scripts/sessions/ex5_*.jsht
 * </pre>
 * Review the diff before committing: the replay test then holds the REPL to exactly this output.
 */
public final class RecordTranscripts {
    private RecordTranscripts() {}

    public static void main(String[] args) throws IOException {
        String startup = Files.readString(Path.of("startup.jsh"), StandardCharsets.UTF_8);
        for (String f : args) {
            Path file = Path.of(f);
            Files.writeString(file, record(Files.readString(file, StandardCharsets.UTF_8), startup), StandardCharsets.UTF_8);
            System.out.println("recorded " + file);
        }
        System.exit(0); // chart windows or AWT threads must not keep the JVM alive
    }

    /** The transcript {@code text} with every step's output replaced by what the REPL prints now. */
    static String record(String text, String startup) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < lines.length && !lines[i].startsWith(Repl.PROMPT.strip())) sb.append(lines[i++]).append('\n');
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        try (Repl repl = new Repl(out, startup, Path.of(".").toAbsolutePath().normalize(), null)) {
            while (i < lines.length) {
                List<String> prompt = new ArrayList<>();
                prompt.add(lines[i++]);
                while (i < lines.length && lines[i].startsWith(Repl.MORE.stripTrailing())) prompt.add(lines[i++]);
                while (i < lines.length && !lines[i].startsWith(Repl.PROMPT.strip())) i++; // the old output
                StringBuilder input = new StringBuilder();
                for (int k = 0; k < prompt.size(); k++) {
                    String l = prompt.get(k);
                    String body = k == 0 ? l.substring(Math.min(l.length(), Repl.PROMPT.length()))
                            : l.substring(Math.min(l.length(), Repl.MORE.length()));
                    if (k == 0) body = body.replaceAll("\\s*//\\s*replay:.*$", "");
                    input.append(k == 0 ? "" : "\n").append(body);
                }
                buf.reset();
                repl.run(input.toString());
                out.flush();
                for (String l : prompt) sb.append(l).append('\n');
                String printed = buf.toString(StandardCharsets.UTF_8);
                sb.append(printed);
                if (!printed.isEmpty() && !printed.endsWith("\n")) sb.append('\n');
            }
        }
        String result = sb.toString();
        while (result.endsWith("\n\n")) result = result.substring(0, result.length() - 1);
        return result;
    }
}
