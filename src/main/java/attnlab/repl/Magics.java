package attnlab.repl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * IPython's {@code %} habits, in the REPL and in the kernel: a line such as {@code %timeit f(x)} runs the attnlab
 * command that does the same ({@code /time f(x)}); any other {@code %word} says which {@code /command} does that,
 * or that none does, instead of javac's "illegal start of expression". A {@code %%time} first line in a notebook
 * cell times the rest of the cell ({@link #cellCommand}).
 *
 * <p>One table for both front ends. {@link #RUN} entries run their command when this build has it (a {@code /maven}
 * or {@code /classpath} added by another part of attnlab is picked up by name); otherwise the line only names it.
 */
public final class Magics {
    /** {@code %word} that runs a command: word to the command line it becomes (the rest of the line follows). */
    static final Map<String, String> RUN = new LinkedHashMap<>();
    /** {@code %word} that only says what to use: word to the advice. */
    static final Map<String, String> SAY = new LinkedHashMap<>();

    static {
        RUN.put("time", "/time");
        RUN.put("timeit", "/time");
        RUN.put("help", "/help");
        RUN.put("maven", "/maven");
        RUN.put("jars", "/classpath add");
        RUN.put("classpath", "/classpath");
        SAY.put("who", "/vars lists your variables");
        SAY.put("whos", "/vars lists your variables with their types");
        SAY.put("who_ls", "/vars lists your variables");
        SAY.put("lsmagic", "/help lists the commands");
        SAY.put("load", "/open FILE runs a script");
        SAY.put("run", "/open FILE runs a script");
        SAY.put("save", "/save FILE saves what you typed");
        SAY.put("history", "/list shows what you typed");
        SAY.put("hist", "/list shows what you typed");
        SAY.put("reset", "/reset forgets everything");
        SAY.put("exit", "/exit ends the REPL");
        SAY.put("quit", "/exit ends the REPL");
        SAY.put("pip", "/maven GROUP:ARTIFACT:VERSION adds a Java library");
        SAY.put("conda", "/maven GROUP:ARTIFACT:VERSION adds a Java library");
        SAY.put("matplotlib", "no command is needed: charts show inline in a notebook and in a window at the prompt");
    }

    private Magics() {}

    /** True for a line that starts with {@code %} and a letter, or {@code %%}: not Java (no snippet starts so). */
    public static boolean isMagic(String trimmed) {
        return trimmed.length() > 1 && trimmed.charAt(0) == '%'
                && (Character.isLetter(trimmed.charAt(1)) || trimmed.charAt(1) == '%');
    }

    /**
     * The command line that {@code %line} runs, or null when it runs none.
     *
     * @param exists whether this build has a command of that name ({@code /maven} ...)
     */
    static String command(String line, Predicate<String> exists) {
        String word = word(line);
        String target = line.startsWith("%%") ? null : RUN.get(word);
        if (target == null || !exists.test(target.split(" ")[0])) return null;
        String rest = line.substring(1 + word.length()).strip();
        return rest.isEmpty() ? target : target + " " + rest;
    }

    /** What to say about {@code %line} when it runs no command. */
    static String advice(String line) {
        String word = word(line), shown = (line.startsWith("%%") ? "%%" : "%") + word;
        if (line.startsWith("%%") && (word.equals("time") || word.equals("timeit")))
            return shown + " times a whole notebook cell; at the prompt use /time EXPR (or /time { statements; })";
        if (RUN.containsKey(word))
            return shown + ": use " + RUN.get(word) + " (not in this build of attnlab)";
        if (SAY.containsKey(word)) return shown + ": " + SAY.get(word);
        return shown + ": no attnlab command does that (attnlab's commands start with /; /help lists them)";
    }

    /** True when {@code %line} only needs a remark and is no error ({@code %matplotlib inline}). */
    static boolean harmless(String line) {
        return word(line).equals("matplotlib");
    }

    /**
     * A notebook cell that starts with a {@code %%time} or {@code %%timeit} line, as the one command line that
     * times the rest of the cell ({@code /time BODY}, over several lines); null for any other cell.
     */
    public static String cellCommand(String code) {
        String c = code.stripLeading();
        int nl = c.indexOf('\n');
        String first = (nl < 0 ? c : c.substring(0, nl)).strip();
        if (!first.equals("%%time") && !first.equals("%%timeit")) return null;
        return "/time " + (nl < 0 ? "" : c.substring(nl + 1).strip());
    }

    private static String word(String line) {
        String t = line.strip().replaceFirst("^%%?", "");
        int end = 0;
        while (end < t.length() && (Character.isLetterOrDigit(t.charAt(end)) || t.charAt(end) == '_')) end++;
        return t.substring(0, end);
    }
}
