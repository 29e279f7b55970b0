package attnlab.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A tensor as an HTML table, the {@code text/html} view of a Tensor in a notebook (the kernel sends it beside the
 * text view):
 * <pre>
 *   Tensor [2, 3] float64                   the caption: shape and dtype
 *        0        1      2                  column indices
 *   0    0.5000  -1.2500  −∞                 row index, then the cells
 *   1    2.0000   0.0000  3.1416
 * </pre>
 * Numbers use {@link TensorFormat}'s style (one style per tensor, chosen from the cells shown), with the
 * non-finite values written {@code −∞}, {@code ∞} and {@code NaN}. Large tensors are summarised as NumPy does: when
 * the tensor has more than {@link #THRESHOLD} entries, every dimension longer than {@code 2·}{@link #EDGE} shows
 * its first and last {@link #EDGE} entries around an ellipsis ({@code …} for columns, {@code ⋮} for rows and
 * slices). Rank 3 and above is shown slice by slice, each table captioned with its index, e.g. {@code [1, 0, :, :]}.
 */
public final class TensorHtml {
    /** Entries kept at each end of a summarised dimension (NumPy's {@code edgeitems}). */
    public static final int EDGE = 3;
    /** Tensors with more entries than this are summarised (NumPy's {@code threshold}). */
    public static final int THRESHOLD = 1000;

    private TensorHtml() {}

    /**
     * The HTML of {@code t}: a {@code <div class="attnlab-tensor">} holding one table per slice shown.
     *
     * @param t the tensor. Not modified.
     * @throws IllegalArgumentException if {@code t} is null
     */
    public static String html(Tensor t) {
        Checks.notNull(t, "t");
        int[] shape = t.shape();
        boolean summarise = (long) t.batch() * t.rows() * t.cols() > THRESHOLD;
        List<Integer> rows = shown(t.rows(), summarise), cols = shown(t.cols(), summarise);
        List<int[]> slices = new ArrayList<>(); // the leading index of each slice shown, null for a gap
        lead(shape, 0, new int[shape.length - 2], summarise, slices);
        DoubleFunction<String> style = TensorFormat.style(values(t, shape, slices, rows, cols));

        String caption = "Tensor " + Checks.str(shape) + " float64";
        StringBuilder sb = new StringBuilder("<div class=\"attnlab-tensor\">\n");
        if (shape.length > 2) sb.append("<div><b>").append(caption).append("</b></div>\n");
        for (int[] index : slices) {
            if (index == null) {
                sb.append("<div style=\"padding-left: 2em\">⋮</div>\n");
                continue;
            }
            String title = shape.length > 2 ? sliceTitle(index) : caption;
            table(sb, title, t.slice(flat(shape, index)), rows, cols, style);
        }
        return sb.append("</div>").toString();
    }

    private static void table(StringBuilder sb, String caption, org.ejml.data.DMatrixRMaj m, List<Integer> rows,
                              List<Integer> cols, DoubleFunction<String> style) {
        sb.append("<table style=\"font-family: monospace; text-align: right\">\n<caption>").append(caption)
                .append("</caption>\n<thead><tr><th></th>");
        for (int j : cols) sb.append("<th>").append(j < 0 ? "…" : Integer.toString(j)).append("</th>");
        sb.append("</tr></thead>\n<tbody>\n");
        for (int i : rows) {
            sb.append("<tr><th>").append(i < 0 ? "⋮" : Integer.toString(i)).append("</th>");
            for (int j : cols) {
                String cell = i < 0 ? (j < 0 ? "⋱" : "⋮") : j < 0 ? "…" : readable(style.apply(m.get(i, j)));
                sb.append("<td>").append(cell).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
    }

    /** TensorFormat's text with the non-finite values as people write them. */
    private static String readable(String number) {
        switch (number) {
            case "-inf": return "−∞";
            case "inf": return "∞";
            case "nan": return "NaN";
            default: return number;
        }
    }

    /** Indices to show along a dimension of length n; -1 marks the ellipsis. */
    static List<Integer> shown(int n, boolean summarise) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (summarise && n > 2 * EDGE && i == EDGE) {
                idx.add(-1);
                i = n - EDGE - 1;
                continue;
            }
            idx.add(i);
        }
        return idx;
    }

    /** Collects the leading indices of the slices to show, in order, with null where slices are left out. */
    private static void lead(int[] shape, int level, int[] index, boolean summarise, List<int[]> out) {
        if (level == shape.length - 2) {
            out.add(index.clone());
            return;
        }
        for (int i : shown(shape[level], summarise)) {
            if (i < 0) {
                out.add(null);
                continue;
            }
            index[level] = i;
            lead(shape, level + 1, index, summarise, out);
        }
    }

    /** The slice number of a leading index (row-major over the leading dimensions, as {@link Tensor#slice}). */
    private static int flat(int[] shape, int[] index) {
        int b = 0;
        for (int d = 0; d < index.length; d++) b = b * shape[d] + index[d];
        return b;
    }

    private static String sliceTitle(int[] index) {
        StringBuilder sb = new StringBuilder("[");
        for (int x : index) sb.append(x).append(", ");
        return sb.append(":, :]").toString();
    }

    /** The values shown, which choose the number style. */
    private static double[] values(Tensor t, int[] shape, List<int[]> slices, List<Integer> rows, List<Integer> cols) {
        List<Double> v = new ArrayList<>();
        for (int[] index : slices) {
            if (index == null) continue;
            org.ejml.data.DMatrixRMaj m = t.slice(flat(shape, index));
            for (int i : rows) for (int j : cols) if (i >= 0 && j >= 0) v.add(m.get(i, j));
        }
        double[] a = new double[v.size()];
        for (int k = 0; k < a.length; k++) a[k] = v.get(k);
        return a;
    }
}
