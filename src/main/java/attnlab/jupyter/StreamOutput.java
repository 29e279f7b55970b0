package attnlab.jupyter;

import com.google.gson.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A cell's {@code System.out} and {@code System.err}, forwarded as iopub {@code stream} messages while the cell runs.
 *
 * <p>Bytes are collected and sent when a line ends and at most {@link #FLUSH_MILLIS} later for text without a newline
 * (a {@code print} followed by a long computation still shows up): the one timer thread flushes both streams. Stdout
 * and stderr share one lock and one pending buffer at a time, so their interleaving arrives in the order it happened.
 * Text is cut only at UTF-8 character boundaries.
 */
final class StreamOutput {
    static final long FLUSH_MILLIS = 50;

    private final Iopub iopub;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private String pendingName;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "attnlab-kernel-stream-flush");
        t.setDaemon(true);
        return t;
    });

    StreamOutput(Iopub iopub) {
        this.iopub = iopub;
        timer.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The stream {@code name} ("stdout" or "stderr") as an OutputStream. */
    OutputStream stream(String name) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                append(name, b, off, len);
            }

            @Override
            public void flush() {
                // the timer and the end of the cell flush; flushing here would send one message per print
            }
        };
    }

    private synchronized void append(String name, byte[] b, int off, int len) {
        if (pendingName != null && !pendingName.equals(name)) flush(); // keep stdout/stderr interleaving
        pendingName = name;
        pending.write(b, off, len);
        if (pending.size() > 1 << 16) flush();
    }

    /** Sends what is pending (complete UTF-8 characters only). */
    synchronized void flush() {
        if (pending.size() == 0) return;
        byte[] all = pending.toByteArray();
        int end = utf8Boundary(all);
        if (end == 0) return;
        JsonObject c = new JsonObject();
        c.addProperty("name", pendingName);
        c.addProperty("text", new String(all, 0, end, StandardCharsets.UTF_8));
        pending.reset();
        pending.write(all, end, all.length - end);
        if (pending.size() == 0) pendingName = null;
        iopub.publish("stream", c);
    }

    /** The length of the longest prefix of {@code b} that does not end inside a UTF-8 sequence. */
    static int utf8Boundary(byte[] b) {
        int n = b.length, i = n - 1, back = 0;
        while (i >= 0 && back < 3 && (b[i] & 0xC0) == 0x80) { i--; back++; } // continuation bytes
        if (i < 0) return n;
        int lead = b[i] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return n - i >= need ? n : i;
    }
}
