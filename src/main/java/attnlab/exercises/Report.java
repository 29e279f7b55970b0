package attnlab.exercises;

import java.util.List;

/**
 * What a {@code check..} call found, printed by the REPL as its value (a failing one is also counted, for grading:
 * {@link Checker#failuresSince(long)}):
 * <pre>
 * 5.5 dot-product attention: 5 of 7 cases pass
 *   PASS   two tokens by hand        Q [1, 2, 2]  K [1, 2, 2]  V [1, 2, 2]
 *   FAIL   Lq != Lk, d_v != d_k      Q [2, 3, 4]  K [2, 5, 4]  V [2, 5, 6]
 *   ...
 *   first mismatch (Lq != Lk, d_v != d_k): out[0][1][2] expected 0.4213, got 0.3981 (off by 2.3200e-02)
 *   hint: ...
 * </pre>
 * Numbers are printed with {@link attnlab.tensor.TensorFormat#number}, so the text is the same on every JDK. An
 * exercise with several parts (5.6: the mask, then masked attention) has one section per part.
 */
public final class Report {
    /** The outcome of one case. */
    public enum Status { PASS, FAIL, ERROR }

    /** One case: its status, name, input shapes and, for an error, what was thrown. */
    public record Line(Status status, String name, String shapes, String detail) {}

    /**
     * One part of an exercise.
     *
     * @param title          e.g. "5.5 dot-product attention"
     * @param notImplemented the function threw UnsupportedOperationException or returned null
     * @param lines          one per case (empty when not implemented)
     * @param problem        the first mismatch or error, or null when every case passes
     * @param hint           the likely mistake, or null
     * @param howTo          what to do when not implemented (where the skeleton is, how to check again)
     */
    public record Section(String title, boolean notImplemented, List<Line> lines, String problem, String hint,
                          String howTo) {
        /** Every case passes. */
        public boolean passed() {
            return !notImplemented && lines.stream().allMatch(l -> l.status() == Status.PASS);
        }

        long passes() { return lines.stream().filter(l -> l.status() == Status.PASS).count(); }
    }

    private final String check;
    private final List<Section> sections;
    private final long tallied;        // this report's entry in the tally of failed checks, -1 when it passed
    private boolean failureExpected;   // expectFailure() ran

    /** A finished check; a failing one is recorded at once in the tally ({@link Checker#failedChecks()}). */
    Report(String check, List<Section> sections) {
        this.check = check;
        this.sections = List.copyOf(sections);
        tallied = passed() ? -1 : Tally.add(summary());
    }

    /** The check that made this report, e.g. {@code "check55"} or {@code "check56Tensor"}. */
    public String check() { return check; }

    /**
     * One line for a grader: {@code "check55 (5 of 7 cases fail)"}, {@code "check55 (not implemented yet)"}, with the
     * part when the exercise has several: {@code "check56 (5.6a: not implemented yet; 5.6b: 1 of 7 cases fail)"};
     * {@code "check55 (all 6 cases pass)"} when it passed.
     */
    public String summary() {
        List<String> parts = new java.util.ArrayList<>();
        for (Section s : sections) {
            if (s.passed() && sections.size() > 1) continue;
            String what = s.notImplemented() ? "not implemented yet"
                    : s.passed() ? "all " + s.lines().size() + " cases pass"
                    : (s.lines().size() - s.passes()) + " of " + s.lines().size() + " cases fail";
            parts.add(sections.size() > 1 ? s.title().split(" ")[0] + ": " + what : what);
        }
        return check + " (" + String.join("; ", parts) + ")";
    }

    /**
     * Marks this report as a failure shown on purpose (an exercise script demonstrating a mistake and its hint), so that
     * it does not fail a graded run; returns this report, which prints as before. A report that passes instead is
     * itself recorded as a failure ("expected to fail, but ..."): the demonstration no longer shows what it says.
     */
    public synchronized Report expectFailure() {
        if (failureExpected) return this;
        failureExpected = true;
        if (tallied >= 0) Tally.excuse(tallied);
        else Tally.add(check + " (expected to fail, but every case passes)");
        return this;
    }

    /** The parts, in order. */
    public List<Section> sections() { return sections; }

    /** Every case of every part passes. */
    public boolean passed() { return sections.stream().allMatch(Section::passed); }

    /** At least one part is still the untouched skeleton. */
    public boolean notImplemented() { return sections.stream().anyMatch(Section::notImplemented); }

    /** The first hint, or null. */
    public String hint() {
        return sections.stream().map(Section::hint).filter(h -> h != null).findFirst().orElse(null);
    }

    /** The first mismatch or error, or null. */
    public String problem() {
        return sections.stream().map(Section::problem).filter(h -> h != null).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Section s : sections) {
            if (sb.length() > 0) sb.append('\n');
            sb.append(s.title()).append(": ");
            if (s.notImplemented()) {
                sb.append("not implemented yet\n  ").append(s.howTo());
                continue;
            }
            int n = s.lines().size();
            sb.append(s.passed() ? "all " + n + " cases pass" : s.passes() + " of " + n + " cases pass");
            int width = s.lines().stream().mapToInt(l -> l.name().length()).max().orElse(0);
            for (Line l : s.lines()) {
                sb.append("\n  ").append(pad(l.status().name(), 6)).append(pad(l.name(), width + 2)).append(l.shapes());
                if (l.detail() != null) sb.append("\n         ").append(l.detail());
            }
            if (s.problem() != null) sb.append("\n  ").append(s.problem());
            if (s.hint() != null) sb.append("\n  hint: ").append(s.hint());
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(1, width - s.length()));
    }
}
