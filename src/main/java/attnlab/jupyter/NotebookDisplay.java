package attnlab.jupyter;

import attnlab.display.Inline;
import com.google.gson.JsonObject;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's {@link Inline.Sink}: {@code display(x)}, {@code chart.show()} and progress bars reach the notebook
 * as {@code display_data}, and a progress bar's later states as {@code update_display_data} of the same display id,
 * so it is redrawn in place. Output printed before the display is sent first, so the cell reads in order.
 *
 * {@code display(x, id)} and {@code updateDisplay(id, x)} name the display area themselves.
 *
 * <p>It remembers the last value it showed, so that {@code chart.show()} as a cell's last expression (which returns
 * the chart) is not shown a second time as the cell's result ({@link #shownSince}).
 */
final class NotebookDisplay implements Inline.Sink {
    private final Iopub iopub;
    private final StreamOutput streams;
    private final Set<String> shown = ConcurrentHashMap.newKeySet();
    private volatile Object lastShown;

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
        lastShown = value;
        return true;
    }

    /** Forgets the last value shown: {@link #shownSince} then answers for what is shown from now on. */
    void mark() {
        lastShown = null;
    }

    /** True when {@code value} (the same object, not null) was the last value shown since {@link #mark}. */
    boolean shownSince(Object value) {
        return value != null && value == lastShown;
    }

    /**
     * {@code display(x, id)} and {@code updateDisplay(id, x)}: the user's id is the protocol's
     * {@code transient.display_id} as given (the progress bar's ids are prefixed with {@code attnlab-}, so they
     * cannot clash). An update of an id not shown yet in this kernel opens its area.
     */
    @Override
    public boolean show(Object value, String id, boolean update) {
        JsonObject data = MimeBundle.of(value);
        JsonObject transientPart = new JsonObject();
        transientPart.addProperty("display_id", id);
        JsonObject c = new JsonObject();
        c.add("data", data);
        c.add("metadata", new JsonObject());
        c.add("transient", transientPart);
        streams.flush();
        boolean known = !shown.add(id);
        iopub.publish(update && known ? "update_display_data" : "display_data", c);
        if (!update) lastShown = value;
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
