package attnlab.repl;

/**
 * The spellings that JJava and IJava users type for the library commands: {@code %maven COORDINATES} is
 * {@code /maven COORDINATES}, {@code %jars PATH} is {@code /classpath add PATH}. Neither is Java at the start of a
 * line, so nothing a snippet could mean is taken.
 */
public final class LibraryAliases {
    private LibraryAliases() {}

    /** The command a trimmed input line stands for, or the line itself when it is no alias. */
    public static String expand(String trimmed) {
        if (trimmed.equals("%maven") || trimmed.startsWith("%maven ")) return "/maven" + trimmed.substring(6);
        if (trimmed.equals("%jars") || trimmed.startsWith("%jars ")) return "/classpath add" + trimmed.substring(5);
        return trimmed;
    }
}
