package attnlab.kernel;

import attnlab.display.Inline;
import com.google.gson.JsonObject;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's {@link Inline.Sink}: {@code display(x)}, {@code chart.show()} and progress bars reach the notebook
 * as {@code display_data}, and a progress bar's later states as {@code update_display_data} of the same display id,
 * so it is redrawn in place. Output printed before the display is sent first, so the cell reads in order.
 */
final class NotebookDisplay implements Inline.Sink {
    private final Iopub iopub;
    private final StreamOutput streams;
    private final Set<String> shown = ConcurrentHashMap.newKeySet();

    NotebookDisplay(Iopub iopub, StreamOutput streams) {
        this.iopub = iopub;
        this.streams = streams;
    }

    @Override
    public boolean show(Object value) {
        JsonObject data = MimeBundle.of(value);
        streams.flush();
        JsonObject c = new JsonObject();
        c.add("data", data);
        c.add("metadata", new JsonObject());
        c.add("transient", new JsonObject());
        iopub.publish("display_data", c);
        return true;
    }

    @Override
    public boolean update(String id, String text) {
        String displayId = "attnlab-" + id;
        JsonObject data = new JsonObject();
        data.addProperty("text/plain", text);
        JsonObject transientPart = new JsonObject();
        transientPart.addProperty("display_id", displayId);
        JsonObject c = new JsonObject();
        c.add("data", data);
        c.add("metadata", new JsonObject());
        c.add("transient", transientPart);
        streams.flush();
        iopub.publish(shown.add(displayId) ? "display_data" : "update_display_data", c);
        return true;
    }
}
