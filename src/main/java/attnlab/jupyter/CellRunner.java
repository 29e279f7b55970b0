package attnlab.jupyter;

import attnlab.exercises.Checker;
import attnlab.repl.Repl;
import attnlab.repl.Session;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one {@code execute_request} in the shared REPL session and publishes what happens, in the protocol's order:
 * {@code execute_input}, then {@code stream}, {@code display_data} and one {@code execute_result} per snippet with a
 * value while the cell runs, then {@code error} if a part failed; returns the {@code execute_reply} content.
 *
 * <p>The cell's parts run one after the other ({@link Cell}); the first error ends the cell and every variable stays
 * as it was. Commands are the REPL's ({@code /vars}, {@code /help NAME}, {@code /open FILE} ...), except the two that
 * only make sense in a terminal ({@code /exit}, {@code /record}), which answer with what to do instead.
 *
 * <p>A student check ({@code check55(..)} ...) that fails in the cell makes the cell an error ({@code CheckFailed},
 * from {@link Checker#failuresSince}), so {@code jupyter nbconvert --execute} fails and a course can grade
 * notebooks; checks that fail on purpose ({@code .expectFailure()}) do not count.
 */
final class CellRunner {
    /** {@code "IllegalArgumentException: Q must be ..."}: the first line of the REPL's exception feedback. */
    private static final Pattern EXCEPTION = Pattern.compile("([A-Za-z_$][\\w$.]*): (.*)");
    /** The {@code evalue} of an interrupted cell, as the REPL words a stop. */
    private static final String STOPPED = "Stopped (Ctrl-C); every variable is intact.";

    private final Iopub iopub;
    private final StreamOutput streams;
    private final ReplOutput replOutput;
    private final NotebookDisplay display;
    private int executionCount;
    private volatile boolean interrupted; // since the cell started: a command that then fails was stopped
    private String lastResult; // the text/plain of the cell's last value, for the history's output

    CellRunner(Iopub iopub, StreamOutput streams, ReplOutput replOutput, NotebookDisplay display) {
        this.iopub = iopub;
        this.streams = streams;
        this.replOutput = replOutput;
        this.display = display;
    }

    /** The text/plain of the last value the last cell showed, or null (the history's output). */
    String lastResult() {
        return lastResult;
    }

    /** Called from the control thread on {@code interrupt_request} or SIGINT, as the session is stopped. */
    void interrupted() {
        interrupted = true;
    }

    /** What a failed part reports: {@code ename}, {@code evalue} and the REPL's compact traceback lines. */
    record Failure(String ename, String evalue, List<String> traceback) {}

    JsonObject execute(Message request, Repl repl) {
        String code = request.text("code", "");
        boolean silent = request.flag("silent", false);
        if (!silent && request.flag("store_history", true)) executionCount++;
        if (!silent) {
            JsonObject input = new JsonObject();
            input.addProperty("code", code);
            input.addProperty("execution_count", executionCount);
            iopub.publish("execute_input", input);
        }
        interrupted = false;
        lastResult = null;
        long checkMark = Checker.failedChecks();
        Failure failure = null;
        Session session = repl.session();
        try {
            String timed = attnlab.repl.Magics.cellCommand(code); // %%time: the whole cell is one /time
            List<Cell.Part> parts = timed != null ? List.of(new Cell.Part(Cell.Kind.COMMAND, timed, 0, code.length()))
                    : Cell.split(code, session);
            for (Cell.Part part : parts) {
                if (part.kind() == Cell.Kind.COMMAND) failure = command(part.text(), repl);
                else {
                    replOutput.capture();
                    display.mark();
                    Session.Outcome o = session.eval(part.text(), origin(code, part, executionCount));
                    replOutput.toStdout();
                    if (!o.ok()) failure = failure(replOutput.captured());
                    else if (session.hasLastValue()) {
                        Object value = session.lastValue();
                        session.forgetLastValue(); // no Out[n] as $N: each live snippet slows every later cell
                        // chart.show() returns the chart it just showed: once in the notebook is enough
                        if (!silent && !display.shownSince(value)) failure = result(value);
                    }
                }
                if (failure != null) break;
            }
        } catch (RuntimeException | Error e) { // a bug of ours or of jdk.jshell: the kernel answers anyway
            replOutput.toStdout();
            failure = new Failure(e.getClass().getSimpleName(), String.valueOf(e.getMessage()),
                    List.of("|  the kernel failed while running the cell: " + e));
        }
        List<String> failedChecks = Checker.failuresSince(checkMark); // a student check that failed: an error
        if (failure == null && !failedChecks.isEmpty())
            failure = new Failure("CheckFailed", String.join("; ", failedChecks),
                    List.of("|  CheckFailed: " + String.join("; ", failedChecks) + " (the report is above)"));
        streams.flush();
        JsonObject reply = new JsonObject();
        if (failure != null) {
            JsonObject error = error(failure);
            if (!silent) iopub.publish("error", error);
            reply.addProperty("status", "error");
            error.entrySet().forEach(e -> reply.add(e.getKey(), e.getValue()));
        } else {
            reply.addProperty("status", "ok");
            reply.add("payload", new JsonArray());
            reply.add("user_expressions", userExpressions(request, session));
        }
        reply.addProperty("execution_count", executionCount);
        return reply;
    }

    /**
     * Publishes one value of the cell as {@code execute_result} ({@code Out[n]}), after the output printed before
     * it. Every snippet with a value shows it, in order, as a script shows {@code $1 ==> ..}, {@code $2 ==> ..}
     * (ipykernel's {@code ast_node_interactivity = "all"}), so a notebook made from a script shows what the script
     * shows. Returns the failure when the value cannot be shown.
     */
    private Failure result(Object value) {
        JsonObject data;
        try {
            data = MimeBundle.of(value);
        } catch (RuntimeException | Error e) {
            return new Failure(e.getClass().getSimpleName(), String.valueOf(e.getMessage()),
                    List.of("|  the value could not be shown: " + e));
        }
        streams.flush();
        lastResult = data.has("text/plain") ? data.get("text/plain").getAsString() : null;
        JsonObject r = new JsonObject();
        r.addProperty("execution_count", executionCount);
        r.add("data", data);
        r.add("metadata", new JsonObject());
        iopub.publish("execute_result", r);
        return null;
    }

    /**
     * The request's {@code user_expressions} (name to Java expression), evaluated after the cell succeeded, as the
     * protocol asks: each name gets {@code status ok} with the value's MIME bundle, or {@code status error} with
     * {@code ename}, {@code evalue} and {@code traceback}. They show nothing in the notebook.
     */
    private JsonObject userExpressions(Message request, Session session) {
        JsonObject results = new JsonObject();
        com.google.gson.JsonElement asked = request.content().get("user_expressions");
        if (asked == null || !asked.isJsonObject()) return results;
        for (var e : asked.getAsJsonObject().entrySet()) {
            JsonObject r;
            try {
                replOutput.capture();
                Session.Outcome o = session.eval(e.getValue().getAsString());
                replOutput.toStdout();
                if (o.ok() && session.hasLastValue()) {
                    r = new JsonObject();
                    r.addProperty("status", "ok");
                    r.add("data", MimeBundle.of(session.lastValue()));
                    r.add("metadata", new JsonObject());
                    session.forgetLastValue();
                } else {
                    r = error(o.ok() ? new Failure("NotAnExpression", e.getValue().getAsString(), List.of())
                            : failure(replOutput.captured()));
                    r.addProperty("status", "error");
                }
            } catch (RuntimeException | Error x) { // a value that cannot be shown, an expression that is not text
                replOutput.toStdout();
                r = error(new Failure(x.getClass().getSimpleName(), String.valueOf(x.getMessage()), List.of()));
                r.addProperty("status", "error");
            }
            results.add(e.getKey(), r);
        }
        return results;
    }

    /** Runs one command line; null when it succeeded. */
    private Failure command(String line, Repl repl) {
        String name = line.split("\\s+", 2)[0];
        if (name.length() >= 4 && "/exit".startsWith(name)) {
            println("|  /exit does not apply in a notebook: use the Kernel menu (Shut Down or Restart) instead.");
            return null;
        }
        if (name.length() >= 4 && "/record".startsWith(name)) {
            println("|  /record writes terminal transcripts and works in ./attnlab only; a notebook is its own"
                    + " record (File > Save).");
            return null;
        }
        replOutput.toStdout();
        if (line.contains("\n") ? repl.runCommand(line) : repl.run(line)) return null;
        if (interrupted) // the REPL printed its "Stopped (Ctrl-C)" line; the cell ends as a stopped snippet does
            return new Failure("Interrupted", STOPPED, List.of("|  " + STOPPED));
        return new Failure("CommandFailed", line, List.of("|  " + line + " failed (see the message above)"));
    }

    private void println(String text) {
        byte[] b = (text + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        replOutput.toStdout();
        replOutput.write(b, 0, b.length);
    }

    /**
     * Where a part's lines stand in the notebook: a traceback frame names {@code cell 3, line 2} (the cell's
     * execution count, the line within the cell), not JShell's snippet id.
     */
    static java.util.function.IntFunction<String> origin(String code, Cell.Part part, int cell) {
        int before = (int) code.substring(0, part.start()).chars().filter(c -> c == '\n').count();
        String text = part.text();
        int blank = (int) text.substring(0, text.length() - text.stripLeading().length()).chars()
                .filter(c -> c == '\n').count(); // JShell numbers the snippet from its first non-blank line
        return line -> "cell " + cell + ", line " + (before + blank + line);
    }

    /** Reads the REPL's feedback of a failed snippet: compile error, exception, stop, or anything else. */
    static Failure failure(String feedback) {
        List<String> lines = new ArrayList<>(List.of(feedback.stripTrailing().split("\n")));
        lines.removeIf(String::isBlank);
        if (lines.isEmpty()) return new Failure("Error", "the snippet failed", List.of());
        String first = lines.get(0).replaceFirst("^\\|\\s*", "");
        if (first.startsWith("Error: "))
            return new Failure("CompileError", first.substring("Error: ".length()), lines);
        if (first.startsWith("Stopped"))
            return new Failure("Interrupted", first, lines);
        if (first.matches("\\S+\\(-?\\d+\\) was blocked: .*")) // ExitGuard: System.exit(3) in a cell
            return new Failure("ExitBlocked", first, lines);
        if (first.contains("cannot be used until"))
            return new Failure("UnresolvedReference", first, lines);
        Matcher m = EXCEPTION.matcher(first);
        if (m.matches()) return new Failure(m.group(1), m.group(2), lines);
        if (first.matches("[A-Za-z_$][\\w$.]*(Exception|Error)")) return new Failure(first, "", lines);
        return new Failure("Error", first, lines);
    }

    private static JsonObject error(Failure f) {
        JsonObject e = new JsonObject();
        e.addProperty("ename", f.ename());
        e.addProperty("evalue", f.evalue());
        JsonArray tb = new JsonArray();
        f.traceback().forEach(tb::add);
        e.add("traceback", tb);
        return e;
    }
}
