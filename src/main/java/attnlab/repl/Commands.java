package attnlab.repl;

import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The slash commands: a table (name → handler), dispatch by exact name, then by unique prefix ({@code /v} is
 * {@code /vars}); an ambiguous prefix lists the candidates and an unknown name suggests the nearest ones. The help
 * text of each command lives in {@code help.properties}.
 */
final class Commands {
    /** A command handler: gets the text after the name; returns false on error. */
    interface Handler {
        boolean run(String arg) throws IOException;
    }

    private final Map<String, Handler> table = new LinkedHashMap<>();
    private final Repl repl;
    private final PrintStream out;
    private boolean exit;
    private final ClasspathCommand classpath;
    private int exitStatus;

    Commands(Repl repl) {
        this.repl = repl;
        this.out = repl.out;
        this.classpath = new ClasspathCommand(repl.session, out);
        MavenLibraries maven = new MavenLibraries(MavenLibraries.Config::defaults, repl.home, classpath, out);
        // ---- the table of commands, in /help order
        table.put("/help", this::help);
        table.put("/vars", a -> vars());
        table.put("/methods", a -> methods());
        table.put("/types", a -> types());
        table.put("/imports", a -> imports());
        table.put("/list", a -> list());
        table.put("/open", this::open);
        table.put("/save", this::save);
        table.put("/maven", maven::run);
        table.put("/classpath", classpath::run);
        table.put("/reset", a -> reset());
        table.put("/time", this::time);
        table.put("/record", this::record);
        table.put("/exercises", a -> exercises());
        table.put("/exit", this::exit);
    }

    boolean exitRequested() {
        return exit;
    }

    /** The status {@code /exit N} asked for (0 for a bare {@code /exit}). */
    int exitStatus() {
        return exitStatus;
    }

    /** {@code /exit [N]}: leave with status N (0-255, as jshell's {@code /exit}), by default 0. */
    private boolean exit(String arg) {
        String a = arg.strip();
        if (!a.isEmpty()) {
            int status;
            try {
                status = Integer.parseInt(a);
            } catch (NumberFormatException e) {
                status = -1;
            }
            if (status < 0 || status > 255) {
                out.println("|  /exit takes an exit status from 0 to 255 (/exit 3), not '" + a + "'");
                return false;
            }
            exitStatus = status;
        }
        exit = true;
        return true;
    }

    /** Command names, for completion. */
    List<String> names() {
        return new ArrayList<>(table.keySet());
    }

    /** Runs one command line such as {@code /open x.jsh}, or a {@code %} line ({@link Magics}); false on error. */
    boolean run(String line) {
        if (Magics.isMagic(line)) return magic(line);
        int space = line.indexOf(' ');
        String name = space < 0 ? line : line.substring(0, space);
        String arg = space < 0 ? "" : line.substring(space + 1).strip();
        List<String> matches = resolve(name);
        if (matches.size() != 1) {
            if (matches.isEmpty()) {
                List<String> near = suggestions(name);
                out.println("|  No such command: " + name + "." + (near.isEmpty() ? ""
                        : " Did you mean " + String.join(" or ", near) + "?") + " Type /help for the list.");
            } else {
                out.println("|  Ambiguous command " + name + ": " + String.join(", ", matches) + ".");
            }
            return false;
        }
        try {
            return table.get(matches.get(0)).run(arg);
        } catch (IOException | RuntimeException e) {
            out.println("|  " + matches.get(0) + " failed: " + e.getMessage());
            return false;
        }
    }

    /** {@code %timeit EXPR} runs {@code /time EXPR}; another {@code %word} says which command does that. */
    private boolean magic(String line) {
        String command = Magics.command(line, table::containsKey);
        if (command != null) return run(command);
        out.println("|  " + Magics.advice(line));
        return Magics.harmless(line);
    }

    /** Exact name, else every command that starts with {@code name}. */
    List<String> resolve(String name) {
        if (table.containsKey(name)) return List.of(name);
        return table.keySet().stream().filter(c -> c.startsWith(name)).collect(Collectors.toList());
    }

    /** Commands within edit distance 2 of {@code name}. */
    List<String> suggestions(String name) {
        return table.keySet().stream().filter(c -> distance(c, name) <= 2).collect(Collectors.toList());
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++)
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1,
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ------------------------------------------------------------------ handlers

    /**
     * True in a notebook: a front end that shows values inline is the Jupyter kernel, where {@code $N}, Ctrl-D and
     * {@code /exit} do not exist, so {@code /help} gives that front end's advice.
     */
    private static boolean notebook() {
        return attnlab.display.Inline.active();
    }

    /** A command's one-line summary; in a notebook its {@code .notebook} variant when it has one. */
    private static String summary(String command) {
        String inNotebook = notebook() ? Help.text("command." + command + ".notebook") : "";
        return inNotebook.isEmpty() ? Help.summary(command) : inNotebook;
    }

    /** The width of the usage column of the {@code /help} list ({@code /record FILE | stop}, then the summary). */
    static final int USAGE_WIDTH = 22;

    private boolean help(String name) {
        int width = repl.width();
        if (name.isEmpty()) {
            String intro = Help.text(notebook() ? "intro.notebook" : "intro");
            Wrap.block("|  ", intro, width).forEach(out::println);
            out.println("|");
            String column = "|  " + " ".repeat(USAGE_WIDTH); // where every summary starts
            for (String c : table.keySet()) {
                String usage = (c + " " + Help.args(c)).strip();
                String first = "|  " + usage + " ".repeat(Math.max(0, USAGE_WIDTH - usage.length()));
                if (usage.length() >= USAGE_WIDTH) { // too long to leave a space before the column: a line of its own
                    out.println("|  " + usage);
                    first = column;
                }
                Wrap.lines(first, summary(c), column, width).forEach(out::println);
            }
            out.println("|");
            String functions = String.join(", ", Help.functions());
            Wrap.lines("|  Toolkit functions with help (/help NAME): ", functions, "|    ", width).forEach(out::println);
            return true;
        }
        if (name.startsWith("/")) {
            List<String> m = resolve(name);
            if (m.size() == 1) {
                out.println("|  " + (m.get(0) + " " + Help.args(m.get(0))).strip());
                Wrap.block("|  ", summary(m.get(0)), width).forEach(out::println);
                return true;
            }
            return run(name); // prints the same "no such / ambiguous" message
        }
        String text = Help.function(name);
        if (text != null) {
            Wrap.block("|  ", text, width).forEach(out::println);
            return true;
        }
        List<String> signatures = repl.session.documentation(name + "(", name.length() + 1);
        if (signatures.isEmpty()) signatures = repl.session.documentation(name, name.length());
        if (signatures.isEmpty()) {
            out.println("|  No help for " + name + ". Try /help for the list, or Tab to complete a name.");
            return false;
        }
        signatures.forEach(s -> Wrap.block("|  ", s, width).forEach(out::println));
        return true;
    }

    private boolean vars() {
        for (VarSnippet v : repl.session.variables()) {
            String value = repl.session.valueOf(v);
            int nl = value.indexOf('\n');
            out.println("|    " + v.typeName() + " " + v.name() + " = " + (nl < 0 ? value : value.substring(0, nl) + " ..."));
        }
        return true;
    }

    private boolean methods() {
        for (MethodSnippet m : repl.session.methods()) {
            String sig = m.signature();
            out.println("|    " + sig.substring(sig.lastIndexOf(')') + 1) + " " + m.name() + "(" + m.parameterTypes() + ")");
        }
        return true;
    }

    private boolean types() {
        repl.session.types().forEach(t -> out.println("|    " + t.name()));
        return true;
    }

    private boolean imports() {
        repl.session.imports().forEach(i -> out.println("|    import " + (i.isStatic() ? "static " : "") + i.fullname()));
        return true;
    }

    private boolean list() {
        for (Snippet s : repl.session.userSnippets()) {
            String[] lines = s.source().strip().split("\n");
            out.println(String.format("%4s : %s", s.id(), lines[0]));
            for (int i = 1; i < lines.length; i++) out.println("       " + lines[i]);
        }
        return true;
    }

    private boolean open(String file) throws IOException {
        Path p = script(file);
        if (p == null) {
            out.println("|  /open needs a file: /open FILE.jsh (or a name from /exercises)");
            return false;
        }
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.println("|  /open failed: " + IoErrors.reading(p, e));
            return false;
        }
        // its comment lines print as in script mode: a worked exercise explains its planted failures where they show
        return repl.interpreter.run(text, file, true, true) == 0;
    }

    private Path script(String file) {
        if (file.isEmpty()) return null;
        for (Path p : new Path[] {Path.of(file), repl.home.resolve("scripts").resolve(file),
                repl.home.resolve("scripts").resolve(file + ".jsh")})
            if (Files.isRegularFile(p)) return p;
        return Path.of(file); // let readString report it
    }

    private boolean save(String file) throws IOException {
        if (file.isEmpty()) {
            out.println("|  /save needs a file: /save FILE.jsh");
            return false;
        }
        List<Snippet> snippets = repl.session.userSnippets();
        String text = snippets.stream().map(s -> s.source().strip() + "\n").collect(Collectors.joining());
        try {
            Files.writeString(Path.of(file), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.println("|  /save failed: " + IoErrors.writing(Path.of(file), e));
            return false;
        }
        out.println("|  saved " + snippets.size() + " snippet" + (snippets.size() == 1 ? "" : "s") + " to " + file);
        return true;
    }

    private boolean reset() {
        repl.session.reset();
        out.println("|  reset: every snippet forgotten, start-up run again, random seed 0");
        return true;
    }

    private boolean time(String expr) {
        String e = expr.strip().replaceAll(";$", "");
        if (e.isEmpty()) {
            out.println("|  /time needs an expression: /time attention(Q, K, V)");
            return false;
        }
        String type = repl.session.typeOf(e);
        // an expression is kept alive through a sink; statements (a %%time cell, /time { a; b; }) become the body
        String body = "void".equals(type) ? "{ " + e + "; }" : type != null && !type.isEmpty()
                ? "attnlab.repl.Timing.sink(" + e + ")" : e.startsWith("{") && e.endsWith("}") ? e : "{\n" + e + "\n;}";
        if (!repl.session.evalHelper("Runnable $time = () -> " + body + ";", false).ok()) return false;
        try {
            return repl.session.evalHelper("attnlab.repl.Timing.measure($time);", false).ok();
        } finally {
            repl.session.drop("$time");
        }
    }

    private boolean record(String arg) throws IOException {
        if (repl.recorder == null) {
            out.println("|  /record works in the interactive REPL only");
            return false;
        }
        if (arg.equals("stop")) {
            Path p = repl.recorder.stop();
            out.println(p == null ? "|  not recording" : "|  transcript saved to " + p
                    + "; replay it with ./attnlab --replay " + p);
            return p != null;
        }
        if (arg.isEmpty()) {
            out.println("|  /record FILE starts a transcript, /record stop ends it");
            return false;
        }
        List<Snippet> setup = repl.session.history();
        String notice = "|  recording to " + arg + " (/record stop ends it)" + (setup.isEmpty() ? "" : "; it starts with"
                + " the " + setup.size() + " snippet" + (setup.size() == 1 ? "" : "s") + " this session ran, to replay first");
        out.flush();
        try {
            repl.recorder.start(Path.of(arg), Recorder.setup(setup),
                    repl.session.nextUserId() == 1 ? "" : Recorder.numbering(repl.session), notice + "\n");
        } catch (IOException e) {
            out.println("|  /record failed: " + IoErrors.writing(Path.of(arg), e));
            return false;
        }
        return true;
    }

    /** The worked exercise scripts ({@code scripts/}), then the student skeletons ({@code scripts/student/}). */
    private boolean exercises() throws IOException {
        Path dir = repl.home.resolve("scripts");
        List<Path> worked = scripts(dir), student = scripts(dir.resolve("student"));
        if (worked.isEmpty() && student.isEmpty()) {
            out.println("|  no exercise scripts in " + dir + " yet");
            return true;
        }
        int width = Stream.concat(worked.stream().map(p -> p.getFileName().toString()),
                student.stream().map(p -> "student/" + p.getFileName())).mapToInt(String::length).max().orElse(0);
        if (!worked.isEmpty()) out.println("|  Worked exercises: /open one to run it");
        for (Path p : worked) exerciseLine(p.getFileName().toString(), width, p);
        if (!student.isEmpty()) out.println("|  Your versions: fill one in, then /open it to check it");
        for (Path p : student) exerciseLine("student/" + p.getFileName(), width, p);
        return true;
    }

    /** One line per script, its description wrapped to the terminal and aligned under itself. */
    private void exerciseLine(String name, int width, Path p) throws IOException {
        String description = Exercises.description(Files.readAllLines(p, StandardCharsets.UTF_8));
        String first = "|    /open " + name + " ".repeat(width - name.length() + 2);
        String rest = "|" + " ".repeat(first.length() - 1);
        Wrap.lines(first, description, rest, repl.width()).forEach(out::println);
    }

    private static List<Path> scripts(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jsh") && Files.isRegularFile(p)).sorted()
                    .collect(Collectors.toList());
        }
    }
}
