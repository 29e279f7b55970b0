package attnlab.jupyter;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reading what {@link KernelDriver#call} answers to one request: its {@code reply} and the {@code iopub} messages the
 * kernel sent meanwhile, in order. One place for the kernel tests, so they all read the messages the same way.
 */
final class KernelMessages {
    private KernelMessages() {
    }

    /** The reply's status: {@code ok}, {@code error} or {@code aborted}. */
    static String status(JsonObject answer) {
        return answer.getAsJsonObject("reply").get("status").getAsString();
    }

    /** The contents of the iopub messages of one type, in the order they came. */
    static List<JsonObject> contents(JsonObject answer, String type) {
        List<JsonObject> c = new ArrayList<>();
        for (JsonElement e : answer.getAsJsonArray("iopub"))
            if (e.getAsJsonObject().get("msg_type").getAsString().equals(type))
                c.add(e.getAsJsonObject().getAsJsonObject("content"));
        return c;
    }

    /** The content of the first iopub message of one type; fails the test if there is none. */
    static JsonObject content(JsonObject answer, String type) {
        List<JsonObject> c = contents(answer, type);
        if (c.isEmpty()) throw new AssertionError("no " + type + ": " + answer);
        return c.get(0);
    }

    /** The iopub message types in order, a status as {@code status:busy} or {@code status:idle}. */
    static List<String> types(JsonObject answer) {
        List<String> t = new ArrayList<>();
        for (JsonElement e : answer.getAsJsonArray("iopub")) {
            JsonObject m = e.getAsJsonObject();
            String type = m.get("msg_type").getAsString();
            t.add(type.equals("status") ? "status:" + m.getAsJsonObject("content").get("execution_state").getAsString()
                    : type);
        }
        return t;
    }

    /** The {@code text/plain} of each iopub message of one type (display_data, execute_result, ...). */
    static List<String> plain(JsonObject answer, String type) {
        List<String> t = new ArrayList<>();
        for (JsonObject c : contents(answer, type)) t.add(c.getAsJsonObject("data").get("text/plain").getAsString());
        return t;
    }

    /** The {@code text/plain} of the (first) execute_result: the cell's value as the kernel shows it. */
    static String result(JsonObject answer) {
        return content(answer, "execute_result").getAsJsonObject("data").get("text/plain").getAsString();
    }

    /** All the text the cell printed, stdout and stderr streams alike, in order. */
    static String stdout(JsonObject answer) {
        StringBuilder sb = new StringBuilder();
        for (JsonObject c : contents(answer, "stream")) sb.append(c.get("text").getAsString());
        return sb.toString();
    }

    /** An error message's traceback lines, joined. */
    static String traceback(JsonObject error) {
        return String.join("\n", strings(error.getAsJsonArray("traceback")));
    }

    /** A JSON array of strings as a list. */
    static List<String> strings(JsonArray a) {
        List<String> s = new ArrayList<>();
        a.forEach(e -> s.add(e.getAsString()));
        return s;
    }

    /** Deletes a temporary directory and everything in it (the kernel tests' prefix). */
    static void deleteTree(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
