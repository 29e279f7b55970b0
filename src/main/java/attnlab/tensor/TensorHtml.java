package attnlab.tensor;

/**
 * A tensor as HTML for notebooks. Placeholder on the kernel branch (the printer's text in a {@code <pre>}) so the
 * kernel compiles; the notebooks branch owns the real table renderer and its version replaces this file.
 */
public final class TensorHtml {
    private TensorHtml() {}

    /** {@code t} as an HTML fragment. */
    public static String html(Tensor t) {
        return "<pre>" + escape(t.toString()) + "</pre>";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
