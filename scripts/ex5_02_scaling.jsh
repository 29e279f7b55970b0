// Exercise 5.2: why scores are divided by sqrt(d_k). Everything below is measured on random vectors with entries
// N(0, 1), the way q and k look at initialisation. Run: ./attnlab scripts/ex5_02_scaling.jsh
void chart(attnlab.plot.Chart<?> c, String path) { // a notebook shows the chart inline, a script saves it
    if (attnlab.display.Inline.show(c)) return;
    c.save(path);
    System.out.println("  (chart written to " + path + ")");
}
Math.sqrt(64)
int[] dks = {1, 4, 16, 64, 256, 1024}
// b) q.k is a sum of d_k products of independent N(0,1) numbers, each with variance 1: the sum has variance d_k.
double variance(java.util.Random rnd, int dk, boolean scaled, int n) {
    double sum = 0, sumSq = 0;
    for (int t = 0; t < n; t++) {
        double s = 0;
        for (int c = 0; c < dk; c++) s += rnd.nextGaussian() * rnd.nextGaussian();
        if (scaled) s /= Math.sqrt(dk);
        sum += s;
        sumSq += s * s;
    }
    return sumSq / n - (sum / n) * (sum / n);
}
void partB() {
    var rnd = new java.util.Random(52);
    System.out.println("b) measured over 1000 random pairs q, k:");
    System.out.println("   d_k    var(q.k)    var(q.k / sqrt(d_k))");
    for (int dk : dks) System.out.println(String.format("%6d  %10s  %10s", dk, num(variance(rnd, dk, false, 1000)), num(variance(rnd, dk, true, 1000))));
}
partB()
// c) one query against 16 keys: how peaked is softmax(scores)? Mean over 100 random draws per d_k.
void partC() {
    var rnd = new java.util.Random(53);
    int trials = 100;
    double[] xs = new double[dks.length], peak = new double[dks.length], peakScaled = new double[dks.length];
    double[] entropy = new double[dks.length], entropyScaled = new double[dks.length];
    for (int n = 0; n < dks.length; n++) {
        int dk = dks[n];
        xs[n] = dk;
        for (int t = 0; t < trials; t++) {
            var q = Tensor.randn(rnd, 1, dk);
            var k = Tensor.randn(rnd, 16, dk);
            for (boolean scaled : new boolean[] {false, true}) {
                double[][] s = new double[1][16];
                for (int j = 0; j < 16; j++) {
                    for (int c = 0; c < dk; c++) s[0][j] += q.get(0, c) * k.get(j, c);
                    if (scaled) s[0][j] /= Math.sqrt(dk);
                }
                var p = softmax(tensor(s));
                double max = 0, h = 0;
                for (int j = 0; j < 16; j++) {
                    double pj = p.get(0, j);
                    max = Math.max(max, pj);
                    if (pj > 0) h -= pj * Math.log(pj);
                }
                if (scaled) { peakScaled[n] += max / trials; entropyScaled[n] += h / trials; }
                else { peak[n] += max / trials; entropy[n] += h / trials; }
            }
        }
    }
    System.out.println("c) softmax over 16 keys, mean of " + trials + " draws (uniform: largest weight 0.0625, entropy ln 16 = " + num(Math.log(16)) + ")");
    System.out.println("          largest weight          entropy (nats)");
    System.out.println("   d_k  unscaled    scaled    unscaled    scaled");
    for (int n = 0; n < dks.length; n++)
        System.out.println(String.format("%6d  %8s  %8s  %10s  %8s", dks[n], num(peak[n]), num(peakScaled[n]), num(entropy[n]), num(entropyScaled[n])));
    System.out.println("   Unscaled, the scores spread like sqrt(d_k), so softmax turns almost one-hot: its gradient p(1-p)");
    System.out.println("   is then almost 0 and learning stalls. Scaled, the spread stays 1 and the weights look alike at any d_k.");
    chart(plot(xs, peak, "unscaled").add(xs, peakScaled, "scaled by 1/sqrt(d_k)").logX(true)
            .axes("d_k", "largest softmax weight (of 16 keys)").title("5.2 how peaked softmax(q.k) is, against d_k"), "charts/ex5_02_max_weight.png");
    chart(plot(xs, entropy, "unscaled").add(xs, entropyScaled, "scaled by 1/sqrt(d_k)").logX(true)
            .axes("d_k", "entropy of the weights (nats)").title("5.2 entropy of softmax(q.k), against d_k"), "charts/ex5_02_entropy.png");
}
partC()
