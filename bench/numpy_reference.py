#!/usr/bin/env python3
"""NumPy reference for attnlab's attention benchmark: the code a student writes, timed on this machine.

Forward:  S = Q Kᵀ/√d (causal: S[:, blocked] = -inf), P = softmax(S) with the row max subtracted, O = P V.
Backward: from the saved P, dV = Pᵀ dO, dP = dO Vᵀ, dS = P ∘ (dP − rowsum(dO ∘ O)), dQ = dS K/√d, dK = dSᵀ Q/√d.
MHA:      x W_q, x W_k, x W_v split into heads, attention per head, heads concatenated, then · W_o.

Output (read by bench/AttentionBench.java, also fine to read by eye), one result per line, times in ms (median):
    peak <GFLOP/s>                      float64 2048x2048 matmul
    forward <BH> <n> <d> <none|causal> <ms>
    backward <BH> <n> <d> <ms>
    mha <B> <L> <dModel> <H> <ms>
Usage: python3 bench/numpy_reference.py [--quick]     runs every case above
       python3 bench/numpy_reference.py --serve      reads such request lines (without the time) on stdin and
                                                     answers each with its result line, so that a caller can
                                                     interleave its own measurements with NumPy's
"""
import sys
import time

import numpy as np

QUICK = "--quick" in sys.argv
BUDGET = 0.3 if QUICK else 1.0  # seconds of timed calls per case


def median_ms(fn):
    for _ in range(3):  # warm-up
        fn()
    times, start = [], time.perf_counter()
    while len(times) < 5 or (time.perf_counter() - start < BUDGET and len(times) < 2000):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)) * 1e3


def attention(Q, K, V, causal):
    S = Q @ K.transpose(0, 2, 1) / np.sqrt(Q.shape[-1])
    if causal is not None:
        S[:, causal] = -np.inf
    S = S - S.max(axis=-1, keepdims=True)
    P = np.exp(S)
    P /= P.sum(axis=-1, keepdims=True)
    return P @ V, P


def attention_backward(Q, K, V, P, O, dO):
    scale = 1.0 / np.sqrt(Q.shape[-1])
    dV = P.transpose(0, 2, 1) @ dO
    dP = dO @ V.transpose(0, 2, 1)
    D = (dO * O).sum(axis=-1, keepdims=True)
    dS = P * (dP - D)
    return dS @ K * scale, dS.transpose(0, 2, 1) @ Q * scale, dV


def mha(x, Wq, Wk, Wv, Wo, H):
    B, L, D = x.shape
    dk = D // H
    split = lambda t: t.reshape(B, L, H, dk).transpose(0, 2, 1, 3).reshape(B * H, L, dk)
    O, _ = attention(split(x @ Wq), split(x @ Wk), split(x @ Wv), None)
    return O.reshape(B, H, L, dk).transpose(0, 2, 1, 3).reshape(B, L, D) @ Wo


def peak():
    a, b = RNG.standard_normal((2048, 2048)), RNG.standard_normal((2048, 2048))
    a @ b
    return f"peak {2 * 2048 ** 3 / (median_ms(lambda: a @ b) * 1e-3) / 1e9:.2f}"


def forward(bh, n, d, mask):
    Q, K, V = (RNG.standard_normal((bh, n, d)) for _ in range(3))
    causal = np.triu(np.ones((n, n), dtype=bool), k=1) if mask == "causal" else None
    return f"forward {bh} {n} {d} {mask} {median_ms(lambda: attention(Q, K, V, causal)):.4f}"


def backward(bh, n, d):
    Q, K, V, dO = (RNG.standard_normal((bh, n, d)) for _ in range(4))
    O, P = attention(Q, K, V, None)
    return f"backward {bh} {n} {d} {median_ms(lambda: attention_backward(Q, K, V, P, O, dO)):.4f}"


def mha_case(B, L, D, H):
    x = RNG.standard_normal((B, L, D))
    W = [RNG.standard_normal((D, D)) * 0.02 for _ in range(4)]
    return f"mha {B} {L} {D} {H} {median_ms(lambda: mha(x, *W, H)):.4f}"


RNG = np.random.default_rng(0)
CASES = {"peak": peak, "forward": forward, "backward": backward, "mha": mha_case}


def answer(line):
    word, *args = line.split()
    return CASES[word](*[a if a in ("none", "causal") else int(a) for a in args])


def main():
    if "--serve" in sys.argv:
        print("ready", np.__version__, flush=True)
        for line in sys.stdin:
            if line.strip():
                print(answer(line), flush=True)
        return
    requests = ["peak"]
    for bh, n, d in [(1, 8, 8), (8, 64, 64), (16, 128, 64), (8, 512, 64), (4, 1024, 64), (1, 2048, 64)]:
        requests += [f"forward {bh} {n} {d} none", f"forward {bh} {n} {d} causal"]
    requests += ["backward 8 512 64", "backward 16 128 64", "mha 2 512 512 8"]
    for r in requests:
        print(answer(r), flush=True)


if __name__ == "__main__":
    main()
