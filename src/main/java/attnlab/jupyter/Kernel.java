package attnlab.jupyter;

import attnlab.display.Inline;
import attnlab.repl.Repl;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * attnlab as a Jupyter kernel (messaging protocol 5.3): {@code ./attnlab --kernel CONNECTION_FILE}.
 *
 * <p>Threads: the shell thread serves shell requests one at a time (JShell is not thread-safe, so every session
 * call happens there); the control thread serves {@code interrupt_request} and {@code shutdown_request} even while
 * a cell runs; the heartbeat thread echoes pings; snippet output and displays are published from the snippet's own
 * thread through {@link Iopub}. The session (the same {@link Repl} as {@code ./attnlab}, with {@code startup.jsh})
 * is built in the background, so {@code kernel_info_request} is answered at once.
 *
 * <p>Interrupts: {@code interrupt_mode} is {@code message} (the kernelspec says so); SIGINT is handled the same way
 * (a stop, never the end of the JVM), for clients that signal anyway and for Ctrl-C in the terminal that started
 * Jupyter.
 */
public final class Kernel {
    private final ConnectionFile connection;
    private final PrintStream log = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
            StandardCharsets.UTF_8);
    private final Wire wire;
    private final ZContext context = new ZContext();
    private final CountDownLatch done = new CountDownLatch(1);
    private CompletableFuture<Repl> repl;
    private final IdleWarmup warmup = new IdleWarmup();
    private Iopub iopub;
    private CellRunner runner;
    private ReplOutput replOutput;
    private StdinChannel stdin;
    private History history;
    // the history goes to disk only for a kernel a client started (run), not for the launcher's training run
    private boolean historyOnDisk;
    private volatile JsonObject lastExecuteReply; // decides whether the cells queued behind it are aborted
    // When the last reply was about to be sent: a cell whose header date is later was sent after the client saw it.
    private volatile java.time.Instant lastReplyAt = java.time.Instant.EPOCH;
    // How long the last execute_request took from its receipt to its reply (monotonic clock); shell thread only.
    private java.time.Duration lastExecuteRan = java.time.Duration.ZERO;
    // The cells a failed cell aborts although they arrive after its failure was answered; shell thread only.
    private final AbortWindow abortWindow = new AbortWindow();
    // What the shell thread does once the request's `status idle` is out: recording the cell in the history wakes
    // the history's writer thread (a file append), which on a busy machine can take the shell thread's core just
    // before the reply and the idle are sent (median 0.07 ms, p90 2-5 ms under load); after the idle the client
    // waits for nothing. A history_request is served after this, on the same thread, so it still sees the cell.
    private Runnable afterIdle; // shell thread only

    Kernel(ConnectionFile connection) {
        this.connection = connection;
        this.wire = new Wire(connection.key(), log);
    }

    /**
     * Runs the kernel until a {@code shutdown_request}; returns the exit status.
     *
     * @param connectionFile the JSON file the client wrote
     * @param startup        the start-up source ({@code startup.jsh}), run exactly as the REPL runs it
     * @param home           the attnlab directory ({@code scripts/} for {@code /open}, {@code /exercises})
     */
    public static int run(Path connectionFile, String startup, Path home) throws IOException, InterruptedException {
        System.setProperty("java.awt.headless", "true"); // charts go inline, never to a window
        attnlab.repl.ExitGuard.instead("the kernel keeps running (Kernel menu: Shut Down or Restart to end it)");
        Kernel k = new Kernel(ConnectionFile.read(connectionFile));
        k.historyOnDisk = true;
        k.start(startup, home);
        k.awaitShutdown();
        k.close();
        return 0;
    }

    void start(String startup, Path home) {
        // The session (JShell, javac, startup.jsh: most of the start-up time) is built while the other sockets come
        // up; it only needs iopub (start-up messages are captured, never published). kernel_info is answered at
        // once; a cell waits for the session; the JIT warm-up runs only while the shell is quiet (IdleWarmup).
        iopub = new Iopub(bind(SocketType.PUB, connection.iopubPort()), wire);
        StreamOutput streams = new StreamOutput(iopub);
        replOutput = new ReplOutput(streams.stream("stdout"));
        NotebookDisplay display = new NotebookDisplay(iopub, streams);
        runner = new CellRunner(iopub, streams, replOutput, display);
        ZMQ.Socket stdinSocket = bind(SocketType.ROUTER, connection.stdinPort());
        stdin = new StdinChannel(stdinSocket, wire, streams);
        history = new History(historyOnDisk ? History.defaultFile(System.getenv()) : null, log);
        repl = CompletableFuture.supplyAsync(() -> {
            Repl r = new Repl(new PrintStream(replOutput, true, StandardCharsets.UTF_8), startup, home, null);
            // after the session installed its own System.out/err: the cell's streams, separate and live
            System.setOut(new PrintStream(streams.stream("stdout"), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(streams.stream("stderr"), true, StandardCharsets.UTF_8));
            System.setIn(stdin); // input_request while a cell runs, when the client allows stdin
            Inline.install(display);
            JitWarmup.start(startup, warmup::busy);
            return r;
        });
        ZMQ.Socket shell = bind(SocketType.ROUTER, connection.shellPort());
        ZMQ.Socket control = bind(SocketType.ROUTER, connection.controlPort());
        ZMQ.Socket hb = bind(SocketType.REP, connection.hbPort());
        daemon("attnlab-kernel-heartbeat", new Heartbeat(hb)).start();
        daemon("attnlab-kernel-control", () -> serve(control, true)).start();
        daemon("attnlab-kernel-shell", () -> serve(shell, false)).start();
        iopub.status("starting", new JsonObject());
        Interrupt.onSigint(this::interrupt);
        watchParent();
    }

    /**
     * Ends the kernel when the client that started it is gone (it sets JPY_PARENT_PID, as for ipykernel), so a
     * crashed client leaves no orphan JVM behind.
     */
    private void watchParent() {
        String pid = System.getenv("JPY_PARENT_PID");
        if (pid == null || !pid.matches("\\d+") || Long.parseLong(pid) <= 1) return;
        java.util.Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(pid));
        if (parent.isEmpty()) return;
        parent.get().onExit().thenRun(() -> {
            log.println("attnlab kernel: the client (pid " + pid + ") is gone; shutting down");
            shutdown();
        });
    }

    private ZMQ.Socket bind(SocketType type, int port) {
        ZMQ.Socket s = context.createSocket(type);
        s.setLinger(1000);
        String endpoint = connection.endpoint(port);
        if (!s.bind(endpoint)) throw new IllegalStateException("cannot bind " + endpoint);
        return s;
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /** The loop of the shell or the control socket: one request at a time, busy/idle around each. */
    private void serve(ZMQ.Socket socket, boolean control) {
        while (done.getCount() > 0) {
            Message request = wire.receive(socket);
            if (request == null) return;
            if (request == Message.MALFORMED) continue;
            if (!control) warmup.serving(true);
            try {
                if (!(control ? handle(socket, true, request) : serveShell(socket, request))) return;
            } finally {
                if (!control) warmup.serving(false);
            }
        }
    }

    /**
     * Serves a shell request; after a failed cell that stops the queue, the requests already queued behind it too:
     * their cells are answered {@code aborted}, not run, as ipykernel does, except cells sent after the failure was
     * answered (by their header's date), and other requests are served. A cell that {@link AbortWindow} knows for
     * one created before its client could have seen a failure is aborted whenever it comes (a delayed Run All cell).
     * A failure among the requests served here stops the queue in turn. False when the kernel shuts down.
     */
    private boolean serveShell(ZMQ.Socket socket, Message request) {
        java.time.Instant failedAt = null; // while the queue behind a failure is drained
        for (Message next = request; next != null;
             next = failedAt == null ? null : wire.receive(socket, ZMQ.DONTWAIT)) {
            if (next == Message.MALFORMED) continue;
            boolean execute = next.type().equals("execute_request");
            if (execute && (abortWindow.aborts(next) || (failedAt != null && !sentAfter(next, failedAt)))) {
                abort(socket, next);
                continue;
            }
            if (!handle(socket, false, next)) return false;
            if (failedAndStops(next)) {
                abortWindow.failed(next, lastExecuteRan);
                failedAt = lastReplyAt;
            } else if (execute) {
                abortWindow.ran(next);
            }
        }
        return true;
    }

    private boolean failedAndStops(Message request) {
        JsonObject r = lastExecuteReply;
        lastExecuteReply = null;
        return request.type().equals("execute_request") && r != null && "error".equals(r.get("status").getAsString())
                && request.flag("stop_on_error", true);
    }

    /** Answers a cell {@code aborted} without running it. */
    private void abort(ZMQ.Socket socket, Message request) {
        iopub.status("busy", request.header());
        JsonObject aborted = new JsonObject();
        aborted.addProperty("status", "aborted");
        wire.send(socket, wire.reply(request, "execute_reply", aborted));
        iopub.status("idle", request.header());
    }

    /** True when the request's header date is after {@code t} (a date that cannot be read counts as queued). */
    private static boolean sentAfter(Message m, java.time.Instant t) {
        try {
            return java.time.OffsetDateTime.parse(m.header().get("date").getAsString()).toInstant().isAfter(t);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Serves one request; false when the kernel shuts down. */
    private boolean handle(ZMQ.Socket socket, boolean control, Message request) {
        if (!control) iopub.parent(request.header());
        long received = System.nanoTime(); // after the receipt: the running time below is never overestimated
        iopub.status("busy", request.header());
        boolean replied = false;
        try {
            JsonObject reply = control ? control(request) : shell(request);
            if (!control) lastReplyAt = java.time.Instant.now(); // before the client can see the reply
            if (!control && request.type().equals("execute_request"))
                lastExecuteRan = java.time.Duration.ofNanos(System.nanoTime() - received);
            if (reply != null) wire.send(socket, wire.reply(request, replyType(request.type()), reply));
            replied = reply != null;
            if (request.type().equals("shutdown_request")) {
                iopub.publish("shutdown_reply", reply, request.header());
                iopub.status("idle", request.header());
                shutdown();
                return false;
            }
            if (request.type().equals("execute_request")) lastExecuteReply = reply;
        } catch (RuntimeException | Error e) { // never let one request end the kernel
            log.println("attnlab kernel: " + request.type() + " failed: " + e);
            e.printStackTrace(log);
            // an answer with the reason, so the client does not wait for a reply that never comes
            if (!replied && request.type().endsWith("_request")) wire.send(socket, wire.reply(request,
                    replyType(request.type()), errorReply(e)));
        }
        iopub.status("idle", request.header());
        if (!control && afterIdle != null) { // the shell thread's own field: never the control thread's business
            Runnable then = afterIdle;
            afterIdle = null;
            then.run();
        }
        return true;
    }

    private static String replyType(String requestType) {
        return requestType.replaceFirst("_request$", "_reply");
    }

    private JsonObject shell(Message request) {
        switch (request.type()) {
            case "kernel_info_request": return KernelInfo.content();
            case "execute_request": {
                JsonObject reply = stdin.during(request, () -> runner.execute(request, repl.join()));
                String output = runner.lastResult();
                afterIdle = () -> history.record(request, reply, output);
                return reply;
            }
            case "complete_request":
                return Completion.complete(request.text("code", ""), request.number("cursor_pos", 0), repl.join());
            case "inspect_request":
                return Inspection.inspect(request.text("code", ""), request.number("cursor_pos", 0), repl.join(),
                        replOutput);
            case "is_complete_request": // never waits for the session: jupyter console gives up after 1 s
                Repl ready = repl.getNow(null);
                return IsComplete.check(request.text("code", ""), ready == null ? null : ready.session());
            case "comm_info_request": return ok("comms", new JsonObject());
            case "history_request": return history.reply(request);
            case "shutdown_request": return shutdownReply(request);
            case "comm_open": case "comm_msg": case "comm_close": return null; // no comm targets: ignored
            default:
                log.println("attnlab kernel: unknown message type " + request.type() + " (ignored)");
                return null;
        }
    }

    private JsonObject control(Message request) {
        switch (request.type()) {
            case "interrupt_request":
                interrupt();
                return ok(null, null);
            case "shutdown_request": return shutdownReply(request);
            case "kernel_info_request": return KernelInfo.content();
            default:
                log.println("attnlab kernel: unknown control message type " + request.type() + " (ignored)");
                return null;
        }
    }

    private static JsonObject ok(String field, com.google.gson.JsonElement value) {
        JsonObject c = new JsonObject();
        c.addProperty("status", "ok");
        if (field != null) c.add(field, value);
        return c;
    }

    /** The protocol's error reply: {@code ename}, {@code evalue}, an empty traceback. */
    private static JsonObject errorReply(Throwable e) {
        JsonObject c = new JsonObject();
        c.addProperty("status", "error");
        c.addProperty("ename", e.getClass().getSimpleName());
        c.addProperty("evalue", String.valueOf(e.getMessage()));
        c.add("traceback", new JsonArray());
        return c;
    }

    private static JsonObject shutdownReply(Message request) {
        JsonObject c = ok(null, null);
        c.addProperty("restart", request.flag("restart", false));
        return c;
    }

    /** Stops the running cell (the REPL's Ctrl-C): variables stay; a no-op when nothing runs. */
    private void interrupt() {
        Repl r = repl == null ? null : repl.getNow(null);
        if (r == null) return;
        runner.interrupted();
        r.session().stop();
    }

    private void shutdown() {
        interrupt(); // a running cell must not keep the JVM
        done.countDown();
    }

    /** Waits for a {@code shutdown_request}. */
    void awaitShutdown() throws InterruptedException {
        done.await();
    }

    /** As {@link #awaitShutdown()}, at most {@code seconds}; false on time-out. */
    boolean awaitShutdown(long seconds) throws InterruptedException {
        return done.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    PrintStream log() {
        return log;
    }

    /** Lets ZeroMQ send the last replies, with a bound on the wait. */
    void close() throws InterruptedException {
        Thread closer = daemon("attnlab-kernel-close", context::close);
        closer.start();
        closer.join(1500);
    }
}
