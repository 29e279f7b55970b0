package attnlab.repl;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The REPL's help text, kept out of the code in {@code help.properties} (as jshell keeps its own in
 * {@code l10n.properties}): {@code command./NAME.args}, {@code command./NAME.summary} for commands and
 * {@code fn.NAME} for toolkit functions.
 */
final class Help {
    private static final Properties TEXT = load();

    private Help() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Help.class.getResourceAsStream("help.properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static String summary(String command) {
        return TEXT.getProperty("command." + command + ".summary", "");
    }

    static String args(String command) {
        return TEXT.getProperty("command." + command + ".args", "");
    }

    /** The help of toolkit function {@code name}, or null. */
    static String function(String name) {
        return TEXT.getProperty("fn." + name);
    }

    /** Every function with help text, sorted. */
    static TreeSet<String> functions() {
        TreeSet<String> names = new TreeSet<>();
        for (String k : TEXT.stringPropertyNames()) if (k.startsWith("fn.")) names.add(k.substring(3));
        return names;
    }

    /**
     * Help for {@code name}: its own text; else the one function it is a prefix of; else the candidates; else the
     * signatures JShell knows ({@code fallback}).
     */
    static String lookup(String name, java.util.function.Supplier<java.util.List<String>> fallback) {
        String own = function(name);
        if (own != null) return own;
        java.util.List<String> starts = new java.util.ArrayList<>();
        for (String f : functions()) if (!name.isEmpty() && f.startsWith(name)) starts.add(f);
        if (starts.size() == 1) return function(starts.get(0));
        if (!starts.isEmpty()) return "help exists for: " + String.join(", ", starts);
        java.util.List<String> sigs = fallback.get();
        return sigs.isEmpty() ? "no help for '" + name + "' (/help lists what has help)" : String.join("\n", sigs);
    }

    static String text(String key) {
        return TEXT.getProperty(key, "");
    }
}
