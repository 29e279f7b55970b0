// Exercise 5.11: relative positions as in Transformer-XL. Run: ./attnlab scripts/ex5_11_relative_positions.jsh
void chart(attnlab.plot.Chart<?> c, String path) { // a notebook shows the chart inline, a script saves it
    if (attnlab.display.Inline.show(c)) return;
    c.save(path);
    System.out.println("  (chart written to " + path + ")");
}
// Absolute encodings (5.8) tell each token where it is. Relative schemes add to the score a term that depends on
// how far the key is from the query:
//   S_ij = (q_i . k_j + q_i . R[distance i - j]) / sqrt(d)         (the sheet's form: u = v = 0, W_R = I)
// R holds sinusoidal embeddings of the distances, farthest first: row r is distance Lk-1-r.
relPosEmbed(4, 4)
seed(11)
var Q = randn(1, 4, 4)
var K = randn(1, 4, 4)
var V = randn(1, 4, 4)
var out = relativeAttention(Tensor.of(Q.slice(0)), Tensor.of(K.slice(0)), Tensor.of(V.slice(0)), relPosEmbed(4, 4))
// With memory (here 3 cached keys + 2 new queries) query i sits at position i + 3 and sees keys j <= i + 3.
// The position term alone (q = 1, so it shows R's contribution against the distance):
relPosBias(2, 3, 8)
chart(heatmap(relPosBias(6, 0, 16)).title("5.11 Transformer-XL position term, 6 queries, no memory"), "charts/ex5_11_position_term.png")
// Other relative schemes in the toolkit: shawAttention (Shaw et al.), t5Bias (T5 buckets), alibiBias (ALiBi),
// rope (rotary). ALiBi, for example, is a fixed penalty per step back, one slope per head:
alibiSlopes(4)
chart(heatmap(Tensor.of(alibiBias(2, 6).slice(1))).title("5.11 ALiBi bias, head 1 of 2"), "charts/ex5_11_alibi.png")
// Your turn: /open scripts/student/ex5_11.jsh, fill in myRelativeAttention, the full form with Transformer-XL's
// global biases u, v and the projection W_R:
//   S_ij = ((q_i + u) . k_j + (q_i + v) . RW[Lq-1-i+j]) / sqrt(d),   RW = R W_R
// the file checks it with
//   check511((Q, K, V, R, u, v, W_R) -> myRelativeAttention(Q, K, V, R, u, v, W_R))
// This is the report for a version that forgets the position term (plain causal attention):
check511Tensor((Q, K, V, R, u, v, W_R) -> maskedAttention(Q, K, V, causalMask(Q.rows(), K.rows(), BOTTOM_RIGHT))).expectFailure()
// and for the toolkit itself, one sequence at a time:
check511Ejml((Q, K, V, R, u, v, W_R) -> relativeAttention(tensor(Q), tensor(K), tensor(V), tensor(R), tensor(u), tensor(v), tensor(W_R)).out().matrix())
