package attnlab.io;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a {@code .npy} file: {@code descr}, {@code fortran_order}, {@code shape}. In the file it is a Python
 * dict literal, e.g. {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }}; this class parses that
 * literal (strings, True/False, tuples of ints, nothing else: it never evaluates anything) and writes it back.
 * Format: numpy/lib/format.py (NEP 1).
 */
record NpyHeader(Dtype dtype, ByteOrder order, boolean fortran, long[] shape) {

    /** {@code "shape (3, 4), <f8"}, for messages. */
    String describe() {
        return "shape " + Shapes.str(shape) + ", " + dtype.descr(order) + (fortran ? ", Fortran order" : "");
    }

    /** The dict literal, without padding. */
    String literal() {
        return "{'descr': '" + dtype.descr(order) + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + Shapes.str(shape) + ", }";
    }

    /** Parses the dict literal of {@code file}; every problem is a {@link BadFileException} saying what it is. */
    static NpyHeader parse(String file, String text) {
        Map<String, Object> dict;
        try {
            Object v = new Literal(text).whole();
            if (!(v instanceof Map)) throw new IllegalStateException("it is not a dict");
            @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) v;
            dict = m;
        } catch (IllegalStateException e) {
            throw new BadFileException(file, "the header does not parse (" + e.getMessage() + "): "
                    + abbreviate(text));
        }
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape")))
            throw new BadFileException(file, "the header must have exactly the keys 'descr', 'fortran_order', 'shape'"
                    + " but has " + dict.keySet());
        Object descr = dict.get("descr"), fortran = dict.get("fortran_order"), shape = dict.get("shape");
        if (descr instanceof List)
            throw new BadFileException(file, "a structured dtype " + show(descr)
                    + " is not supported: attnlab reads plain numeric arrays");
        if (!(descr instanceof String)) throw new BadFileException(file, "'descr' must be a string but is " + show(descr));
        if (!(fortran instanceof Boolean))
            throw new BadFileException(file, "'fortran_order' must be True or False but is " + show(fortran));
        if (!(shape instanceof long[])) throw new BadFileException(file, "'shape' must be a tuple of ints but is "
                + show(shape));
        String d = (String) descr;
        if (d.isEmpty() || "<>|=".indexOf(d.charAt(0)) < 0) d = "|" + d;   // NumPy also accepts 'f8', 'u1'
        char kind = d.length() > 1 ? d.charAt(1) : '?';
        if (kind == 'O')
            throw new BadFileException(file, "it holds Python objects (dtype " + descr + "), stored as a pickle."
                    + " Pickled .npy is not supported: unpickling runs code from the file, so attnlab never"
                    + " unpickles. Save a numeric array instead, e.g. np.save(f, a.astype(np.float64))");
        Dtype dtype = null;
        try {
            if (d.length() > 2) dtype = Dtype.of(kind == '?' ? 'b' : kind, Integer.parseInt(d.substring(2)));
        } catch (NumberFormatException ignored) {
            // unsupported, below
        }
        if (dtype == null)
            throw new BadFileException(file, "dtype '" + descr + "' is not supported: attnlab reads f8 f4 f2,"
                    + " i1 i2 i4 i8, u1 u2 u4 u8 and b1 (bool), in either byte order");
        ByteOrder order = d.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN
                : d.charAt(0) == '=' ? ByteOrder.nativeOrder() : ByteOrder.LITTLE_ENDIAN;
        return new NpyHeader(dtype, order, (Boolean) fortran, (long[]) shape);
    }

    /** A parsed value as the header wrote it (tuples as tuples), cut at 120 characters like the other messages. */
    private static String show(Object v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb);
        return abbreviate(sb.toString());
    }

    private static void write(Object v, StringBuilder sb) {
        if (sb.length() > 120) return; // the message shows 120 characters at most
        if (v instanceof long[]) {
            sb.append(Shapes.str((long[]) v));
        } else if (v instanceof List) {
            List<?> items = (List<?>) v;
            sb.append('(');
            for (int k = 0; k < items.size() && sb.length() <= 120; k++) {
                write(items.get(k), sb);
                if (items.size() == 1 || k < items.size() - 1) sb.append(items.size() == 1 ? "," : ", ");
            }
            sb.append(')');
        } else if (v instanceof String) {
            sb.append('\'').append(v).append('\'');
        } else if (v instanceof Boolean) {
            sb.append((Boolean) v ? "True" : "False");
        } else if (v instanceof Map) {
            sb.append("{...}");
        } else {
            sb.append(v);
        }
    }

    private static String abbreviate(String s) {
        s = s.strip();
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /**
     * A recursive-descent reader of the tiny literal grammar numpy writes: dict, string ('..' or ".."), True, False,
     * tuple or list of ints or of anything (a structured descr). Tuples of ints become {@code long[]}.
     */
    private static final class Literal {
        /** Deeper nesting than any real header (a structured dtype nests a few levels): refused, not a stack overflow. */
        static final int MAX_DEPTH = 32;
        private final String s;
        private int i, depth;

        Literal(String s) { this.s = s; }

        Object whole() {
            Object v = value();
            space();
            if (i != s.length()) throw new IllegalStateException("unexpected '" + s.charAt(i) + "' at " + i);
            return v;
        }

        private Object value() {
            space();
            if (i >= s.length()) throw new IllegalStateException("it ends early");
            char c = s.charAt(i);
            if (c == '{' || c == '(' || c == '[') {
                if (++depth > MAX_DEPTH)
                    throw new IllegalStateException("brackets nested deeper than " + MAX_DEPTH + " levels at " + i);
                try {
                    return c == '{' ? dict() : sequence(c == '(' ? ')' : ']');
                } finally {
                    depth--;
                }
            }
            if (c == '\'' || c == '"') return string();
            if (s.startsWith("True", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("False", i)) { i += 5; return Boolean.FALSE; }
            if (c == '-' || Character.isDigit(c)) return integer();
            throw new IllegalStateException("unexpected '" + c + "' at " + i);
        }

        private Map<String, Object> dict() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            while (true) {
                space();
                if (peek() == '}') { i++; return m; }
                Object k = value();
                if (!(k instanceof String)) throw new IllegalStateException("a dict key is not a string");
                space();
                expect(':');
                if (m.put((String) k, value()) != null) throw new IllegalStateException("key '" + k + "' repeats");
                space();
                if (peek() == ',') i++;
                else if (peek() != '}') throw new IllegalStateException("expected ',' or '}' at " + i);
            }
        }

        private Object sequence(char close) {
            List<Object> items = new ArrayList<>();
            i++;
            while (true) {
                space();
                if (peek() == close) { i++; break; }
                items.add(value());
                space();
                if (peek() == ',') i++;
                else if (peek() != close) throw new IllegalStateException("expected ',' or '" + close + "' at " + i);
            }
            if (close == ']') return items;
            long[] ints = new long[items.size()];
            for (int k = 0; k < ints.length; k++) {
                if (!(items.get(k) instanceof Long)) return items;
                ints[k] = (Long) items.get(k);
            }
            return ints;
        }

        private String string() {
            char q = s.charAt(i++);
            int end = s.indexOf(q, i);
            if (end < 0) throw new IllegalStateException("a string is not closed");
            String v = s.substring(i, end);
            i = end + 1;
            return v;
        }

        private Long integer() {
            int start = i;
            if (peek() == '-') i++;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            String digits = s.substring(start, i);
            if (i < s.length() && s.charAt(i) == 'L') i++;         // Python 2 longs, as old files have
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("integer " + digits + " does not fit 64 bits");
            }
        }

        private char peek() {
            if (i >= s.length()) throw new IllegalStateException("it ends early");
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) throw new IllegalStateException("expected '" + c + "' at " + i);
            i++;
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }
    }
}
