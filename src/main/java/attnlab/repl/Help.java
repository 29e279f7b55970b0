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

    static String text(String key) {
        return TEXT.getProperty(key, "");
    }
}
