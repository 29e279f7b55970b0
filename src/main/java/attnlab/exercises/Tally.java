package attnlab.exercises;

import java.util.ArrayList;
import java.util.List;

/**
 * Every failed {@code check..} call in this JVM, in order, so that whoever runs the student's code can grade it:
 * script mode ({@code ./attnlab my_ex5_05.jsh}) ends with a non-zero status, the Jupyter kernel answers with an
 * error. The REPL only prints the report. Read it with a mark:
 * <pre>
 *   long mark = Checker.failedChecks();        before the student's code runs
 *   ...                                        check55(...) fails: one entry, "check55 (5 of 7 cases fail)"
 *   Checker.failuresSince(mark)                ["check55 (5 of 7 cases fail)"]
 * </pre>
 * A report that a script shows on purpose ({@link Report#expectFailure()}) is excused: it keeps its place (marks stay
 * valid) but is no longer listed. Thread-safe: the REPL, a kernel's execute thread and tests may all check at once.
 */
final class Tally {
    private Tally() {}

    /** One failed check: its summary, and whether a script excused it as a demonstration. */
    private static final class Entry {
        final String summary;
        boolean excused;

        Entry(String summary) { this.summary = summary; }
    }

    private static final List<Entry> ENTRIES = new ArrayList<>(); // guarded by itself; only failures, a few bytes each

    /** Records a failed check; returns its position, for {@link #excuse}. */
    static long add(String summary) {
        synchronized (ENTRIES) {
            ENTRIES.add(new Entry(summary));
            return ENTRIES.size() - 1;
        }
    }

    /** Stops listing entry {@code index} (a failure shown on purpose). */
    static void excuse(long index) {
        synchronized (ENTRIES) {
            ENTRIES.get((int) index).excused = true;
        }
    }

    /** How many failed checks were recorded so far (excused ones included): a mark for {@link #since}. */
    static long count() {
        synchronized (ENTRIES) {
            return ENTRIES.size();
        }
    }

    /** The summaries of the failures recorded at or after {@code mark} that were not excused, oldest first. */
    static List<String> since(long mark) {
        if (mark < 0) throw new IllegalArgumentException("mark must be >= 0 (a value of failedChecks()) but was " + mark);
        List<String> out = new ArrayList<>();
        synchronized (ENTRIES) {
            for (int i = (int) Math.min(mark, ENTRIES.size()); i < ENTRIES.size(); i++)
                if (!ENTRIES.get(i).excused) out.add(ENTRIES.get(i).summary);
        }
        return List.copyOf(out);
    }
}
