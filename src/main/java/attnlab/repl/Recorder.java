package attnlab.repl;

import jdk.jshell.Snippet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code /record FILE}: a pass-through stream in front of the screen that, while recording, also appends
 * everything to FILE, together with each prompt and its input ({@link #input}). The file is the transcript
 * format of {@link Transcript}: what the screen showed, plus what it takes to replay green on the same build:
 * <ul>
 *   <li>started mid-session, it first writes the snippets the session ran so far ({@link Session#history()}) as
 *       steps marked {@code +SKIP +ID=n} ({@code +TEMP=m} for a {@code $m}): replay runs them, with their original
 *       ids and names, and compares nothing; the first recorded step gets {@code +ID} and {@code +TEMP} too, so
 *       {@code $5} is {@code $5} again;</li>
 *   <li>a {@code /time} step gets {@code +ELLIPSIS} and its figures written as {@code ...};</li>
 *   <li>a step stopped with Ctrl-C ({@link #end(boolean, String)}) gets {@code +STOPPED}: replay does not run it (run again it
 *       might never end, or end differently) and says so.</li>
 * </ul>
 * Each step is written when it ends (the next {@link #input}, {@link #end()} or {@link #stop}), so a crash loses at
 * most the step that was running.
 */
public final class Recorder extends OutputStream {
    private final OutputStream screen;
    private OutputStream file;
    private Path path;
    private String pending = "";        // the +ID and +TEMP of the first recorded step, or ""
    private String stepInput;           // the running step's input, written with its output when it ends; or null
    private String stepDirectives = "";
    private boolean stepTime;           // a /time step: its figures are masked when it ends
    private ByteArrayOutputStream held; // the running step's output

    public Recorder(OutputStream screen) {
        this.screen = screen;
    }

    void start(Path to) throws IOException {
        start(to, "", "", "");
    }

    /**
     * @param setup      transcript text written first (see {@link #setup}); may be empty
     * @param numbering  directives for the first step, e.g. {@code +ID=8 +TEMP=3} (see {@link #numbering}); or ""
     * @param notice     printed on the screen only, once the file is open
     */
    synchronized void start(Path to, String setup, String numbering, String notice) throws IOException {
        stop();
        OutputStream f = Files.newOutputStream(to, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        screen.write(notice.getBytes(StandardCharsets.UTF_8));
        screen.flush();
        f.write(setup.getBytes(StandardCharsets.UTF_8));
        f.flush();
        file = f;
        path = to;
        pending = numbering;
    }

    /** The directives that number what comes next as {@code session} would. */
    static String numbering(Session session) {
        return "+ID=" + session.nextUserId() + " +TEMP=" + session.nextTempNumber();
    }

    /** Steps that re-create a session from its {@link Session#history()}, each run but not compared on replay. */
    static String setup(List<Snippet> history) {
        if (history.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("Recorded with /record in the middle of a session. The steps marked"
                + " +SKIP re-create what the session\nheld by then: replay runs them, with their ids, and compares"
                + " nothing.\n");
        for (Snippet s : history) {
            boolean temp = s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
            String name = temp ? ((jdk.jshell.VarSnippet) s).name() : "";
            sb.append(prompted(s.source().strip(), "+SKIP +ID=" + s.id() + (temp ? " +TEMP=" + name.substring(1) : "")));
        }
        return sb.toString();
    }

    /** Stops recording; returns the file that was written, or null. */
    synchronized Path stop() throws IOException {
        Path was = path;
        if (file != null) {
            end();
            file.close();
        }
        file = null;
        path = null;
        pending = "";
        return was;
    }

    boolean recording() {
        return file != null;
    }

    /** Starts a step: its prompts and input lines (the screen already shows them); ends the step before, if any. */
    public synchronized void input(String text) throws IOException {
        if (file == null) return;
        end();
        stepTime = text.strip().startsWith("/ti"); // /time and its unique prefixes
        stepDirectives = ((stepTime ? "+ELLIPSIS " : "") + pending).strip();
        pending = "";
        stepInput = text;
        held = new ByteArrayOutputStream();
    }

    /** Ends the running step and writes it (not stopped). */
    public synchronized void end() throws IOException {
        end(false, "");
    }

    /**
     * Ends the running step and writes it; {@code stopped}: it was stopped with Ctrl-C, so it is marked
     * {@code +STOPPED} and replay will not run it. Since replay then does not consume the ids and the {@code $N} it
     * took, the next step gets {@code numberingAfter} ({@link #numbering}: {@code +ID=n +TEMP=m}).
     */
    public synchronized void end(boolean stopped, String numberingAfter) throws IOException {
        if (file == null || stepInput == null) return;
        String directives = (stepDirectives + (stopped ? " +STOPPED" : "")).strip();
        String output = held.toString(StandardCharsets.UTF_8);
        file.write(prompted(stepInput, directives).getBytes(StandardCharsets.UTF_8));
        file.write((stepTime ? Timing.masked(output) : output).getBytes(StandardCharsets.UTF_8));
        file.flush();
        stepInput = null;
        held = null;
        if (stopped) pending = numberingAfter;
    }

    /** {@code text} behind prompts, with {@code // replay: directives} on its first line unless empty. */
    private static String prompted(String text, String directives) {
        String[] lines = text.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            sb.append(i == 0 ? Repl.PROMPT : Repl.MORE).append(lines[i]);
            if (i == 0 && !directives.isEmpty()) sb.append("  // replay: ").append(directives);
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public synchronized void write(int b) throws IOException {
        screen.write(b);
        if (held != null) held.write(b);
        else if (file != null) file.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        screen.write(b, off, len);
        if (held != null) held.write(b, off, len);
        else if (file != null) file.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
        screen.flush();
        if (file != null) file.flush();
    }
}
