// Exercise 5.8, your version: sinusoidal positional encoding [seqLen][dModel], interleaved:
//   PE[pos][2i]   = sin(pos / 10000^(2i / dModel))
//   PE[pos][2i+1] = cos(pos / 10000^(2i / dModel))
// Both columns of a pair share the frequency. dModel may be odd: then the last column is a sine.
// Fill in the body, then run this file again: /open scripts/student/ex5_08.jsh

double[][] myPositionalEncoding(int seqLen, int dModel) {
    // TODO: your code here
    throw new UnsupportedOperationException("TODO");
}

check58((n, d) -> myPositionalEncoding(n, d))
