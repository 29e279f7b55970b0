package attnlab.jupyter;

import attnlab.grad.GradReport;
import attnlab.display.ValueFormat;
import attnlab.tensor.Tensor;
import attnlab.tensor.TensorHtml;
import com.google.gson.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * How a value looks in a notebook: a MIME bundle that always holds {@code text/plain} (the REPL's printer) and, for
 * the toolkit's types, a richer view the front end prefers:
 * <ul>
 *   <li>Tensor: {@code text/html} table ({@link TensorHtml});</li>
 *   <li>GradReport: {@code text/html} table with the worst index ({@link GradReport#html()});</li>
 *   <li>every chart ({@link attnlab.plot.Chart}: heatmaps, heads grids, PE pictures, line charts, training
 *   figures) and any {@link java.awt.image.RenderedImage}: {@code image/png}, base64, with the REPL's text of
 *   the chart ({@code Heatmap [4, 4] "title", scale 0..1}) as text/plain;</li>
 *   <li>{@link attnlab.display.Rich} ({@code html(..)}, {@code markdown(..)}, {@code latex(..)}, {@code image(..)}):
 *   its own bundle;</li>
 *   <li>an {@link attnlab.display.HtmlView} (the attention view): {@code text/html}, interactive.</li>
 * </ul>
 * AWT is touched only when a picture is actually rendered, so the kernel starts without it.
 */
final class MimeBundle {
    private MimeBundle() {}

    static JsonObject of(Object value) {
        JsonObject data = new JsonObject();
        if (value instanceof attnlab.display.Rich) { // html(..), markdown(..), latex(..), image(..)
            ((attnlab.display.Rich) value).data().forEach(data::addProperty);
            return data;
        }
        if (value instanceof attnlab.plot.Chart) {
            attnlab.plot.Chart<?> chart = (attnlab.plot.Chart<?>) value;
            data.addProperty("text/plain", ValueFormat.format(chart)); // what it is: kind, shape, title, scale
            data.addProperty("image/png", Base64.getEncoder().encodeToString(chart.png()));
            return data;
        }
        if (value instanceof java.awt.image.RenderedImage) {
            java.awt.image.RenderedImage image = (java.awt.image.RenderedImage) value;
            data.addProperty("text/plain", "image " + image.getWidth() + "x" + image.getHeight());
            data.addProperty("image/png", png(image));
            return data;
        }
        data.addProperty("text/plain", ValueFormat.format(value));
        if (value instanceof Tensor) data.addProperty("text/html", TensorHtml.html((Tensor) value));
        if (value instanceof GradReport) data.addProperty("text/html", ((GradReport) value).html());
        if (value instanceof attnlab.display.HtmlView)
            data.addProperty("text/html", ((attnlab.display.HtmlView) value).html());
        return data;
    }

    /** The image as base64 PNG text. */
    static String png(java.awt.image.RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart as PNG", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
