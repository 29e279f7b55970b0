package attnlab.jupyter;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static attnlab.jupyter.KernelMessages.content;
import static attnlab.jupyter.KernelMessages.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attention view in a notebook, through the real jupyter_client: as a cell's value and by {@code .show()} it
 * arrives as {@code text/html} (its interactive page) beside its {@code text/plain} line, once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelAttentionViewTest {
    private KernelDriver client;

    static final String VIEW = "var view = attnlab.plot.AttentionView.of(new String[] {\"a\", \" <b>\"},"
            + " attnlab.tensor.Tensor.of(new double[][][] {{{1, 0}, {0.5, 0.5}}}));\n";

    @BeforeAll
    void start() throws Exception {
        client = KernelDriver.started("attnlab-kernel-view");
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) client.close();
    }

    @Test
    void asTheCellsValueAndByShow() throws Exception {
        JsonObject value = client.call(120, "execute", "code", VIEW + "view");
        JsonObject data = content(value, "execute_result").getAsJsonObject("data");
        assertTrue(data.get("text/plain").getAsString().startsWith("AttentionView: 1 layer × 1 head, 2 tokens"),
                data.toString());
        String html = data.get("text/html").getAsString();
        assertTrue(html.startsWith("<div id=\"attnlab-av-") && html.contains("\\u003cb\\u003e"), html);

        JsonObject shown = client.call(120, "execute", "code", "view.layer(0).head(0).show()");
        assertEquals(List.of("status:busy", "execute_input", "display_data", "status:idle"), types(shown),
                "shown once, inline, nothing printed");
        assertTrue(content(shown, "display_data").getAsJsonObject("data").has("text/html"));
    }
}
