package attnlab.repl;

import attnlab.display.ValueFormat;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One REPL session around {@link JShell} with the in-process {@link Engine}: evaluates one snippet at a time and
 * prints jshell-style feedback ({@code name ==> value}, {@code |  created method f(int)}, {@code |  Error: ...}).
 *
 * <p>Snippet ids: user snippets are numbered 1, 2, ...; start-up snippets are {@code s1, s2, ...} and the REPL's own
 * helper snippets {@code h1, ...}, as the jshell tool does. Bare expressions are named {@code $1, $2, ...} by a
 * counter of their own (the first one is {@code $1} whatever came before). A replayed transcript may set both
 * counters ({@link #continueIdsAt}, {@link #continueTempsAt}).
 * JShell is not thread-safe: call everything but {@link #stop()} from one thread at a time.
 */
public final class Session implements AutoCloseable {
    /** Where a snippet id comes from. */
    enum Space { USER, STARTUP, HELPER }

    private final PrintStream out;
    private final String startup;
    private final Engine.Provider provider = new Engine.Provider();
    private final Set<Snippet> startupSnippets = new HashSet<>();
    private final List<Snippet> ran = new ArrayList<>(); // user snippets in the order they ran: see history()
    private final List<String> classpath = new ArrayList<>(); // added with /classpath or /maven: kept over /reset
    private JShell shell;
    private Space space = Space.USER;
    private int userIds, startupIds, helperIds;
    private int userTemps, otherTemps; // the N of the $N that bare expressions get (user ones are $1, $2, ...)
    private volatile boolean stopRequested;
    private int stops; // evaluations stopped (Ctrl-C) so far: /record marks a step that stopped one
    // Where each snippet came from, for tracebacks: snippet id -> (line in the snippet -> "cell 3, line 2", "a.jsh:7")
    private final java.util.Map<String, java.util.function.IntFunction<String>> origins = new java.util.HashMap<>();
    private java.util.function.IntFunction<String> origin; // of the evaluation running now, or null
    private String lastValueName; // the Jupyter kernel's hook: the $N or variable the last expression left

    /**
     * @param out     where feedback and snippet output go
     * @param startup start-up source (imports and so on), evaluated silently; may be empty
     */
    public Session(PrintStream out, String startup) {
        this.out = out;
        this.startup = startup;
        open();
    }

    private void open() {
        attnlab.tensor.SharedRandom.seed(0); // every session starts from the same random stream (the facade's randn)
        attnlab.plot.Headless.enforce(); // before any snippet touches AWT: this JVM never connects to X (docs/charts.md)
        SnippetOutput.install();
        userIds = startupIds = helperIds = userTemps = otherTemps = 0;
        startupSnippets.clear();
        ran.clear();
        origins.clear();
        shell = JShell.builder()
                .executionEngine(provider, java.util.Map.of())
                .idGenerator((sn, i) -> nextId())
                .tempVariableNameGenerator(() -> space == Space.USER ? "$" + ++userTemps : "$x" + ++otherTemps)
                .out(out).err(out)
                .build();
        classpath.forEach(shell::addToClasspath);
        if (!startup.isBlank()) runStartup();
    }

    private String nextId() {
        switch (space) {
            case STARTUP: return "s" + ++startupIds;
            case HELPER: return "h" + ++helperIds;
            default: return Integer.toString(++userIds);
        }
    }

    private void runStartup() {
        Space before = space;
        space = Space.STARTUP;
        try {
            String rest = startup;
            while (!rest.isBlank()) {
                SourceCodeAnalysis.CompletionInfo ci = shell.sourceCodeAnalysis().analyzeCompletion(rest);
                String source = ci.completeness().isComplete() ? ci.source() : rest;
                rest = ci.completeness().isComplete() ? ci.remaining() : "";
                List<SnippetEvent> events = safeEval(source);
                for (SnippetEvent e : events == null ? List.<SnippetEvent>of() : events) {
                    if (e.causeSnippet() == null) startupSnippets.add(e.snippet());
                    if (e.status() == Snippet.Status.REJECTED) {
                        out.println("|  start-up snippet failed: " + source.strip());
                        printDiagnostics(e.snippet());
                    }
                }
            }
        } finally {
            space = before;
        }
    }

    // ------------------------------------------------------------------ evaluation

    /** What {@link #eval} found: success, or the line (0-based, within the source) of the first error. */
    public record Outcome(boolean ok, int errorLine) {
        static final Outcome OK = new Outcome(true, -1);
    }

    /** Evaluates one complete snippet, printing its output and feedback. */
    public Outcome eval(String source) {
        return eval(source, Space.USER, true);
    }

    /**
     * As {@link #eval(String)}; {@code origin} says where the source stands for the user, so a traceback names that
     * place instead of JShell's snippet id: it maps a 1-based line of {@code source} to e.g. {@code "cell 3, line 2"}
     * or {@code "a.jsh:7"}. Remembered for the snippets this source declares (a method called later still names it).
     */
    public Outcome eval(String source, java.util.function.IntFunction<String> origin) {
        this.origin = origin;
        try {
            return eval(source, Space.USER, true);
        } finally {
            this.origin = null;
        }
    }

    /**
     * The place a snippet frame stands for: {@code "cell 3, line 2"} or {@code "a.jsh:7"} when its source came with an
     * origin, else {@code "snippet 6, line 1"} ({@code /list} shows snippet 6).
     */
    String place(String snippetId, int line) {
        java.util.function.IntFunction<String> o = origins.get(snippetId);
        return o != null ? o.apply(line) : "snippet " + snippetId + ", line " + line;
    }

    /** Evaluates a helper snippet (id {@code hN}); {@code echo} false prints errors only. */
    Outcome evalHelper(String source, boolean echo) {
        return eval(source, Space.HELPER, echo);
    }

    private Outcome eval(String source, Space in, boolean echo) {
        Space before = space;
        space = in;
        PrintStream previous = SnippetOutput.redirect(out);
        try {
            Outcome result = Outcome.OK;
            stopRequested = false;
            lastValueName = null;
            StringLimit.TooLong tooLong = StringLimit.firstTooLong(source);
            if (tooLong != null) { // never compile it: javac would stay broken for every later snippet
                Feedback.stringTooLong(out, source, tooLong);
                return new Outcome(false, (int) source.substring(0, tooLong.start()).chars().filter(c -> c == '\n').count());
            }
            List<SnippetEvent> events = safeEval(source);
            if (events == null) return new Outcome(false, 0);
            if (stopRequested) { // jshell reports a stop as nothing at all
                stopRequested = false;
                events.forEach(e -> dropFailedTemp(e.snippet()));
                stops++;
                out.println(Feedback.STOPPED);
                return new Outcome(false, 0);
            }
            if (origin != null)
                for (SnippetEvent e : events) if (e.causeSnippet() == null) origins.put(e.snippet().id(), origin);
            for (SnippetEvent e : events) {
                if (e.causeSnippet() != null) continue; // side effects on other snippets: not reported
                if (in == Space.USER && e.status() != Snippet.Status.REJECTED && !brokenDeclaration(e))
                    ran.add(e.snippet());
                Outcome o = report(e, events, echo);
                if (!o.ok() && result.ok()) result = o;
            }
            for (SnippetEvent e : events)
                if (e.causeSnippet() == null && e.snippet() instanceof TypeDeclSnippet && e.status().isDefined())
                    shadowImports((TypeDeclSnippet) e.snippet(), echo);
            return result;
        } finally {
            AwtGuard.installIfAwtRunning();
            out.flush();
            SnippetOutput.redirect(previous);
            space = before;
        }
    }

    /** {@code shell.eval}, or null (after a message) when jdk.jshell itself throws. */
    private List<SnippetEvent> safeEval(String source) {
        try {
            return shell.eval(source);
        } catch (RuntimeException | InternalError e) { // JDK-8366926 (JDK 25 local engine) throws out of eval
            out.println("|  jdk.jshell failed inside eval: " + e.getClass().getName() + ": " + e.getMessage());
            out.println("|  (a JDK bug, e.g. JDK-8366926 on JDK 25; the session continues: try explicit types)");
            return null;
        }
    }

    private Outcome report(SnippetEvent e, List<SnippetEvent> all, boolean echo) {
        Snippet sn = e.snippet();
        if (e.status() == Snippet.Status.REJECTED) {
            return new Outcome(false, printDiagnostics(sn));
        }
        if (brokenDeclaration(e)) { // e.g. "code too large": javac failed, yet jshell calls it recoverable
            int line = printDiagnostics(sn);
            shell.drop(sn);
            return new Outcome(false, line);
        }
        if (e.exception() instanceof UnresolvedReferenceException) {
            DeclarationSnippet d = ((UnresolvedReferenceException) e.exception()).getSnippet();
            out.println("|  " + d.name() + " cannot be used until "
                    + shell.unresolvedDependencies(d).collect(Collectors.joining(", ")) + " is declared");
            dropFailedTemp(sn);
            return new Outcome(false, 0);
        }
        if (e.exception() != null) {
            Feedback.exception(out, e.exception(), this::place);
            dropFailedTemp(sn);
            return new Outcome(false, 0);
        }
        if (!echo) return Outcome.OK;
        switch (sn.kind()) {
            case VAR:
                VarSnippet v = (VarSnippet) sn;
                if (e.status() == Snippet.Status.VALID && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND)
                    lastValueName = v.name();
                if (e.status() == Snippet.Status.VALID) out.println(v.name() + " ==> " + valueText(v));
                else unresolved(v, "variable " + v.name());
                break;
            case EXPRESSION:
                ExpressionSnippet x = (ExpressionSnippet) sn;
                VarSnippet target = variable(x.name());
                if (target != null) lastValueName = x.name();
                out.println(x.name() + " ==> " + (target != null ? valueText(target) : e.value()));
                break;
            case METHOD:
                MethodSnippet m = (MethodSnippet) sn;
                declared(e, all, "method " + m.name() + "(" + m.parameterTypes() + ")", m);
                break;
            case TYPE_DECL:
                TypeDeclSnippet t = (TypeDeclSnippet) sn;
                declared(e, all, kindWord(t) + " " + t.name(), t);
                break;
            default: // imports, statements: only their own output
        }
        return Outcome.OK;
    }

    /**
     * A declaration jshell keeps as "recoverable" although nothing is missing: javac rejected it for another reason
     * (a method over 64 KB of code, say), and only the diagnostics say why.
     */
    private boolean brokenDeclaration(SnippetEvent e) {
        if (e.status() != Snippet.Status.RECOVERABLE_DEFINED && e.status() != Snippet.Status.RECOVERABLE_NOT_DEFINED)
            return false;
        if (!(e.snippet() instanceof DeclarationSnippet)) return false;
        DeclarationSnippet d = (DeclarationSnippet) e.snippet();
        return shell.unresolvedDependencies(d).findAny().isEmpty() && shell.diagnostics(d).anyMatch(Diag::isError);
    }

    /**
     * A type the user declares hides a single-type import of the same simple name, as a type declared in a class
     * hides an import in Java. Left in place, the import and the type would clash in every later snippet
     * ("a type with the same simple name is already defined by the single-type-import"), so the import goes
     * (jshell does the same for its on-demand start-up imports, which a declaration shadows by itself).
     */
    private void shadowImports(TypeDeclSnippet type, boolean echo) {
        List<ImportSnippet> clashing = shell.imports().filter(i -> !i.isStatic()
                && i.subKind() == Snippet.SubKind.SINGLE_TYPE_IMPORT_SUBKIND && i.name().equals(type.name()))
                .collect(Collectors.toList());
        for (ImportSnippet i : clashing) {
            shell.drop(i);
            if (echo) out.println("|    " + type.name() + " now means your " + kindWord(type) + "; import " + i.fullname()
                    + " dropped (/reset brings it back)");
        }
    }

    /** A bare expression that threw leaves no {@code $N} behind (its value would be a meaningless null). */
    private void dropFailedTemp(Snippet sn) {
        if (sn.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) shell.drop(sn);
    }

    private void declared(SnippetEvent e, List<SnippetEvent> all, String what, DeclarationSnippet d) {
        boolean replaced = all.stream().anyMatch(o -> o.causeSnippet() == e.snippet()
                && o.status() == Snippet.Status.OVERWRITTEN);
        String verb = replaced ? "modified" : "created";
        if (e.status() == Snippet.Status.VALID) out.println("|  " + verb + " " + what);
        else unresolved(d, verb + " " + what);
    }

    private void unresolved(DeclarationSnippet d, String what) {
        String missing = shell.unresolvedDependencies(d).collect(Collectors.joining(", "));
        out.println("|  " + what + ", but it cannot be used until " + missing + " is declared");
    }

    private static String kindWord(TypeDeclSnippet t) {
        switch (t.subKind()) {
            case INTERFACE_SUBKIND: return "interface";
            case ENUM_SUBKIND: return "enum";
            case ANNOTATION_TYPE_SUBKIND: return "annotation";
            case RECORD_SUBKIND: return "record";
            default: return "class";
        }
    }

    /** Prints the diagnostics of a rejected snippet; returns the 0-based line of the first error. */
    private int printDiagnostics(Snippet sn) {
        List<Diag> diags = shell.diagnostics(sn).collect(Collectors.toList());
        String src = sn.source();
        int firstLine = -1;
        for (Diag d : diags) {
            if (!d.isError()) continue;
            int pos = (int) Math.max(0, Math.min(d.getStartPosition(), src.length()));
            if (firstLine < 0) firstLine = (int) src.substring(0, pos).chars().filter(c -> c == '\n').count();
            Feedback.diagnostic(out, d.getMessage(Locale.ROOT), src, pos,
                    (int) Math.max(pos, Math.min(d.getEndPosition(), src.length())));
        }
        if (diags.isEmpty()) out.println("|  Error: this is not a complete Java snippet");
        return Math.max(firstLine, 0);
    }

    private String valueText(VarSnippet v) {
        try {
            String cls = shell.sourceCodeAnalysis().wrapper(v).fullClassName();
            return ValueFormat.format(provider.engine.value(cls, v.name()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return shell.varValue(v);
        }
    }

    /** The live object of a user variable, or null. */
    Object value(String name) {
        VarSnippet v = variable(name);
        if (v == null) return null;
        try {
            return provider.engine.value(shell.sourceCodeAnalysis().wrapper(v).fullClassName(), v.name());
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /**
     * For front ends that show values themselves (the Jupyter kernel): true when the last {@link #eval} was an
     * expression ({@code 1 + 1}, {@code x}, {@code x = 2}) whose value {@link #lastValue()} returns; false after a
     * declaration, a statement or an error.
     */
    public boolean hasLastValue() {
        return lastValueName != null;
    }

    /** The live value of that expression (may be null); null when {@link #hasLastValue()} is false. */
    public Object lastValue() {
        return lastValueName == null ? null : value(lastValueName);
    }

    /**
     * Drops the {@code $N} the last expression left, after its value was read: for front ends that show the value
     * themselves without a name (the Jupyter kernel), since every live snippet makes each later compile slower.
     */
    public void forgetLastValue() {
        if (lastValueName != null && lastValueName.startsWith("$")) drop(lastValueName);
        lastValueName = null;
    }

    private VarSnippet variable(String name) {
        return shell.variables().filter(v -> v.name().equals(name)).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ analysis, listing, control

    /** Splits input: the first complete snippet and the rest, or incomplete. */
    public SourceCodeAnalysis.CompletionInfo analyze(String input) {
        return shell.sourceCodeAnalysis().analyzeCompletion(input);
    }

    /** Completion candidates for {@code input} at {@code cursor}; {@code anchor[0]} receives the start to replace. */
    public List<SourceCodeAnalysis.Suggestion> complete(String input, int cursor, int[] anchor) {
        try {
            return shell.sourceCodeAnalysis().completionSuggestions(input, cursor, anchor);
        } catch (RuntimeException e) {
            anchor[0] = cursor;
            return List.of();
        }
    }

    /** The static type of expression {@code expr} ("void" for a void call), or null if it does not compile. */
    String typeOf(String expr) {
        try {
            return shell.sourceCodeAnalysis().analyzeType(expr, expr.length());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Signatures (and javadoc when the JDK has sources) of what {@code code} names at {@code cursor}. */
    public List<String> documentation(String code, int cursor) {
        try {
            return shell.sourceCodeAnalysis().documentation(code, cursor, false).stream()
                    .map(SourceCodeAnalysis.Documentation::signature).collect(Collectors.toList());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * What re-creates this session's state: every snippet the user ran since the start or the last reset, in order,
     * overwritten ones and ones that threw included (their side effects, such as draws from the random stream,
     * happened); not the ones that did not compile (they did nothing) nor the ones stopped with Ctrl-C (run again,
     * they might never end). {@code /record} writes these first when it starts mid-session.
     */
    public List<Snippet> history() {
        return List.copyOf(ran);
    }

    /** The id the next user snippet gets (1 in a fresh session). */
    public int nextUserId() {
        return userIds + 1;
    }

    /** Numbers the next user snippets from {@code next} on (a replayed transcript's {@code +ID=n}). */
    public void continueIdsAt(int next) {
        if (next < 1) throw new IllegalArgumentException("snippet ids start at 1, got " + next);
        userIds = next - 1;
    }

    /** The N of the {@code $N} the next bare expression gets (1 in a fresh session). */
    public int nextTempNumber() {
        return userTemps + 1;
    }

    /** Names the next bare expressions {@code $next}, ... (a replayed transcript's {@code +TEMP=n}). */
    public void continueTempsAt(int next) {
        if (next < 1) throw new IllegalArgumentException("$N names start at $1, got " + next);
        userTemps = next - 1;
    }

    /** Active snippets the user typed (start-up and helper snippets excluded), in order. */
    public List<Snippet> userSnippets() {
        List<Snippet> list = new ArrayList<>();
        shell.snippets().filter(s -> !startupSnippets.contains(s) && !s.id().startsWith("h")
                && shell.status(s).isActive()).forEach(list::add);
        return list;
    }

    public List<VarSnippet> variables() {
        return shell.variables().filter(v -> !v.id().startsWith("h")).collect(Collectors.toList());
    }

    public String valueOf(VarSnippet v) {
        return valueText(v);
    }

    public List<MethodSnippet> methods() {
        return shell.methods().collect(Collectors.toList());
    }

    public List<TypeDeclSnippet> types() {
        return shell.types().collect(Collectors.toList());
    }

    public List<ImportSnippet> imports() {
        return shell.imports().collect(Collectors.toList());
    }

    /**
     * Adds a jar or a directory of classes to this session: javac compiles the next snippets against it and the
     * engine's class loader loads from it (no reset; every variable stays). Kept over {@link #reset()}.
     */
    public void addToClasspath(String path) {
        shell.addToClasspath(path);
        classpath.add(path);
    }

    /** What {@link #addToClasspath} added, in order. */
    public List<String> addedClasspath() {
        return List.copyOf(classpath);
    }

    /** Removes a helper snippet again (used by /time). */
    void drop(String name) {
        shell.variables().filter(v -> v.name().equals(name)).forEach(shell::drop);
    }

    /** How many evaluations were stopped ({@link #stop()}, Ctrl-C) since the session began. */
    int stops() {
        return stops;
    }

    /** Stops the running evaluation; safe to call from another thread (Ctrl-C). */
    public void stop() {
        stopRequested = true;
        try {
            shell.stop();
        } catch (RuntimeException ignored) {
            // nothing running
        }
    }

    /** Forgets every snippet and runs the start-up again. */
    public void reset() {
        shell.close();
        open();
    }

    @Override
    public void close() {
        shell.close();
    }
}
