package attnlab.plot;

import javax.swing.JComponent;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every chart value can do: chain setters, render to an image, {@link #save(String)} as PNG and
 * {@link #show()} in a window (or, with no display, in the terminal plus a PNG).
 *
 * <p><b>Showing twice:</b> {@code show()} on a chart whose window is still open updates that window in place (new
 * title, data options, size kept) and brings it to the front; it does not open a second window. Once the window is
 * closed, {@code show()} opens a new one. Different chart values always get their own windows, so several can be
 * open at once; closing one never exits the program (the frames use {@code DISPOSE_ON_CLOSE}).
 *
 * @param <C> the concrete chart type, so setters chain
 */
public abstract class Chart<C extends Chart<C>> {
    /** Folder for the PNG written when {@code show()} has no display; system property {@code attnlab.charts}. */
    static final String FALLBACK_DIR_PROPERTY = "attnlab.charts";

    private static final AtomicInteger UNTITLED = new AtomicInteger();
    private int untitledNumber;

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

    /**
     * Writes a PNG of {@link #width()} × {@link #height()} to {@code path} (".png" is added when missing), creating
     * missing folders. The file appears complete or not at all (temporary file, then an atomic move).
     *
     * @return the absolute path written
     * @throws UncheckedIOException naming the path when it cannot be written
     */
    public Path save(String path) { return Png.write(image(), path); }

    /** {@link #save(String)} at the given size. */
    public Path save(String path, int width, int height) { return Png.write(image(width, height), path); }

    /**
     * Opens the chart in a window; showing it again updates that window (see the class comment). With no display
     * (no DISPLAY, a DISPLAY that cannot be opened, or {@code java.awt.headless=true}) it never throws: it prints
     * {@link #terminal(boolean)} and saves a PNG under {@code charts/} (property {@code attnlab.charts}), saying
     * where: the file is named after the title, or {@code heatmap-1.png}, {@code plot-2.png} ... for untitled
     * charts (the same chart keeps its name).
     */
    public C show() {
        if (Display.windowsAvailable()) {
            try {
                ChartWindow.show(this);
                return self();
            } catch (InterruptedException e) { // Ctrl-C while the window opens: not a display failure
                Thread.currentThread().interrupt();
                return self();
            } catch (Throwable t) { // HeadlessException, AWTError, UnsatisfiedLinkError ...
                Display.windowFailed(t);
            }
        }
        showInTerminal(System.out);
        return self();
    }

    void showInTerminal(PrintStream out) {
        out.print(terminal(Terminal.colorEnabled()));
        String name = Labels.slug(title);
        if (name.isEmpty()) {
            if (untitledNumber == 0) untitledNumber = UNTITLED.incrementAndGet();
            name = kind() + "-" + untitledNumber;
        }
        String dir = System.getProperty(FALLBACK_DIR_PROPERTY, "charts");
        try {
            Path p = save(Path.of(dir, name + ".png").toString());
            out.println("(no chart window: " + Display.reason() + "; saved " + p + ")");
        } catch (UncheckedIOException | Error e) {
            out.println("(no chart window: " + Display.reason() + "; PNG not saved: " + e.getMessage() + ")");
        }
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

    /** "heatmap", "plot": used for fallback file names. */
    abstract String kind();
}
