package attnlab.repl;

/**
 * Moved to {@link attnlab.display.ValueFormat} (below the facade, which uses it too). This forwarder stays only while
 * {@code attnlab.jupyter.MimeBundle} still imports it from here; once that import names {@code attnlab.display}, delete
 * this file.
 */
public final class ValueFormat {
    private ValueFormat() {}

    /** See {@link attnlab.display.ValueFormat#format(Object)}. */
    public static String format(Object v) {
        return attnlab.display.ValueFormat.format(v);
    }
}
