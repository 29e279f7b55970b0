"""The PyTorch float64 twin of attnlab's induction-heads training run (issue 20).

Reads DIR/init.npz (the model's initial weights under the PyTorch names attnlab.train.ModelFiles writes) and
DIR/batches.npz (the training batches attnlab drew: tokens and targets [steps, B, L], and the run's settings), trains
the same attention-only transformer with torch.optim.Adam on F.cross_entropy, and prints one JSON line: the loss of
every step as float.hex, the wall-clock and CPU seconds of the training loop, and what it ran on (torch, threads, BLAS core).

    python3 bench/induction_torch.py DIR [STEPS]

Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (bench/induction.sh does), so OpenBLAS picks its own kernel.
"""
import ctypes, json, os, sys, time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


class AttentionOnly(torch.nn.Module):
    """embedding + pos_embedding -> blocks (x + attn(x), causal) -> unembed; no MLP, no layer norm, no biases."""

    def __init__(self, layers, heads, d_model, vocab, context):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab, d_model)
        self.pos_embedding = torch.nn.Embedding(context, d_model)
        self.blocks = torch.nn.ModuleList(Block(d_model, heads) for _ in range(layers))
        self.unembed = torch.nn.Linear(d_model, vocab, bias=False)

    def forward(self, tokens):
        L = tokens.shape[1]
        x = self.embedding(tokens) + self.pos_embedding(torch.arange(L))
        mask = torch.triu(torch.ones(L, L, dtype=torch.bool), 1)       # True = may not attend (key j > query i)
        for block in self.blocks:
            x = x + block.attn(x, x, x, attn_mask=mask, need_weights=False)[0]
        return self.unembed(x)


class Block(torch.nn.Module):
    def __init__(self, d_model, heads):
        super().__init__()
        self.attn = torch.nn.MultiheadAttention(d_model, heads, bias=False, batch_first=True)


def openblas_core():
    """The OpenBLAS kernel this process runs (the library PyTorch's BLAS resolves to), or why it is unknown."""
    with open("/proc/self/maps") as maps:
        libs = sorted({line.split()[-1] for line in maps if "openblas" in line.split()[-1]})
    for path in libs:
        try:
            f = getattr(ctypes.CDLL(path), "openblas_get_corename", None)
        except OSError:
            continue
        if f is not None:
            f.restype = ctypes.c_char_p
            return f().decode().strip() + " (" + os.path.basename(path) + ")"
    return "unknown (no OpenBLAS among the loaded libraries)"


def main():
    d = sys.argv[1]
    init, data = np.load(os.path.join(d, "init.npz")), np.load(os.path.join(d, "batches.npz"))
    s = {k: float(v) for k, v in zip(("layers", "heads", "lr", "decay", "steps"), data["settings"].ravel())}
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else int(s["steps"])
    tokens = torch.tensor(data["tokens"][:steps], dtype=torch.long)
    targets = torch.tensor(data["targets"][:steps], dtype=torch.long)
    vocab, d_model = init["embedding.weight"].shape
    context = init["pos_embedding.weight"].shape[0]
    model = AttentionOnly(int(s["layers"]), int(s["heads"]), d_model, vocab, context)
    model.load_state_dict({k: torch.tensor(init[k]) for k in init.files})
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", os.cpu_count())))
    opt = torch.optim.Adam(model.parameters(), lr=s["lr"])
    losses = []
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(steps):
        if s["decay"]:
            for g in opt.param_groups:
                g["lr"] = s["lr"] * (s["steps"] - i) / s["steps"]
        logits = model(tokens[i])
        loss = F.cross_entropy(logits.reshape(-1, vocab), targets[i].reshape(-1), ignore_index=-1)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    env = ", ".join(f"{k}={os.environ[k]}" for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ)
    print(json.dumps({"losses": [v.hex() for v in losses], "seconds": seconds, "cpu_seconds": cpu,
                      "info": f"torch {torch.__version__}, {torch.get_num_threads()} threads, BLAS core "
                              f"{openblas_core()}, OPENBLAS variables: {env or 'unset'}"}))


if __name__ == "__main__":
    main()
