#!/usr/bin/env python3
"""NumPy reference for attnlab's attention benchmark: the code a student writes, timed on this machine.

bench/attention.sh runs it as `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/numpy_reference.py`:
this workplace exports those two variables, which force OpenBLAS onto its AVX2 (Haswell) kernels on these AVX-512
machines, so NumPy runs unhandicapped here (its best) while tests and CI keep them.

Forward:  S = Q Kᵀ/√d (causal: S[:, blocked] = -inf), P = softmax(S) with the row max subtracted, O = P V.
Backward: from the saved P, dV = Pᵀ dO, dP = dO Vᵀ, dS = P ∘ (dP − rowsum(dO ∘ O)), dQ = dS K/√d, dK = dSᵀ Q/√d.
MHA:      x W_q, x W_k, x W_v split into heads, attention per head, heads concatenated, then · W_o; its backward is
          the same chain by hand (dW_o = Cᵀ dY, dC = dY W_oᵀ, attention backward per head, dW = xᵀ dQ, dX = Σ dQ Wᵀ).

Requests (one a line on stdin with --serve; the answer is one line, times in ms, medians):
    info                                   -> info <numpy version> | <OpenBLAS core actually used> | <config> | ...
    peak                                   -> peak <GFLOP/s>          float64 2048x2048 matmul, all threads
    forward <BH> <n> <d> <none|causal>     -> ... <ms>
    backward <BH> <n> <d>                  -> ... <ms>
    mha <B> <L> <D> <H>                    -> ... <ms>               forward of one self-attention layer
    mhabackward <B> <L> <D> <H>            -> ... <ms>               its backward, from the saved forward
    matmul <M> <K> <N>                     -> ... <ms>               x @ W
    scaling <L> <d> <none|causal>          -> ... <ms> <MB>          1 sequence; MB = inputs + peak allocated during
                                                                     one call (tracemalloc); "skip <why>" when it
                                                                     would not fit in memory
Usage: python3 bench/numpy_reference.py [--quick] [--cpu] --serve
"""
import ctypes
import glob
import os
import sys
import time
import tracemalloc

import numpy as np

QUICK = "--quick" in sys.argv
BUDGET = 0.3 if QUICK else 1.0  # seconds of timed calls per case
# --cpu: this thread's CPU time instead of wall-clock time (bench/attention.sh --cpu runs NumPy on one thread, with
# OPENBLAS_NUM_THREADS=1): other processes on a shared machine then barely change the figures
CLOCK = time.thread_time if "--cpu" in sys.argv else time.perf_counter


def median_ms(fn, warm=3, budget=None):
    for _ in range(warm):
        fn()
    budget = BUDGET if budget is None else budget
    inner = 1
    if warm:  # calls per sample: at least ~1 ms, for the clock's sake
        t0 = CLOCK()
        fn()
        inner = max(1, int(1e-3 / max(CLOCK() - t0, 1e-7)))
    times, start = [], CLOCK()
    while len(times) < 3 or (CLOCK() - start < budget and len(times) < 2000):
        t0 = CLOCK()
        for _ in range(inner):
            fn()
        times.append((CLOCK() - t0) / inner)
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


def splitter(B, L, D, H):
    dk = D // H
    split = lambda t: t.reshape(B, L, H, dk).transpose(0, 2, 1, 3).reshape(B * H, L, dk)
    merge = lambda t: t.reshape(B, H, L, dk).transpose(0, 2, 1, 3).reshape(B, L, D)
    return split, merge


def mha(x, Wq, Wk, Wv, Wo, H):
    B, L, D = x.shape
    split, merge = splitter(B, L, D, H)
    Q, K, V = split(x @ Wq), split(x @ Wk), split(x @ Wv)
    O, P = attention(Q, K, V, None)
    C = merge(O)
    return C @ Wo, (Q, K, V, O, P, C)


def mha_backward(x, Wq, Wk, Wv, Wo, H, cache, dY):
    B, L, D = x.shape
    split, merge = splitter(B, L, D, H)
    Q, K, V, O, P, C = cache
    dWo = C.reshape(-1, D).T @ dY.reshape(-1, D)
    dC = dY @ Wo.T
    dQ, dK, dV = (merge(g) for g in attention_backward(Q, K, V, P, O, split(dC)))
    X = x.reshape(-1, D)
    dWq, dWk, dWv = (X.T @ g.reshape(-1, D) for g in (dQ, dK, dV))
    dX = dQ @ Wq.T + dK @ Wk.T + dV @ Wv.T
    return dX, dWq, dWk, dWv, dWo


def openblas():
    """(core name, config) of the OpenBLAS this NumPy has loaded, asked at run time through ctypes."""
    libs = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "openblas" in os.path.basename(path) and path not in libs:
                libs.append(path)
    libs += glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "*openblas*"))
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        found = []
        for names in (("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename64_",
                       "openblas_get_corename"),
                      ("scipy_openblas_get_config64_", "scipy_openblas_get_config", "openblas_get_config64_",
                       "openblas_get_config")):
            for name in names:
                f = getattr(lib, name, None)
                if f is not None:
                    f.restype = ctypes.c_char_p
                    found.append(f().decode().strip())
                    break
        if len(found) == 2:
            return found[0], found[1]
    return "unknown (no OpenBLAS found among the loaded libraries)", "unknown"


def info():
    core, config = openblas()
    env = ", ".join(f"{k}={os.environ[k]}" for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS",
                                                      "OMP_NUM_THREADS") if k in os.environ) or "none set"
    return f"info {np.__version__} | {core} | {config} | {sys.executable} | OPENBLAS/OMP variables: {env}"


def peak():
    a, b = RNG.standard_normal((2048, 2048)), RNG.standard_normal((2048, 2048))
    return f"peak {2 * 2048 ** 3 / (median_ms(lambda: a @ b) * 1e-3) / 1e9:.2f}"


def causal_mask(n):
    return np.triu(np.ones((n, n), dtype=bool), k=1)


def forward(bh, n, d, mask):
    Q, K, V = (RNG.standard_normal((bh, n, d)) for _ in range(3))
    causal = causal_mask(n) if mask == "causal" else None
    return f"forward {bh} {n} {d} {mask} {median_ms(lambda: attention(Q, K, V, causal)):.4f}"


def backward(bh, n, d):
    Q, K, V, dO = (RNG.standard_normal((bh, n, d)) for _ in range(4))
    O, P = attention(Q, K, V, None)
    return f"backward {bh} {n} {d} {median_ms(lambda: attention_backward(Q, K, V, P, O, dO)):.4f}"


def layer(B, L, D):
    x = RNG.standard_normal((B, L, D))
    return x, [RNG.standard_normal((D, D)) * 0.02 for _ in range(4)]


def mha_case(B, L, D, H):
    x, W = layer(B, L, D)
    return f"mha {B} {L} {D} {H} {median_ms(lambda: mha(x, *W, H)):.4f}"


def mha_backward_case(B, L, D, H):
    x, W = layer(B, L, D)
    _, cache = mha(x, *W, H)
    dY = RNG.standard_normal((B, L, D))
    return f"mhabackward {B} {L} {D} {H} {median_ms(lambda: mha_backward(x, *W, H, cache, dY)):.4f}"


def matmul(M, K, N):
    x, W = RNG.standard_normal((M, K)), RNG.standard_normal((K, N))
    return f"matmul {M} {K} {N} {median_ms(lambda: x @ W):.4f}"


def available_bytes():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return 0


def scaling(L, d, mask):
    # S, S − max and P are L×L float64 each at the peak (plus an L×L bool mask): do not start what cannot fit,
    # and leave most of a shared machine's memory to the others
    need = 3 * 8 * L * L + (L * L if mask == "causal" else 0)
    limit = min(8 << 30, available_bytes() // 2)
    if need > limit:
        return f"skip needs about {need / 2**30:.1f} GB, more than {limit / 2**30:.1f} GB (half the available memory, at most 8 GB)"
    Q, K, V = (RNG.standard_normal((1, L, d)) for _ in range(3))
    causal = causal_mask(L) if mask == "causal" else None
    f = lambda: attention(Q, K, V, causal)
    tracemalloc.start()
    f()
    peak_bytes = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    inputs = Q.nbytes + K.nbytes + V.nbytes + (causal.nbytes if causal is not None else 0)
    ms = median_ms(f, warm=0 if L >= 4096 else 1, budget=BUDGET if L < 4096 else 0)
    return f"scaling {L} {d} {mask} {ms:.4f} {(inputs + peak_bytes) / 2**20:.1f}"


RNG = np.random.default_rng(0)
CASES = {"info": info, "peak": peak, "forward": forward, "backward": backward, "mha": mha_case,
         "mhabackward": mha_backward_case, "matmul": matmul, "scaling": scaling}


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
    for r in ["info", "peak", "forward 8 512 64 none", "backward 16 128 64", "mha 2 512 512 8",
              "mhabackward 2 512 512 8", "matmul 1024 512 512", "scaling 2048 64 causal"]:
        print(answer(r), flush=True)


if __name__ == "__main__":
    main()
