package attnlab.jupyter;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Which later cells a failed cell ({@code stop_on_error}) aborts although they reach the kernel only after its
 * failure was answered: those its client created before it could have seen the failure, i.e. cells of a Run All
 * that were delayed on the way (a client descheduled between its sends, a busy machine's ZeroMQ threads).
 *
 * <p>Why not "dated before the failure was answered": that compares the client's clock with the kernel's, and a
 * client whose clock is behind (a remote kernel) would see its new cells aborted for as long as it is behind. Here
 * only the client's own dates are compared with each other: a cell created less than the failed cell's running time
 * (the kernel's monotonic clock, from its receipt to its reply) after the failed cell was created cannot be an answer
 * to the failure, which reached the client no sooner than that. A cell the client created later, even within
 * milliseconds, is a new cell and runs, as ipykernel runs it; so does a cell from another client (other session).
 *
 * <p>Shell thread only.
 */
final class AbortWindow {
    private String session; // of the failed cell; null: no window open
    private Instant failedCreated;
    private Duration failedRan;

    /** A cell failed and stops the queue: {@code ran} from its receipt to its reply, on the kernel's clock. */
    void failed(Message request, Duration ran) {
        Instant created = created(request);
        session = created == null ? null : session(request);
        failedCreated = created;
        // less 0.2 %: two machines' clocks may run at rates up to 1000 ppm apart (NTP slews each by up to 500 ppm)
        failedRan = ran.minus(ran.dividedBy(500));
    }

    /** An {@code execute_request} that runs: the window of its client closes (it created this after the failure). */
    void ran(Message request) {
        if (session != null && session.equals(session(request))) session = null;
    }

    /** True when {@code request} is a cell its client created before it could have seen the failure. */
    boolean aborts(Message request) {
        if (session == null || !request.type().equals("execute_request") || !session.equals(session(request)))
            return false;
        Instant created = created(request);
        return created != null && created.isBefore(failedCreated.plus(failedRan));
    }

    private static String session(Message m) {
        return m.header().has("session") && m.header().get("session").isJsonPrimitive()
                ? m.header().get("session").getAsString() : null;
    }

    /**
     * The header's {@code date} (ISO 8601, any number of fraction digits, {@code Z} or an offset; a date without an
     * offset is read as UTC: only compared with the same client's dates), or null when there is none.
     */
    static Instant created(Message m) {
        if (!m.header().has("date") || !m.header().get("date").isJsonPrimitive()) return null;
        String date = m.header().get("date").getAsString();
        try {
            return OffsetDateTime.parse(date).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(date).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
