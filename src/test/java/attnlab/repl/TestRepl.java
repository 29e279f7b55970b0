package attnlab.repl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A REPL on in-memory streams with the project's startup.jsh: {@code run(input)} returns what it printed. */
final class TestRepl implements AutoCloseable {
    static final Path HOME = Path.of(".").toAbsolutePath().normalize();
    final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    final Repl repl;

    TestRepl() {
        this(null);
    }

    TestRepl(Recorder recorder) {
        repl = new Repl(recorder == null ? out : new PrintStream(recorder, true, StandardCharsets.UTF_8),
                startup(), HOME, recorder);
    }

    static String startup() {
        try {
            return Files.readString(HOME.resolve("startup.jsh"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String run(String input) {
        buffer.reset();
        repl.run(input);
        out.flush();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        repl.close();
    }
}
