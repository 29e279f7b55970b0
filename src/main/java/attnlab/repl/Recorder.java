package attnlab.repl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code /record FILE}: a pass-through stream in front of the screen that, while recording, also appends
 * everything to FILE, together with each prompt and its input ({@link #input}). The file is the transcript
 * format of {@link Transcript}: exactly what the screen showed. Written as it goes, so a crash loses nothing.
 */
public final class Recorder extends OutputStream {
    private final OutputStream screen;
    private OutputStream file;
    private Path path;

    public Recorder(OutputStream screen) {
        this.screen = screen;
    }

    void start(Path to) throws IOException {
        stop();
        file = Files.newOutputStream(to, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        path = to;
    }

    /** Stops recording; returns the file that was written, or null. */
    Path stop() throws IOException {
        Path was = path;
        if (file != null) file.close();
        file = null;
        path = null;
        return was;
    }

    boolean recording() {
        return file != null;
    }

    /** Writes the prompts and input lines of one step (the screen already shows them). */
    public synchronized void input(String text) throws IOException {
        if (file == null) return;
        String[] lines = text.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) sb.append(i == 0 ? Repl.PROMPT : Repl.MORE).append(lines[i]).append('\n');
        file.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        file.flush();
    }

    @Override
    public synchronized void write(int b) throws IOException {
        screen.write(b);
        if (file != null) file.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        screen.write(b, off, len);
        if (file != null) file.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
        screen.flush();
        if (file != null) file.flush();
    }
}
