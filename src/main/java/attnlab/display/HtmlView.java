package attnlab.display;

/**
 * A value that a notebook shows as HTML ({@code text/html}) rather than as text or a picture, such as the interactive
 * attention view. The front end sends {@link #html()} beside the value's {@code text/plain} ({@code toString()}).
 */
public interface HtmlView {
    /**
     * A self-contained HTML fragment (its own styles and scripts, no network) that can be placed in a page beside
     * other fragments, even other views of the same kind.
     */
    String html();
}
