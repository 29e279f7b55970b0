package attnlab.repl;

import java.util.ArrayList;
import java.util.List;

/** A small line diff (longest common subsequence) in unified style, for transcript mismatches. */
final class Diff {
    private Diff() {}

    /** {@code --- expected (where)}, {@code +++ actual}, then the lines, {@code -} expected only, {@code +} actual. */
    static String unified(String where, String expected, String actual) {
        String[] a = expected.split("\n", -1), b = actual.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--)
            for (int j = b.length - 1; j >= 0; j--)
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        List<String> lines = new ArrayList<>();
        int i = 0, j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                lines.add(" " + a[i++]);
                j++;
            } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
                lines.add("-" + a[i++]);
            } else {
                lines.add("+" + b[j++]);
            }
        }
        return "--- expected (" + where + ")\n+++ actual\n@@ -1," + a.length + " +1," + b.length + " @@\n"
                + String.join("\n", lines) + "\n";
    }
}
