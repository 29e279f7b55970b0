package attnlab.display;

/**
 * The seam between the toolkit and a front end that shows values inline, such as the Jupyter kernel.
 *
 * <p>Why a seam: charts, progress bars and {@code display(x)} live in the toolkit, but only the front end knows how
 * to put a picture or a table in front of the user. The terminal REPL and scripts install no sink, so every method
 * here answers {@code false} and the caller falls back to its terminal behaviour (windows, ANSI views, PNG files).
 */
public final class Inline {
    /** A front end that can show values inline. Implementations must be thread-safe. */
    public interface Sink {
        /**
         * Shows {@code value} now (a chart as {@code image/png}, a tensor as a table, anything else as text).
         *
         * @return false when this front end cannot show it, so the caller falls back
         */
        boolean show(Object value);

        /**
         * Shows {@code text} in the display area named {@code id}, replacing what that area showed before (progress
         * bars). The first call for an id creates the area.
         *
         * @return false when this front end cannot update in place
         */
        boolean update(String id, String text);

        /**
         * Shows {@code value} in the display area named {@code id}, as {@link #show(Object)} does: {@code update}
         * false opens a new area with that id, true replaces what the areas with that id show (an id not shown
         * yet gets a new area). {@code display(x, id)} and {@code updateDisplay(id, x)} come here.
         *
         * @return false when this front end has no display areas, so the caller falls back
         */
        default boolean show(Object value, String id, boolean update) {
            return false;
        }
    }

    private static volatile Sink sink;

    private Inline() {}

    /** Installs the front end's sink ({@code null} removes it). */
    public static void install(Sink s) { sink = s; }

    /** True when a front end shows values inline. */
    public static boolean active() { return sink != null; }

    /** {@link Sink#show} on the installed sink; false when none is installed. */
    public static boolean show(Object value) {
        Sink s = sink;
        return s != null && s.show(value);
    }

    /** {@link Sink#show(Object, String, boolean)} on the installed sink; false when none is installed. */
    public static boolean show(Object value, String id, boolean update) {
        Sink s = sink;
        return s != null && s.show(value, id, update);
    }

    /** {@link Sink#update} on the installed sink; false when none is installed. */
    public static boolean update(String id, String text) {
        Sink s = sink;
        return s != null && s.update(id, text);
    }
}
