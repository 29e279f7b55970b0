package attnlab.exercises;

import attnlab.tensor.Checks;
import attnlab.tensor.Interrupts;
import attnlab.tensor.Tensor;
import attnlab.tensor.TensorFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The engine behind every {@code check..}: runs the student's function and the toolkit's reference on the same cases,
 * compares them entry by entry, and when they differ, looks for the mistake by running mutated references (the
 * reference with one known bug each: no 1/sqrt(d_k), softmax over the wrong axis, ...) on the failing input. A mutant
 * whose output equals the student's names the bug.
 * <pre>
 *   close(e, a)  iff  e == a (equal infinities), both NaN, or |e - a| &lt;= ATOL + RTOL |e|
 * </pre>
 * The function counts as "not implemented yet" when it returns null or throws {@link UnsupportedOperationException}
 * on the first case (an untouched skeleton). Every other exception is reported as an ERROR line with its type, message
 * and the student's own frame; the checker itself never throws because of the student's code. Ctrl-C still stops it:
 * the REPL's stop ({@code ThreadDeath}, an Error) is not caught, and the toolkit's {@link Interrupts.Stopped} is
 * rethrown.
 *
 * <p>Every failing report is also counted ({@link #failedChecks()}, {@link #failuresSince(long)}), so that a script
 * run or a notebook can be graded: {@code ./attnlab my_ex5_05.jsh} exits with status 1 and a one-line summary when a
 * check failed. This tally is the only public part of the engine.
 */
public final class Checker {
    /** Absolute and relative tolerance: loose enough for any summation order in double, tight enough for any bug. */
    static final double ATOL = 1e-9, RTOL = 1e-7;

    private Checker() {}

    /**
     * How many {@code check..} calls failed in this JVM so far (failing cases, an error, or "not implemented yet"):
     * take it as a mark before running a student's code, then ask {@link #failuresSince(long)}. Thread-safe.
     */
    public static long failedChecks() {
        return Tally.count();
    }

    /**
     * One summary per check that failed since {@code mark} (a value of {@link #failedChecks()}), oldest first, e.g.
     * {@code ["check55 (2 of 7 cases fail)", "check56 (5.6a: not implemented yet)"]}; empty when every check since then
     * passed. Failures shown on purpose ({@link Report#expectFailure()}) are left out. Thread-safe.
     *
     * @throws IllegalArgumentException if {@code mark} is negative
     */
    public static List<String> failuresSince(long mark) {
        return Tally.since(mark);
    }

    /** The student's function returned null or one of its results is null: an untouched skeleton. */
    static final class NotImplemented extends RuntimeException {
        NotImplemented() { super(null, null, false, false); }
    }

    /** The student's result cannot be read as a tensor (ragged, empty, wrong count). */
    static final class BadResult extends RuntimeException {
        BadResult(String message) { super(message, null, false, false); }
    }

    /**
     * One input set.
     *
     * @param name     shown on the report line, e.g. "Lq != Lk"
     * @param shapes   the input shapes, shown after the name
     * @param input    what the reference and the student's function receive
     * @param edgeHint what to say when this case fails and no known mistake explains it, or null
     */
    record Case<I>(String name, String shapes, I input, String edgeHint) {}

    /**
     * A known mistake and the hint to give when the student's output shows it: usually a mutated reference whose output
     * equals the student's ({@link #of}); sometimes a test on the output itself ({@link #when}), e.g. "the blocked cells
     * are finite". A hint may quote what the student returned ({@link #described}, {@link #whenDescribed}), so that it
     * never describes an output the student did not get.
     */
    record Mistake<I>(BiPredicate<I, Tensor[]> shows, BiFunction<I, Tensor[], String> hint) {
        static <I> Mistake<I> of(String hint, Function<I, Tensor[]> mutant) {
            return described(mutant, (in, actual) -> hint);
        }

        static <I> Mistake<I> of(Function<I, Tensor[]> mutant, Function<I, String> hint) {
            return described(mutant, (in, actual) -> hint.apply(in));
        }

        static <I> Mistake<I> described(Function<I, Tensor[]> mutant, BiFunction<I, Tensor[], String> hint) {
            return new Mistake<>((in, actual) -> {
                Tensor[] m;
                try {
                    m = mutant.apply(in);
                } catch (RuntimeException e) { // a mutant that does not apply to this shape (e.g. square only)
                    return false;
                }
                return matches(m, actual);
            }, hint);
        }

        static <I> Mistake<I> when(String hint, BiPredicate<I, Tensor[]> shows) {
            return new Mistake<>(shows, (in, actual) -> hint);
        }

        static <I> Mistake<I> whenDescribed(BiPredicate<I, Tensor[]> shows, BiFunction<I, Tensor[], String> hint) {
            return new Mistake<>(shows, hint);
        }
    }

    /**
     * Everything one part of an exercise needs.
     *
     * @param title     e.g. "5.5 dot-product attention"
     * @param howTo     shown when the function is not implemented yet
     * @param outputs   names of the outputs, e.g. {"out"} or {"dQ", "dK", "dV"}
     * @param reference the toolkit's answer for an input
     */
    record Spec<I>(String title, String howTo, String[] outputs, List<Case<I>> cases, Function<I, Tensor[]> reference,
                   List<Mistake<I>> mistakes) {}

    /** What a check says while the function is still the skeleton's TODO, e.g. {@code howTo("ex5_05")}. */
    static String howTo(String skeleton) {
        return "the function you passed still throws UnsupportedOperationException(\"TODO\") or returns null.\n"
                + "  Fill in its body (skeleton: /open scripts/student/" + skeleton + ".jsh), then check again.";
    }

    /** The whole report of {@code check} (e.g. "check58Tensor"), a one-section check of a function with one output. */
    static <I> Report single(String check, Spec<I> spec, Function<I, Tensor> student) {
        return new Report(check, List.of(run(spec, in -> new Tensor[] {student.apply(in)})));
    }

    /** Runs every case of {@code spec} through {@code student} and returns the section of the report. */
    static <I> Report.Section run(Spec<I> spec, Function<I, Tensor[]> student) {
        List<Report.Line> lines = new ArrayList<>();
        String problem = null, hint = null, fallbackHint = null; // fallback: the edge hint of the first failing case
        boolean failed = false;
        for (int c = 0; c < spec.cases().size(); c++) {
            Interrupts.poll(); // Ctrl-C between cases stops the whole check
            Case<I> cs = spec.cases().get(c);
            Tensor[] expected = spec.reference().apply(cs.input());
            Tensor[] actual;
            try {
                actual = student.apply(cs.input());
            } catch (Interrupts.Stopped e) {
                throw e;
            } catch (NotImplemented | UnsupportedOperationException e) {
                if (c == 0) return new Report.Section(spec.title(), true, List.of(), null, null, spec.howTo());
                lines.add(new Report.Line(Report.Status.ERROR, cs.name(), cs.shapes(), thrown(e)));
                if (problem == null) problem = "first problem (" + cs.name() + "): " + thrown(e);
                failed = true;
                continue;
            } catch (BadResult e) {
                lines.add(new Report.Line(Report.Status.FAIL, cs.name(), cs.shapes(), e.getMessage()));
                if (problem == null) problem = "first problem (" + cs.name() + "): " + e.getMessage();
                failed = true;
                continue;
            } catch (Exception | StackOverflowError e) {
                lines.add(new Report.Line(Report.Status.ERROR, cs.name(), cs.shapes(), thrown(e)));
                if (problem == null) problem = "first problem (" + cs.name() + "): " + thrown(e);
                if (!failed) fallbackHint = cs.edgeHint();
                failed = true;
                continue;
            }
            String diff = difference(spec.outputs(), expected, actual);
            if (diff == null) {
                lines.add(new Report.Line(Report.Status.PASS, cs.name(), cs.shapes(), null));
                continue;
            }
            boolean shape = diff.contains(" has shape ");
            lines.add(new Report.Line(Report.Status.FAIL, cs.name(), cs.shapes(), shape ? diff : null));
            if (problem == null) problem = "first mismatch (" + cs.name() + "): " + diff;
            if (hint == null) hint = diagnose(spec.mistakes(), cs.input(), actual);
            if (!failed) fallbackHint = cs.edgeHint();
            failed = true;
        }
        return new Report.Section(spec.title(), false, lines, problem, hint != null ? hint : fallbackHint, spec.howTo());
    }

    /** The hint of the first mistake that {@code actual} shows on {@code input}, or null. */
    static <I> String diagnose(List<Mistake<I>> mistakes, I input, Tensor[] actual) {
        for (Mistake<I> m : mistakes) if (m.shows().test(input, actual)) return m.hint().apply(input, actual);
        return null;
    }

    /** All outputs have equal shapes and are close everywhere. */
    static boolean matches(Tensor[] a, Tensor[] b) {
        if (a.length != b.length) return false;
        for (int k = 0; k < a.length; k++) if (firstMismatch("", a[k], b[k]) != null) return false;
        return true;
    }

    /**
     * Null when every output is close, otherwise the first mismatch of the first wrong output, plus which outputs are
     * right and wrong when there are several.
     */
    static String difference(String[] names, Tensor[] expected, Tensor[] actual) {
        String first = null;
        List<String> wrong = new ArrayList<>(), right = new ArrayList<>();
        for (int k = 0; k < names.length; k++) {
            String d = firstMismatch(names[k], expected[k], actual[k]);
            if (d == null) right.add(names[k]);
            else {
                wrong.add(names[k]);
                if (first == null) first = d;
            }
        }
        if (first == null) return null;
        if (names.length > 1)
            first += "; wrong: " + String.join(", ", wrong) + (right.isEmpty() ? "" : "; right: " + String.join(", ", right));
        return first;
    }

    /** Null when close everywhere, else e.g. {@code "out[0][1][2] expected 0.4213, got 0.3981 (off by 2.3200e-02)"}. */
    static String firstMismatch(String name, Tensor expected, Tensor actual) {
        if (!Arrays.equals(expected.shape(), actual.shape()))
            return name + " has shape " + Checks.str(actual.shape()) + " but should have " + Checks.str(expected.shape());
        for (int b = 0; b < expected.batch(); b++) {
            double[] e = expected.slice(b).data, a = actual.slice(b).data;
            for (int k = 0; k < expected.rows() * expected.cols(); k++) {
                if (close(e[k], a[k])) continue;
                String at = name + index(expected.shape(), b, k / expected.cols(), k % expected.cols());
                String off = Double.isFinite(e[k] - a[k])
                        ? " (off by " + TensorFormat.number(Math.abs(e[k] - a[k])) + ")" : "";
                return at + " expected " + TensorFormat.number(e[k]) + ", got " + TensorFormat.number(a[k]) + off;
            }
        }
        return null;
    }

    static boolean close(double e, double a) {
        if (e == a) return true;
        if (Double.isNaN(e) || Double.isNaN(a)) return Double.isNaN(e) && Double.isNaN(a);
        if (Double.isInfinite(e) || Double.isInfinite(a)) return false;
        return Math.abs(e - a) <= ATOL + RTOL * Math.abs(e);
    }

    /** {@code [b0][b1][i][j]}: slice b unravelled over the leading dims. */
    static String index(int[] shape, int slice, int i, int j) {
        StringBuilder sb = new StringBuilder();
        int[] lead = new int[shape.length - 2];
        for (int d = lead.length - 1; d >= 0; d--) {
            lead[d] = slice % shape[d];
            slice /= shape[d];
        }
        for (int x : lead) sb.append('[').append(x).append(']');
        return sb.append('[').append(i).append("][").append(j).append(']').toString();
    }

    /** {@code "ArrayIndexOutOfBoundsException: Index 4 out of bounds for length 4 (in myAttention, line 7)"}. */
    static String thrown(Throwable e) {
        String msg = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + msg + where(e);
    }

    /** The first frame in the student's code (not the JDK, EJML, the toolkit or this checker), or "". */
    private static String where(Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            String c = f.getClassName(), m = f.getMethodName();
            if (library(c) || m.startsWith("lambda$") || m.equals("do_it$")) continue;
            // jshell snippet classes (REPL.$JShell$N) number the lines of a generated wrapper: leave them out
            boolean line = f.getLineNumber() > 0 && !c.startsWith("REPL.");
            return " (in " + m + (line ? ", line " + f.getLineNumber() : "") + ")";
        }
        return "";
    }

    private static boolean library(String c) {
        for (String p : new String[] {"java.", "jdk.", "sun.", "org.ejml.", "attnlab.tensor.", "attnlab.attention."})
            if (c.startsWith(p)) return true;
        return c.startsWith("attnlab.exercises.") && !c.contains("Test"); // the checker, not its tests
    }
}
