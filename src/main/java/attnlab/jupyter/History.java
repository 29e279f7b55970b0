package attnlab.jupyter;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The kernel's input history, for {@code history_request}: every cell run with {@code store_history} (not silent),
 * as {@code (session, line, input[, output])}, where line is the cell's execution count and output the text of its
 * last value. Sessions are numbered 1, 2, 3 ... across kernel starts, as IPython numbers them.
 *
 * <p>Persistence: one JSON line per cell, appended to {@code attnlab-kernel-history.jsonl} in the Jupyter data
 * directory ({@code $JUPYTER_DATA_DIR}, else {@code $XDG_DATA_HOME/jupyter}, else
 * {@code ~/.local/share/jupyter}), so a restarted kernel still answers for the cells before the restart. The file is
 * read on a background thread at start and written on another, so neither start-up nor a cell waits for the disk;
 * it keeps the last {@link #KEEP} cells. A file that cannot be read or written leaves the history in memory only.
 *
 * <p>Requests ({@code hist_access_type}): {@code tail} (the last {@code n} cells of all sessions), {@code range}
 * ({@code session}: 0 this one, -1 the one before, or a number; lines {@code start} to {@code stop}, stop
 * excluded) and {@code search} ({@code pattern} a glob, {@code *} and {@code ?}; the last {@code n}; with
 * {@code unique} each input once, at its latest place).
 */
final class History {
    static final int KEEP = 5000;

    record Entry(int session, int line, String input, String output) {}

    private final Path file;
    private final PrintStream log;
    private final CompletableFuture<List<Entry>> loaded;
    /** This kernel's session number: one more than the last in the file (set once it is read). */
    private int session;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "attnlab-kernel-history");
        t.setDaemon(true);
        return t;
    });

    History(Path file, PrintStream log) {
        this.file = file;
        this.log = log;
        this.loaded = CompletableFuture.supplyAsync(this::read, writer);
    }

    /** The history file in the Jupyter data directory of this environment (see the class comment). */
    static Path defaultFile(Map<String, String> env) {
        String data = env.get("JUPYTER_DATA_DIR");
        if (data == null || data.isBlank()) {
            String xdg = env.get("XDG_DATA_HOME");
            data = (xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".local", "share")
                    : Path.of(xdg)).resolve("jupyter").toString();
        }
        return Path.of(data, "attnlab-kernel-history.jsonl");
    }

    private List<Entry> read() {
        List<Entry> all = new ArrayList<>();
        if (file == null || !Files.isRegularFile(file)) return all;
        try {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    JsonObject o = JsonParser.parseString(l).getAsJsonObject();
                    JsonElement out = o.get("output");
                    all.add(new Entry(o.get("session").getAsInt(), o.get("line").getAsInt(),
                            o.get("input").getAsString(), out == null || out.isJsonNull() ? null : out.getAsString()));
                } catch (RuntimeException badLine) {
                    // a line cut by a crash: skipped
                }
            }
        } catch (IOException e) {
            log.println("attnlab kernel: history file " + file + " not read: " + e);
        }
        if (all.size() > KEEP) {
            all = new ArrayList<>(all.subList(all.size() - KEEP, all.size()));
            rewrite(all);
        }
        return all;
    }

    private void rewrite(List<Entry> kept) {
        StringBuilder sb = new StringBuilder();
        kept.forEach(e -> sb.append(json(e)).append('\n'));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            log.println("attnlab kernel: history file " + file + " not trimmed: " + e);
        }
    }

    private synchronized List<Entry> entries() {
        List<Entry> all = loaded.join();
        if (session == 0) session = all.stream().mapToInt(Entry::session).max().orElse(0) + 1;
        return all;
    }

    /** Records one cell (not silent, {@code store_history}) under its execution count. */
    void record(Message request, JsonObject reply, String output) {
        if (request.flag("silent", false) || !request.flag("store_history", true)) return;
        if (reply == null || !reply.has("execution_count")) return;
        String input = request.text("code", "");
        int line = reply.get("execution_count").getAsInt();
        writer.execute(() -> { // after the load, on the writer thread: the cell does not wait
            Entry e;
            synchronized (this) {
                List<Entry> all = entries();
                e = new Entry(session, line, input, output);
                all.add(e);
            }
            if (file == null) return;
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, json(e) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException | RuntimeException x) {
                log.println("attnlab kernel: history file " + file + " not written: " + x);
            }
        });
    }

    /** The {@code history_reply} content for {@code request}. */
    JsonObject reply(Message request) {
        List<Entry> found;
        boolean output = request.flag("output", false);
        String type = request.text("hist_access_type", "range");
        List<Entry> all;
        int current;
        try { // the cells recorded so far (the writer thread adds them in order)
            writer.submit(() -> { }).get();
        } catch (Exception e) {
            throw new IllegalStateException("the history is not available: " + e, e);
        }
        synchronized (this) {
            all = new ArrayList<>(entries());
            current = session;
        }
        switch (type) {
            case "tail":
                found = last(all, request.number("n", 10));
                break;
            case "search":
                Pattern glob = glob(request.text("pattern", "*"));
                List<Entry> hits = new ArrayList<>();
                for (Entry e : all) if (glob.matcher(e.input()).matches()) hits.add(e);
                if (request.flag("unique", false)) hits = unique(hits);
                found = request.content().has("n") && !request.content().get("n").isJsonNull()
                        ? last(hits, request.number("n", 0)) : hits;
                break;
            case "range":
                int s = request.number("session", 0);
                int wanted = s > 0 ? s : current + s;
                int start = request.number("start", 0), stop = request.number("stop", Integer.MAX_VALUE);
                found = new ArrayList<>();
                for (Entry e : all)
                    if (e.session() == wanted && e.line() >= start && e.line() < stop) found.add(e);
                break;
            default:
                throw new IllegalArgumentException("history_request: hist_access_type must be tail, range or search,"
                        + " got \"" + type + "\"");
        }
        JsonArray history = new JsonArray();
        for (Entry e : found) {
            JsonArray h = new JsonArray();
            h.add(e.session());
            h.add(e.line());
            if (output) {
                JsonArray io = new JsonArray();
                io.add(e.input());
                io.add(e.output() == null ? JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(e.output()));
                h.add(io);
            } else {
                h.add(e.input());
            }
            history.add(h);
        }
        JsonObject c = new JsonObject();
        c.addProperty("status", "ok");
        c.add("history", history);
        return c;
    }

    private static List<Entry> last(List<Entry> l, int n) {
        return n <= 0 ? new ArrayList<>() : new ArrayList<>(l.subList(Math.max(0, l.size() - n), l.size()));
    }

    /** Each input once, at its latest place, in order. */
    private static List<Entry> unique(List<Entry> hits) {
        Set<String> seen = new LinkedHashSet<>();
        List<Entry> out = new ArrayList<>();
        for (int i = hits.size() - 1; i >= 0; i--) if (seen.add(hits.get(i).input())) out.add(0, hits.get(i));
        return out;
    }

    /** A glob ({@code *} any text, {@code ?} one character, newlines included) as a regex. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static String json(Entry e) {
        JsonObject o = new JsonObject();
        o.addProperty("session", e.session());
        o.addProperty("line", e.line());
        o.addProperty("input", e.input());
        if (e.output() != null) o.addProperty("output", e.output());
        return o.toString();
    }
}
