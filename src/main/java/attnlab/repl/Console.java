package attnlab.repl;

import jdk.jshell.SourceCodeAnalysis;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The interactive front: JLine line editing, history (written after every line), Tab completion from JShell's
 * own analysis, Shift-Tab help, {@code ...>} continuation while a snippet is incomplete, and Ctrl-C: at the
 * prompt it clears the line, during an evaluation it stops it ({@link Session#stop()}).
 */
final class Console {
    private final Terminal terminal;
    private final CompletableFuture<Repl> ready;
    private final Recorder recorder;
    private volatile boolean evaluating;

    /** @param ready completes once the session is built, its start-up run and warmed up (in the background) */
    Console(Terminal terminal, CompletableFuture<Repl> ready, Recorder recorder) {
        this.terminal = terminal;
        this.ready = ready;
        this.recorder = recorder;
    }

    private Repl repl() {
        return ready.join();
    }

    /** Reads and runs lines until Ctrl-D or /exit. */
    void loop(Path historyFile) throws IOException {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("attnlab")
                .parser(new SnippetParser())
                .completer(new SnippetCompleter())
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.HISTORY_SIZE, 2000)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, Repl.MORE)
                .option(LineReader.Option.HISTORY_INCREMENTAL, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.INSERT_TAB, false)
                .build();
        reader.getWidgets().put("attnlab-help", () -> {
            showHelp(reader);
            return true;
        });
        reader.getKeyMaps().get(LineReader.MAIN).bind(new Reference("attnlab-help"), "\033[Z"); // Shift-Tab
        repl().width(terminal::getWidth); // /help and /exercises wrap to the window, as it is now
        terminal.handle(Terminal.Signal.INT, s -> {
            if (evaluating) repl().session.stop();
        });
        while (true) {
            String input;
            try {
                input = reader.readLine(Repl.PROMPT);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt: the line is dropped
            } catch (EndOfFileException e) {
                break;
            }
            if (!input.strip().startsWith("/record")) recorder.input(input);
            int stopsBefore = repl().session.stops();
            evaluating = true;
            try {
                repl().run(input);
            } finally {
                evaluating = false;
                repl().out.flush();
                boolean stopped = repl().session.stops() != stopsBefore; // marked +STOPPED: replay skips it
                recorder.end(stopped, stopped ? Recorder.numbering(repl().session) : "");
            }
            if (repl().exitRequested()) break;
        }
        recorder.stop();
    }

    /** Shift-Tab: help for the toolkit function before the cursor (also just after its "("). */
    private void showHelp(LineReader reader) {
        String buf = reader.getBuffer().toString();
        int end = reader.getBuffer().cursor();
        while (end > 0 && (buf.charAt(end - 1) == '(' || buf.charAt(end - 1) == ' ')) end--;
        int start = end;
        while (start > 0 && Character.isJavaIdentifierPart(buf.charAt(start - 1))) start--;
        reader.printAbove(Help.lookup(buf.substring(start, end),
                () -> repl().session.documentation(buf, reader.getBuffer().cursor())));
    }

    /** Asks for more lines ({@code ...>}) while the Java typed so far is incomplete. */
    private final class SnippetParser implements Parser {
        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context) {
            if (context == ParseContext.ACCEPT_LINE && repl().interpreter.needsMore(line))
                throw new EOFError(-1, cursor, "incomplete snippet");
            return new Line(line, cursor);
        }
    }

    /** The word being completed: the Java identifier (or command name) just before the cursor. */
    private static final class Line implements CompletingParsedLine {
        final String line;
        final int cursor, start;

        Line(String line, int cursor) {
            this.line = line;
            this.cursor = cursor;
            int s = cursor;
            while (s > 0 && (Character.isJavaIdentifierPart(line.charAt(s - 1)) || line.charAt(s - 1) == '/')) s--;
            this.start = s;
        }

        @Override public String word() { return line.substring(start, cursor); }
        @Override public int wordCursor() { return cursor - start; }
        @Override public int wordIndex() { return 0; }
        @Override public List<String> words() { return List.of(word()); }
        @Override public String line() { return line; }
        @Override public int cursor() { return cursor; }
        @Override public CharSequence escape(CharSequence candidate, boolean complete) { return candidate; }
        @Override public int rawWordCursor() { return wordCursor(); }
        @Override public int rawWordLength() { return cursor - start; }
    }

    /**
     * Command names after a leading {@code /}; right after {@code (} or {@code ,} of a call, its signatures with
     * parameter names first, as jshell does (a second Tab there lists the completions); otherwise JShell's
     * completion suggestions.
     */
    private final class SnippetCompleter implements Completer {
        private String signaturesShownFor; // the line up to the cursor where the last Tab showed signatures

        @Override
        public void complete(LineReader reader, ParsedLine parsed, List<Candidate> candidates) {
            Line l = new Line(parsed.line(), parsed.cursor());
            String upto = l.line.substring(0, l.cursor);
            if (upto.stripLeading().startsWith("/") && !upto.contains(" ")) {
                for (String c : repl().commands.names())
                    candidates.add(new Candidate(c, c, null, Help.summary(c), null, null, true));
                return;
            }
            String before = upto.stripTrailing();
            if (l.start == l.cursor && (before.endsWith("(") || before.endsWith(",")) && !upto.equals(signaturesShownFor)) {
                List<String> signatures = Signatures.of(repl().session, upto);
                if (!signatures.isEmpty()) {
                    signaturesShownFor = upto;
                    reader.printAbove(Signatures.text(signatures));
                    return;
                }
            }
            signaturesShownFor = null;
            int[] anchor = {l.cursor};
            Set<String> seen = new HashSet<>();
            List<SourceCodeAnalysis.Suggestion> suggestions = repl().session.complete(upto, l.cursor, anchor);
            for (SourceCodeAnalysis.Suggestion s : suggestions) {
                String text = s.continuation();
                String typed = upto.substring(Math.min(anchor[0], l.start), l.start);
                if (anchor[0] < l.start) {
                    if (!text.startsWith(typed)) continue;
                    text = text.substring(typed.length());
                } else if (anchor[0] > l.start) {
                    text = upto.substring(l.start, anchor[0]) + text;
                }
                if (seen.add(text)) candidates.add(new Candidate(text, text, null, null, null, null,
                        !text.endsWith("(")));
            }
        }
    }
}
