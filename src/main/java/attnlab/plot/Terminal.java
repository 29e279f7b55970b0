package attnlab.plot;

/** Terminal capabilities for the text views of charts. */
final class Terminal {
    private Terminal() {}

    /** Colour unless {@code NO_COLOR} is set to a non-empty value (no-color.org) or {@code TERM=dumb}. */
    static boolean colorEnabled() {
        return colorEnabled(System.getenv("NO_COLOR"), System.getenv("TERM"));
    }

    static boolean colorEnabled(String noColor, String term) {
        return (noColor == null || noColor.isEmpty()) && !"dumb".equals(term);
    }

    /** Usable width in columns: {@code COLUMNS} when set, else 100. */
    static int columns() {
        try {
            int c = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").trim());
            return Math.max(40, c);
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
