package attnlab.jupyter;

import attnlab.plot.AttentionView;
import attnlab.tensor.Tensor;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An {@link attnlab.display.HtmlView} reaches the notebook as {@code text/html} beside its {@code text/plain}. */
class MimeBundleHtmlTest {
    @Test
    void attentionViewIsHtml() {
        AttentionView v = AttentionView.of(new String[] {"a", "b"}, Tensor.of(new double[][][] {{{1, 0}, {0.5, 0.5}}}));
        JsonObject data = MimeBundle.of(v);
        assertEquals(v.toString(), data.get("text/plain").getAsString());
        String html = data.get("text/html").getAsString();
        assertTrue(html.startsWith("<div id=\"attnlab-av-") && html.contains("<script>"), html.substring(0, 60));
        assertFalse(data.has("image/png"));
    }
}
