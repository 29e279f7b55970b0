package attnlab.plot;

import javax.imageio.ImageIO;
import javax.swing.JComponent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every chart value can do: chain setters, render to an image or {@link #png()} bytes, {@link #save(String)}
 * as PNG and {@link #show()} in a window (or, with no display, in the terminal plus a PNG).
 *
 * <p><b>Windows:</b> they are opened by a separate viewer process, started on the first {@code show()} with a
 * display and kept for later ones; this JVM stays headless, so a killed X connection or a bad {@code DISPLAY} never
 * ends or breaks the REPL. {@code show()} on a chart whose window is still open updates that window in place (new
 * title, data, options; size kept) and brings it to the front; it does not open a second window. Once the window is
 * closed (or destroyed, or its viewer killed), {@code show()} opens a new one. Different chart values always get
 * their own windows, so several can be open at once; closing one never exits anything.
 *
 * <p>Charts are {@link Serializable} only so that the REPL can hand them to its viewer process.
 *
 * @param <C> the concrete chart type, so setters chain
 */
public abstract class Chart<C extends Chart<C>> implements Serializable {
    private static final long serialVersionUID = 1L;

    static { Headless.enforce(); } // before any subclass can touch AWT

    /** Folder for the PNG written when {@code show()} has no display; system property {@code attnlab.charts}. */
    static final String FALLBACK_DIR_PROPERTY = "attnlab.charts";

    /**
     * The default of that folder, relative to the working folder: a folder of its own, which attnlab's
     * {@code .gitignore} covers, so charts shown without a display never appear in a clone's {@code git status}.
     */
    static final String FALLBACK_DIR_DEFAULT = "charts/shown";

    /** Where {@code show()} without a display saves its PNG. */
    static Path fallbackFolder() {
        return Path.of(System.getProperty(FALLBACK_DIR_PROPERTY, FALLBACK_DIR_DEFAULT));
    }

    private static final AtomicLong IDS = new AtomicLong();
    private transient long windowId;
    private transient Path chosenFile;

    String title = "";
    int width;
    int height;

    Chart() {}

    @SuppressWarnings("unchecked")
    final C self() { return (C) this; }

    /** Sets the title drawn above the chart and used for the window. */
    public C title(String title) {
        this.title = title == null ? "" : title;
        return self();
    }

    /** Sets the picture size in pixels (for {@link #save(String)} and the first window size). */
    public C size(int width, int height) {
        if (width < 50 || height < 50 || width > 10000 || height > 10000)
            throw new IllegalArgumentException("size must be within 50..10000 pixels but was " + width + "x" + height);
        this.width = width;
        this.height = height;
        return self();
    }

    /** The width in pixels: the one set by {@link #size(int, int)}, else a default that fits the data. */
    public int width() { return width > 0 ? width : defaultWidth(); }

    public int height() { return height > 0 ? height : defaultHeight(); }

    public String title() { return title; }

    /** Renders the chart off-screen at {@code width × height} pixels (works headless). */
    public abstract BufferedImage image(int width, int height);

    /** Renders at {@link #width()} × {@link #height()}. */
    public BufferedImage image() { return image(width(), height()); }

    /** The PNG file content of {@link #image()} ({@link #width()} × {@link #height()}), e.g. for an inline display. */
    public byte[] png() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image(), "png", out)) throw new IOException("no PNG writer available");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the chart as PNG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Writes a PNG of {@link #width()} × {@link #height()} to {@code path} (".png" is added when missing), creating
     * missing folders. The file appears complete or not at all (temporary file, then an atomic move).
     *
     * <p>A path that names a folder (an existing folder such as {@code "/tmp"}, or any path ending in {@code /}
     * such as {@code "bdir/"}) saves a file inside it, named like the {@code show()} fallback: after the title, or
     * {@code heatmap-1.png}, {@code plot-1.png} ... when untitled, taking the next free name ({@code -2}, {@code -3}
     * ...) rather than overwriting a file; the same chart saved again to the same folder keeps its name. A leading
     * {@code ~} or {@code ~/} is the home folder, as in a shell.
     *
     * @return the absolute path written
     * @throws UncheckedIOException naming the path when it cannot be written
     */
    public Path save(String path) { return save(path, width(), height()); }

    /** {@link #save(String)} at the given size. */
    public Path save(String path, int width, int height) {
        path = ChartFiles.expandHome(path);
        Path folder = path == null ? null : ChartFiles.folderNamedBy(path);
        if (folder == null) return Png.write(image(width, height), path);
        return Png.write(image(width, height), ownFile(folder).toString());
    }

    /**
     * Opens the chart in a window; showing it again updates that window (see the class comment). A front end that
     * shows charts inline (the Jupyter kernel) gets it instead. With no display (no DISPLAY, a DISPLAY that no X
     * server answers, or {@code java.awt.headless=true} given to the JVM) it never throws: it prints
     * {@link #terminal(boolean)} and saves a PNG under {@code charts/shown/} (property {@code attnlab.charts}), printing
     * where. The file is named after the title, or {@code heatmap-1.png}, {@code plot-1.png} ... for untitled charts;
     * an existing file is never overwritten (the next free name, {@code -2}, {@code -3} ..., is taken), and the same
     * chart shown again keeps its file.
     */
    public C show() {
        if (attnlab.display.Inline.show(this)) return self();
        String why = Display.reason();
        if (why.isEmpty()) {
            if (windowId == 0) windowId = IDS.incrementAndGet();
            try {
                why = Viewer.show(windowId, this);
            } catch (InterruptedException e) { // Ctrl-C while the window opens: not a display failure
                Thread.currentThread().interrupt();
                return self();
            }
            if (why.isEmpty()) return self();
        }
        showInTerminal(System.out, why);
        return self();
    }

    /** The id of this chart's window in the viewer (0 before the first show with a display). */
    long windowId() { return windowId; }

    void showInTerminal(PrintStream out, String why) {
        out.print(terminal(Terminal.colorEnabled()));
        Path dir = fallbackFolder();
        try {
            Path p = Png.write(image(), ownFile(dir).toString());
            out.println("(no chart window: " + why + "; saved " + p + ")");
        } catch (UncheckedIOException | IllegalArgumentException e) {
            out.println("(no chart window: " + why + "; PNG not saved: " + e.getMessage() + ")");
        }
    }

    // This chart's own file in `dir`: the one it took before, else a newly reserved free name.
    private Path ownFile(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        if (chosenFile != null && chosenFile.getParent().equals(d)) return chosenFile;
        String slug = Labels.slug(title);
        try {
            chosenFile = ChartFiles.reserve(d, slug.isEmpty() ? kind() : slug, slug.isEmpty());
        } catch (IOException | SecurityException e) {
            throw new UncheckedIOException("cannot save chart in " + d + ": " + Png.reason(e),
                    e instanceof IOException io ? io : new IOException(e));
        }
        return chosenFile;
    }

    /** The terminal view: 24-bit ANSI colour when {@code color}, plain characters otherwise. */
    public abstract String terminal(boolean color);

    /** Prints {@link #terminal(boolean)} to stdout, in colour unless the environment sets {@code NO_COLOR}. */
    public C ansi() {
        System.out.print(terminal(Terminal.colorEnabled()));
        return self();
    }

    /** A fresh Swing component that paints this chart at its own size; called on the event thread. */
    abstract JComponent component();

    abstract int defaultWidth();

    abstract int defaultHeight();

    /** "heatmap", "plot": used for file names the chart chooses. */
    abstract String kind();
}
