package attnlab.jupyter;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AbortWindowTest {
    private static final Duration RAN = Duration.ofMillis(20); // the failed cell, from its receipt to its reply

    @Test
    void aCellItsClientCreatedBeforeItCouldHaveSeenTheFailureIsAborted() {
        AbortWindow w = failedAt("2026-12-08T00:08:36.100000Z");
        assertTrue(w.aborts(cell("a", "2026-12-08T00:08:36.100000Z")), "created with it (Run All)");
        assertTrue(w.aborts(cell("a", "2026-12-08T00:08:36.119959Z")), "the window is 0.2 % short of 20 ms");
        assertTrue(w.aborts(cell("a", "2026-12-08T00:08:35.900000Z")), "created before it");
    }

    @Test
    void aCellCreatedOnceTheFailureCouldHaveBeenSeenRuns() {
        AbortWindow w = failedAt("2026-12-08T00:08:36.100000Z");
        assertFalse(w.aborts(cell("a", "2026-12-08T00:08:36.119960Z")), "a clock running 0.2 % slow");
        assertFalse(w.aborts(cell("a", "2026-12-08T00:08:37Z")));
    }

    @Test
    void onlyTheFailedCellsClientIsJudgedItsClockIsNotOurs() {
        AbortWindow w = failedAt("2026-12-08T00:08:36.100000Z");
        assertFalse(w.aborts(cell("b", "2026-12-08T00:08:36.100000Z")), "another session");
        assertFalse(w.aborts(new Message(List.of(), header(null, "2026-12-08T00:08:36.1Z", "execute_request"),
                new JsonObject(), new JsonObject(), new JsonObject())), "no session");
        assertFalse(w.aborts(new Message(List.of(), header("a", "2026-12-08T00:08:36.1Z", "complete_request"),
                new JsonObject(), new JsonObject(), new JsonObject())), "only cells are aborted");
        assertFalse(w.aborts(cell("a", "yesterday")), "a date that cannot be read");
    }

    @Test
    void aCellOfThatClientThatRunsClosesTheWindow() {
        AbortWindow w = failedAt("2026-12-08T00:08:36.100000Z");
        w.ran(cell("b", "2026-12-08T00:08:36.200000Z"));
        assertTrue(w.aborts(cell("a", "2026-12-08T00:08:36.110000Z")), "another client's cell changes nothing");
        w.ran(cell("a", "2026-12-08T00:08:36.200000Z"));
        assertFalse(w.aborts(cell("a", "2026-12-08T00:08:36.110000Z")), "e.g. its clock was set back");
    }

    @Test
    void noFailureNoWindow() {
        assertFalse(new AbortWindow().aborts(cell("a", "2026-12-08T00:08:36.100000Z")));
        AbortWindow w = new AbortWindow();
        w.failed(cell("a", "not a date"), RAN);
        assertFalse(w.aborts(cell("a", "2026-12-08T00:08:36.100000Z")), "a failed cell without a date opens none");
    }

    @Test
    void datesAsClientsWriteThem() {
        Instant t = Instant.parse("2026-12-08T00:08:36.123456Z");
        assertEquals(t, AbortWindow.created(cell("a", "2026-12-08T00:08:36.123456Z")), "jupyter_client");
        assertEquals(t, AbortWindow.created(cell("a", "2026-12-08T00:08:36.123456+00:00")), "Python's isoformat");
        assertEquals(t, AbortWindow.created(cell("a", "2026-12-08T01:08:36.123456+01:00")), "an offset");
        assertEquals(t, AbortWindow.created(cell("a", "2026-12-08T00:08:36.123456")), "no offset (old clients)");
        assertEquals(Instant.parse("2026-12-08T00:08:36.123Z"),
                AbortWindow.created(cell("a", "2026-12-08T00:08:36.123Z")), "JavaScript's toISOString");
        assertEquals(Instant.parse("2026-12-08T00:08:36.123456789Z"),
                AbortWindow.created(cell("a", "2026-12-08T00:08:36.123456789Z")), "nanoseconds (Java)");
        assertNull(AbortWindow.created(new Message(List.of(), new JsonObject(), new JsonObject(), new JsonObject(),
                new JsonObject())));
    }

    private static AbortWindow failedAt(String date) {
        AbortWindow w = new AbortWindow();
        w.failed(cell("a", date), RAN);
        return w;
    }

    private static Message cell(String session, String date) {
        return new Message(List.of(), header(session, date, "execute_request"), new JsonObject(), new JsonObject(),
                new JsonObject());
    }

    private static JsonObject header(String session, String date, String type) {
        JsonObject h = new JsonObject();
        h.addProperty("msg_type", type);
        if (session != null) h.addProperty("session", session);
        h.addProperty("date", date);
        return h;
    }
}
