package attnlab.display;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A value that a front end shows by its MIME bundle: what {@code html(..)}, {@code markdown(..)}, {@code latex(..)}
 * and {@code image(..)} display. The bundle always holds {@code text/plain}, which is also what a terminal prints
 * ({@link #toString()}): the text of the HTML (tags removed), the Markdown or LaTeX source as written, or a line
 * naming the picture ({@code PNG image 640x480, 12345 bytes}).
 *
 * <p>Why a value and not a call into the front end: the toolkit stays below the front ends ({@link Inline} is the
 * seam), and the Jupyter kernel turns any value into a bundle anyway.
 */
public final class Rich {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final Map<String, String> data;

    private Rich(Map<String, String> data) {
        this.data = Collections.unmodifiableMap(data);
    }

    /** {@code text/html}; its text/plain is the text without tags. */
    public static Rich html(String html) {
        notNull(html, "html");
        return of("text/html", html, text(html));
    }

    /** {@code text/markdown}; its text/plain is the source. */
    public static Rich markdown(String markdown) {
        notNull(markdown, "markdown");
        return of("text/markdown", markdown, markdown);
    }

    /**
     * {@code text/latex}; Jupyter renders it with MathJax, which needs math delimiters, so a formula without any
     * ({@code $}, {@code \[}, {@code \(} or {@code \begin}) is put between {@code $$ .. $$}. Its text/plain is the
     * source as given.
     */
    public static Rich latex(String latex) {
        notNull(latex, "latex");
        String t = latex.strip();
        boolean delimited = t.startsWith("$") || t.startsWith("\\[") || t.startsWith("\\(") || t.startsWith("\\begin");
        return of("text/latex", delimited ? latex : "$$" + t + "$$", latex);
    }

    /**
     * A PNG or JPEG picture from its bytes ({@code image/png} or {@code image/jpeg}, base64 in the bundle).
     *
     * @param bytes  the file's bytes
     * @param source where they came from, for the text/plain line (may be null)
     * @throws IllegalArgumentException when the bytes are neither PNG nor JPEG
     */
    public static Rich image(byte[] bytes, String source) {
        notNull(bytes, "png");
        String from = source == null ? "" : " from " + source;
        String text, mime;
        if (startsWith(bytes, PNG) && bytes.length >= 24) {
            mime = "image/png";
            text = "PNG image " + int32(bytes, 16) + "x" + int32(bytes, 20) + ", " + bytes.length + " bytes" + from;
        } else if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8
                && (bytes[2] & 0xff) == 0xff) {
            mime = "image/jpeg";
            text = "JPEG image, " + bytes.length + " bytes" + from;
        } else {
            StringBuilder head = new StringBuilder();
            for (int i = 0; i < Math.min(8, bytes.length); i++)
                head.append(String.format(Locale.ROOT, "%02x ", bytes[i] & 0xff));
            throw new IllegalArgumentException("image" + (source == null ? "" : "(" + source + ")")
                    + ": expected PNG bytes (89 50 4e 47 ...) or JPEG bytes (ff d8 ff ...), got " + bytes.length
                    + " bytes starting " + (bytes.length == 0 ? "with nothing" : head.toString().strip()));
        }
        return of(mime, Base64.getEncoder().encodeToString(bytes), text);
    }

    private static Rich of(String mime, String content, String text) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("text/plain", text);
        d.put(mime, content);
        return new Rich(d);
    }

    /** MIME type to content (pictures as base64), {@code text/plain} first. */
    public Map<String, String> data() {
        return data;
    }

    /** The {@code text/plain} view: what a terminal prints. */
    @Override
    public String toString() {
        return data.get("text/plain");
    }

    /** The text of an HTML fragment: tags removed, block ends as line breaks, the common entities decoded. */
    static String text(String html) {
        String s = html.replaceAll("(?is)<(script|style)\\b[^>]*>.*?</\\1\\s*>", "")
                .replaceAll("(?i)<br\\s*/?>|</(p|div|tr|li|h[1-6]|table|ul|ol|pre)\\s*>", "\n")
                .replaceAll("(?i)</t[dh]\\s*>", " ")
                .replaceAll("<[^>]*>", "")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n")) {
            String l = line.strip().replaceAll("[ \t]+", " ");
            if (!l.isEmpty()) out.append(out.length() == 0 ? "" : "\n").append(l);
        }
        return out.toString();
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[i] != prefix[i]) return false;
        return true;
    }

    private static long int32(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static void notNull(Object o, String name) {
        if (o == null) throw new IllegalArgumentException(name + " must not be null");
    }
}
