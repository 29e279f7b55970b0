package attnlab.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a tensor from text, in either of the two notations users already know:
 * <ul>
 *   <li>MATLAB: {@code "1 2; 3 4"} or {@code "[1, 2; 3, 4]"}; rows end at {@code ;} or a newline, entries are
 *       separated by spaces or commas. Gives a rank-2 tensor.</li>
 *   <li>NumPy nested lists: {@code "[[1, 2], [3, 4]]"} (rank 2) or {@code "[[[1, 2]], [[3, 4]]]"} (rank 3).</li>
 * </ul>
 * Numbers use Java syntax plus {@code inf}, {@code -inf} and {@code nan} (any case). Text without a single number
 * ({@code ""}, {@code "[]"}, {@code "[[]]"}) is an error, not an empty tensor: it is nearly always a lost paste.
 */
final class TensorParser {
    private TensorParser() {}

    static Tensor parse(String text) {
        Checks.notNull(text, "text");
        String s = text.strip();
        if (s.startsWith("[[")) return nonEmpty(nested(s), text);
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        List<double[]> rows = new ArrayList<>();
        String[] lines = s.split("[;\\n]");
        for (int r = 0; r < lines.length; r++) {
            String line = lines[r].strip();
            if (line.isEmpty()) {
                if (r == lines.length - 1 && r > 0) continue; // a trailing ';'
                if (lines.length == 1) break;                 // "" or "[]": no numbers, refused below
                throw new IllegalArgumentException("text has an empty row " + r + " in \"" + text + "\"");
            }
            String[] cells = cells(line, r, text);
            double[] row = new double[cells.length];
            for (int c = 0; c < cells.length; c++) row[c] = number(cells[c], text);
            if (!rows.isEmpty() && row.length != rows.get(0).length)
                throw new IllegalArgumentException("text row " + rows.size() + " has " + row.length
                        + " entries but row 0 has " + rows.get(0).length + " in \"" + text + "\"");
            rows.add(row);
        }
        if (rows.isEmpty()) throw empty(text);
        return Tensor.of(rows.toArray(new double[0][]));
    }

    /**
     * The entries of one row: separated by commas or by spaces. Two commas with nothing between (or a comma that starts
     * the row) leave an entry out: an error naming its row and position (0-based), never a silently shorter row. One
     * comma at the end of a row is allowed, as in NumPy and MATLAB.
     */
    private static String[] cells(String line, int row, String text) {
        String[] fields = line.split(",", -1);
        List<String> cells = new ArrayList<>();
        for (int f = 0; f < fields.length; f++) {
            String field = fields[f].strip();
            if (field.isEmpty()) {
                if (f == fields.length - 1 && f > 0) continue; // "1, 2,": a trailing comma
                throw new IllegalArgumentException("text row " + row + " has an empty entry at position " + cells.size()
                        + " (nothing between two commas) in \"" + text + "\": write a number there, e.g. 0");
            }
            cells.addAll(java.util.Arrays.asList(field.split("\\s+")));
        }
        return cells.toArray(new String[0]);
    }

    private static Tensor nonEmpty(Tensor t, String text) {
        if (t.rows() == 0 || t.cols() == 0) throw empty(text);
        return t;
    }

    private static IllegalArgumentException empty(String text) {
        return new IllegalArgumentException("text holds no numbers (got \"" + text + "\"): expected at least one "
                + "number, e.g. \"1 2; 3 4\" or \"[[1, 2], [3, 4]]\"");
    }

    private static Tensor nested(String text) {
        Object tree = new Nested(text).parse();
        int depth = depth(tree);
        if (depth == 2) return Tensor.of(toMatrix(tree, text));
        if (depth == 3) {
            List<?> outer = (List<?>) tree;
            double[][][] a = new double[outer.size()][][];
            for (int b = 0; b < a.length; b++) a[b] = toMatrix(outer.get(b), text);
            return Tensor.of(a);
        }
        throw new IllegalArgumentException("text must nest 2 or 3 levels of [ ] but nests " + depth + ": \"" + text + "\"");
    }

    private static int depth(Object o) {
        return o instanceof List && !((List<?>) o).isEmpty() ? 1 + depth(((List<?>) o).get(0)) : (o instanceof List ? 1 : 0);
    }

    private static double[][] toMatrix(Object o, String text) {
        if (!(o instanceof List)) throw new IllegalArgumentException("text is not a list of rows: \"" + text + "\"");
        List<?> rows = (List<?>) o;
        double[][] m = new double[rows.size()][];
        for (int i = 0; i < m.length; i++) {
            if (!(rows.get(i) instanceof List)) throw new IllegalArgumentException("text row " + i + " is not a list: \"" + text + "\"");
            List<?> row = (List<?>) rows.get(i);
            m[i] = new double[row.size()];
            for (int j = 0; j < m[i].length; j++) {
                if (!(row.get(j) instanceof Double))
                    throw new IllegalArgumentException("text nests unevenly at row " + i + ": \"" + text + "\"");
                m[i][j] = (Double) row.get(j);
            }
            if (m[i].length != m[0].length)
                throw new IllegalArgumentException("text row " + i + " has " + m[i].length + " entries but row 0 has "
                        + m[0].length + " in \"" + text + "\"");
        }
        return m;
    }

    static double number(String token, String text) {
        String t = token.strip().toLowerCase(java.util.Locale.ROOT);
        switch (t) {
            case "inf": case "+inf": case "infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            case "nan": return Double.NaN;
            default:
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("text has \"" + token + "\" where a number was expected in \""
                            + text + "\"");
                }
        }
    }

    /** A tiny recursive-descent reader for NumPy-style nested lists. */
    private static final class Nested {
        private final String text;
        private int pos;

        Nested(String text) { this.text = text; }

        Object parse() {
            Object v = value();
            skipSpace();
            if (pos != text.length()) fail("unexpected '" + text.charAt(pos) + "'");
            return v;
        }

        private Object value() {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '[') {
                pos++;
                List<Object> items = new ArrayList<>();
                skipSpace();
                if (peek(']')) { pos++; return items; }
                while (true) {
                    items.add(value());
                    skipSpace();
                    if (peek(',')) { pos++; continue; }
                    if (peek(']')) { pos++; return items; }
                    fail("expected ',' or ']'");
                }
            }
            int start = pos;
            while (pos < text.length() && ",] \t\n".indexOf(text.charAt(pos)) < 0) pos++;
            if (start == pos) fail("expected a number");
            return number(text.substring(start, pos), text);
        }

        private boolean peek(char c) { return pos < text.length() && text.charAt(pos) == c; }

        private void skipSpace() { while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++; }

        private void fail(String what) {
            throw new IllegalArgumentException("text: " + what + " at column " + pos + " in \"" + text + "\"");
        }
    }
}
