package attnlab.repl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transcript is what the screen showed: {@code attn> } lines with their input ({@code  ...> } for continuation
 * lines), each followed by its output up to the next prompt. Lines before the first prompt are a free comment.
 * {@code /record FILE} writes this format and a pasted real session replays.
 *
 * <p>Directives, in a {@code // replay: ...} comment at the end of a prompt line, for output that legitimately
 * varies: {@code +ELLIPSIS} ({@code ...} in the expected text matches anything, across lines), {@code +TOL=1e-9}
 * (numbers may differ by that much, relative to max(1, |expected|); the text around them must match),
 * {@code +SKIP} (run the step, do not compare), {@code +ID=n} and {@code +TEMP=m} (number this step's snippets
 * from n on and name its first bare expression {@code $m}, as the recorded session did: {@code /record} writes them
 * when it starts mid-session), {@code +STOPPED} (the step was stopped with Ctrl-C when it was recorded: replay does
 * not run it, and reports it as not run). Trailing spaces and trailing blank
 * lines never count. A transcript with no prompt, or a directive that is not one of these, is {@link Malformed}.
 */
public final class Transcript {
    private static final Pattern DIRECTIVE = Pattern.compile("\\s*//\\s*replay:(.*)$");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d*)?([eE][+-]?\\d+)?");

    /**
     * One prompt: its input, where it is, what it expects, how to compare; {@code id} > 0 and {@code temp} > 0 set
     * the numbering of its snippets and of its {@code $N} (0: go on from the step before); {@code stopped}: it was
     * stopped with Ctrl-C when recorded, so replay does not run it.
     */
    public record Step(int line, String input, String expected, boolean ellipsis, double tol, boolean skip, int id,
                       int temp, boolean stopped) {
        public Step(int line, String input, String expected, boolean ellipsis, double tol, boolean skip) {
            this(line, input, expected, ellipsis, tol, skip, 0, 0, false);
        }
    }

    /** The time one step may take in a replay before it is stopped and reported (a runaway loop, say). */
    public static final java.time.Duration STEP_LIMIT = java.time.Duration.ofSeconds(120);

    /** A replay step that ran past its time limit: it was stopped, and the rest of its file was not run. */
    public static final class TimedOut extends RuntimeException {
        private final int line;

        public TimedOut(int line, java.time.Duration limit) {
            super("line " + line + ": the step ran longer than " + limit.toSeconds() + " s and was stopped;"
                    + " the later steps of this file were not run");
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /**
     * What a replay found: the unified diffs of the steps that differ, the lines of the steps not run because they
     * were stopped when recorded ({@code +STOPPED}), and the step that ran past the time limit (or null).
     */
    public record Result(List<String> diffs, List<Integer> notRun, TimedOut timedOut) {
        public boolean ok() {
            return diffs.isEmpty() && timedOut == null;
        }
    }

    /** A transcript that cannot be replayed: the 1-based line and the reason. */
    public static final class Malformed extends IllegalArgumentException {
        private final int line;
        private final String reason;

        public Malformed(int line, String reason) {
            super("line " + line + ": " + reason);
            this.line = line;
            this.reason = reason;
        }

        public int line() {
            return line;
        }

        public String reason() {
            return reason;
        }
    }

    private Transcript() {}

    /** The steps of transcript {@code file}; {@link Malformed} when it has none or a bad directive. */
    public static List<Step> load(Path file) throws IOException {
        List<Step> steps = parse(Files.readString(file, StandardCharsets.UTF_8));
        if (steps.isEmpty())
            throw new Malformed(1, "no prompt (a line starting with '" + Repl.PROMPT + "'): nothing to replay");
        return steps;
    }

    public static List<Step> parse(String text) {
        List<Step> steps = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        String prompt = Repl.PROMPT.strip();
        int i = 0;
        while (i < lines.length && !isPrompt(lines[i], prompt)) i++;
        while (i < lines.length) {
            int at = i + 1;
            StringBuilder input = new StringBuilder(afterPrompt(lines[i++], prompt));
            while (i < lines.length && lines[i].startsWith(Repl.MORE.stripTrailing()))
                input.append('\n').append(afterPrompt(lines[i++], Repl.MORE.strip()));
            StringBuilder out = new StringBuilder();
            while (i < lines.length && !isPrompt(lines[i], prompt)) out.append(lines[i++]).append('\n');
            String in = input.toString();
            boolean ellipsis = false, skip = false, stopped = false;
            double tol = 0;
            int id = 0, temp = 0;
            Matcher d = DIRECTIVE.matcher(in.split("\n", 2)[0]);
            if (d.find()) {
                for (String flag : d.group(1).trim().split("\\s+")) {
                    if (flag.equals("+ELLIPSIS")) ellipsis = true;
                    else if (flag.equals("+SKIP")) skip = true;
                    else if (flag.equals("+STOPPED")) stopped = true;
                    else if (flag.startsWith("+TOL=")) tol = number(flag, at);
                    else if (flag.startsWith("+ID=")) id = (int) number(flag, at);
                    else if (flag.startsWith("+TEMP=")) temp = (int) number(flag, at);
                    else if (!flag.isEmpty()) throw new Malformed(at, "unknown replay directive " + flag
                            + " (known: +ELLIPSIS +TOL=x +SKIP +ID=n +TEMP=n +STOPPED)");
                }
                int nl = in.indexOf('\n');
                String first = nl < 0 ? in : in.substring(0, nl);
                in = first.substring(0, d.start()) + (nl < 0 ? "" : in.substring(nl));
            }
            steps.add(new Step(at, in, normalize(out.toString()), ellipsis, tol, skip, id, temp, stopped));
        }
        return steps;
    }

    /** The value of {@code +TOL=x} (x >= 0), {@code +ID=n} or {@code +TEMP=n} (a whole number >= 1). */
    private static double number(String flag, int line) {
        String name = flag.substring(0, flag.indexOf('=')), value = flag.substring(flag.indexOf('=') + 1);
        boolean id = !name.equals("+TOL");
        try {
            double v = id ? Integer.parseInt(value) : Double.parseDouble(value);
            if (v < (id ? 1 : 0) || Double.isNaN(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new Malformed(line, name + " needs " + (id ? "a whole number >= 1, e.g. " + name + "=3" : "a number >= 0, e.g."
                    + " +TOL=1e-9") + ", not '" + value + "'");
        }
    }

    private static boolean isPrompt(String line, String prompt) {
        return line.startsWith(Repl.PROMPT) || line.equals(prompt);
    }

    private static String afterPrompt(String line, String prompt) {
        String rest = line.substring(Math.min(line.length(), line.indexOf(prompt) + prompt.length()));
        return rest.startsWith(" ") ? rest.substring(1) : rest;
    }

    /** Line endings, trailing spaces and trailing blank lines removed. */
    static String normalize(String s) {
        StringBuilder sb = new StringBuilder();
        for (String l : s.replace("\r\n", "\n").split("\n", -1)) sb.append(l.stripTrailing()).append('\n');
        return sb.toString().replaceAll("\\n+$", "");
    }

    /** True when {@code actual} is what {@code step} expects. */
    public static boolean matches(Step step, String actual) {
        String a = normalize(actual), e = step.expected();
        if (step.skip() || step.stopped() || a.equals(e)) return true;
        if (step.ellipsis()) {
            StringBuilder re = new StringBuilder();
            String[] parts = e.split("\\.\\.\\.", -1);
            for (int i = 0; i < parts.length; i++) re.append(i > 0 ? "(?s).*?" : "").append(Pattern.quote(parts[i]));
            return Pattern.compile(re.toString()).matcher(a).matches();
        }
        if (step.tol() > 0) {
            Matcher ma = NUMBER.matcher(a), me = NUMBER.matcher(e);
            if (!ma.replaceAll("#").equals(me.replaceAll("#"))) return false;
            ma.reset();
            me.reset();
            while (ma.find() && me.find()) {
                double x = Double.parseDouble(ma.group()), y = Double.parseDouble(me.group());
                if (Math.abs(x - y) > step.tol() * Math.max(1, Math.abs(y))) return false;
            }
            return true;
        }
        return false;
    }

    /** Runs every step of {@code file} in a fresh REPL; returns the unified diffs of the steps that differ. */
    public static List<String> replay(Path file, String startup, Path home) throws IOException {
        return replay(file, load(file), startup, home, STEP_LIMIT).diffs();
    }

    /**
     * Runs {@code steps} (read from {@code file}) in a fresh REPL, each within {@code stepLimit} (zero: no limit); a
     * step marked {@code +STOPPED} is not run. Stops at a step that runs past the limit.
     */
    public static Result replay(Path file, List<Step> steps, String startup, Path home, java.time.Duration stepLimit) {
        List<String> diffs = new ArrayList<>();
        List<Integer> notRun = new ArrayList<>();
        try (Replayer r = new Replayer(startup, home)) {
            for (Step s : steps) {
                if (s.stopped()) {
                    notRun.add(s.line());
                    continue;
                }
                String actual;
                try {
                    actual = r.run(s, stepLimit);
                } catch (TimedOut t) {
                    return new Result(diffs, notRun, t);
                }
                if (!matches(s, actual)) diffs.add(Diff.unified(file + ":" + s.line(), s.expected(), normalize(actual)));
            }
        }
        return new Result(diffs, notRun, null);
    }

    /** A REPL whose output is captured step by step. */
    public static final class Replayer implements AutoCloseable {
        private static final java.util.concurrent.ScheduledExecutorService ALARM =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "attnlab-replay-step-limit");
                    t.setDaemon(true);
                    return t;
                });

        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        private final Repl repl;

        public Replayer(String startup, Path home) {
            repl = new Repl(out, startup, home, null);
        }

        /**
         * Runs one step within {@code limit} (zero: none); returns what it printed. A step still running at the limit
         * is stopped, as Ctrl-C would (it then ends at once, or, for a loop inside JDK code on JDK 21+, when that loop
         * returns), and {@link TimedOut} is thrown.
         */
        public String run(Step step, java.time.Duration limit) {
            if (limit.isZero()) return run(step);
            java.util.concurrent.atomic.AtomicBoolean late = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.ScheduledFuture<?> alarm = ALARM.schedule(() -> {
                late.set(true);
                repl.session.stop();
            }, limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            try {
                String printed = run(step);
                if (late.get()) throw new TimedOut(step.line(), limit);
                return printed;
            } finally {
                alarm.cancel(false);
            }
        }

        /** Runs one step; returns what it printed. */
        public String run(Step step) {
            buffer.reset();
            if (step.id() > 0) repl.session.continueIdsAt(step.id());
            if (step.temp() > 0) repl.session.continueTempsAt(step.temp());
            repl.run(step.input());
            out.flush();
            return buffer.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            repl.close();
        }
    }
}
