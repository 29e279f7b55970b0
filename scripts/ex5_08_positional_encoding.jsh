// Exercise 5.8: sinusoidal positional encoding. Run: ./attnlab scripts/ex5_08_positional_encoding.jsh
void chart(attnlab.plot.Chart<?> c, String path) { // a notebook shows the chart inline, a script saves it
    if (attnlab.display.Inline.show(c)) return;
    c.save(path);
    System.out.println("  (chart written to " + path + ")");
}
// PE[pos][2i] = sin(pos / 10000^(2i/d)), PE[pos][2i+1] = cos(pos / 10000^(2i/d)): column pairs share a frequency,
// from one turn per 2*pi positions (i = 0) down to one per 2*pi*10000 positions.
positionalEncoding(4, 4)
// row 1 by hand: sin(1), cos(1), sin(1/100), cos(1/100)
num(Math.sin(1)) + "  " + num(Math.cos(1)) + "  " + num(Math.sin(0.01)) + "  " + num(Math.cos(0.01))
// an odd width works: the last column is one more sine
positionalEncoding(3, 5)
chart(peHeatmap(100, 128).title("5.8 positional encoding, 100 positions x 128 dimensions"), "charts/ex5_08_pe.png")
// Why sin and cos: PE[p] . PE[p + k] depends only on the distance k, so attention can read relative positions.
double dotRows(Tensor pe, int a, int b) { double s = 0; for (int c = 0; c < pe.cols(); c++) s += pe.get(a, c) * pe.get(b, c); return s; }
var pe = positionalEncoding(64, 16)
for (int k = 0; k <= 4; k++) System.out.println("  distance " + k + ":  PE[5].PE[" + (5 + k) + "] = " + num(dotRows(pe, 5, 5 + k)) + "   PE[40].PE[" + (40 + k) + "] = " + num(dotRows(pe, 40, 40 + k)));
// Your turn: /open scripts/student/ex5_08.jsh, fill in myPositionalEncoding; the file checks it with
//   check58((n, d) -> myPositionalEncoding(n, d))
// This is the report for the concatenated layout (all sines, then all cosines), a different convention:
check58Tensor((n, d) -> positionalEncoding(n, d, CONCATENATED)).expectFailure()
// and for the toolkit's default:
check58Tensor((n, d) -> positionalEncoding(n, d))
