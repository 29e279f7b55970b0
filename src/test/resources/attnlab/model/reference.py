"""PyTorch float64 reference for attnlab.model's tests: tiny random checkpoints in the Hugging Face layout, and the
logits and every activation under TransformerLens's hook names.

    /usr/bin/python3 reference.py SPECS.json OUTDIR

SPECS.json is a list of models; each gets OUTDIR/<name>/ with config.json, model.safetensors (or shards plus
model.safetensors.index.json) and reference.npz (logits, the activations, and with "ablate": [layer, head] the logits
of the same model with that head's output-projection inputs zeroed, as "ablated.logits").

The math follows transformers' modeling_gpt2.py and modeling_llama.py, all in float64 (Hugging Face itself computes
Llama's RMSNorm, its softmax and its rotary angles in float32 even for a float64 model; this does not). Weights are
drawn in float64 and rounded to float32 first when the spec's dtype is F32, so both sides read the same numbers.
"""
import json
import math
import os
import struct
import sys

import numpy as np
import torch

torch.set_grad_enabled(False)


def write_safetensors(path, tensors, dtype):
    header, blobs, off = {"__metadata__": {"format": "pt"}}, [], 0
    np_type = {"F32": "<f4", "F64": "<f8"}[dtype]
    for k, t in tensors.items():
        raw = t.numpy().astype(np_type).tobytes()
        header[k] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [off, off + len(raw)]}
        blobs.append(raw)
        off += len(raw)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def save(out, spec, config, sd):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    shards, dtype = spec.get("shards", 1), spec.get("dtype", "F64")
    if shards == 1:
        write_safetensors(os.path.join(out, "model.safetensors"), sd, dtype)
        return
    keys = list(sd)
    weight_map = {}
    for s in range(shards):
        name = "model-%05d-of-%05d.safetensors" % (s + 1, shards)
        part = {k: sd[k] for k in keys[s::shards]}
        write_safetensors(os.path.join(out, name), part, dtype)
        weight_map.update({k: name for k in part})
    with open(os.path.join(out, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": 0}, "weight_map": weight_map}, f, indent=2)


SCALE = [1.0]  # bench/model_reference.py shrinks the random weights of its large models (GPT-2's init: 0.02)


def rand(gen, dtype, *shape, scale=0.2, offset=0.0):
    t = torch.randn(*shape, generator=gen, dtype=torch.float64) * (scale * SCALE[0]) + offset
    return t.float().double() if dtype == "F32" else t


def softmax_causal(scores):
    L = scores.shape[-1]
    causal = torch.tril(torch.ones(L, L, dtype=torch.bool))
    scores = torch.where(causal, scores, torch.tensor(-math.inf, dtype=torch.float64))
    return scores, torch.softmax(scores, dim=-1)


def bytes_to_unicode():
    """GPT-2's byte-level alphabet: every byte as a printable character (space is "Ġ")."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


MERGES = ["Ġ t", "h e", "Ġt he", "Ġ a", "i n", "Ġ s", "e r", "o n", "a n", "r e", "Ġ w", "Ġ o", "a t", "e n", "Ġ b",
          "Ġ M", "Ġ J", "o h", "Ġ d", "Ġt o", "Ġa n", "Ġan d", "a r", "Ġ g", "o r", "e d", "Ġw h", "Ġ i", "Ġ h",
          "Ġ m", "Ġw en", "Ġs t", "Ġst or", "Ġstor e", "Ġd r", "in k", "Ġdr ink", "Ġg a", "Ġga v", "Ġgav e",
          "Ġ T", "Ġ W", "Ġ ,"]


def write_tokenizer(out, vocab_size):
    """A GPT-2-style byte-level BPE (vocab.json + merges.txt): the 256 bytes, MERGES, then <|endoftext|>."""
    vocab = {c: i for i, c in enumerate(bytes_to_unicode().values())}
    for m in MERGES:
        vocab["".join(m.split(" "))] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    if len(vocab) != vocab_size:
        raise SystemExit("a tokenizer needs vocab %d, not %d" % (len(vocab), vocab_size))
    with open(os.path.join(out, "vocab.json"), "w") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(out, "merges.txt"), "w") as f:
        f.write("#version: 0.2\n" + "\n".join(MERGES) + "\n")


# ---------------------------------------------------------------------------------------------------------- GPT-2
def gpt2(spec, out):
    gen = torch.Generator().manual_seed(spec["seed"])
    dt = spec.get("dtype", "F64")
    V, C, D, H, NL = spec["vocab"], spec["context"], spec["d_model"], spec["heads"], spec["layers"]
    eps = spec.get("eps", 1e-5)
    config = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": V, "n_positions": C,
              "n_embd": D, "n_layer": NL, "n_head": H, "layer_norm_epsilon": eps, "activation_function": "gelu_new",
              "bos_token_id": spec.get("bos", 0), "eos_token_id": spec.get("bos", 0), "n_inner": None}
    p = spec.get("prefix", "")
    w = {p + "wte.weight": rand(gen, dt, V, D), p + "wpe.weight": rand(gen, dt, C, D)}
    for l in range(NL):
        b = p + "h.%d." % l
        w.update({b + "ln_1.weight": rand(gen, dt, D, scale=0.1, offset=1), b + "ln_1.bias": rand(gen, dt, D, scale=0.1),
                  b + "attn.c_attn.weight": rand(gen, dt, D, 3 * D), b + "attn.c_attn.bias": rand(gen, dt, 3 * D),
                  b + "attn.c_proj.weight": rand(gen, dt, D, D), b + "attn.c_proj.bias": rand(gen, dt, D),
                  b + "ln_2.weight": rand(gen, dt, D, scale=0.1, offset=1), b + "ln_2.bias": rand(gen, dt, D, scale=0.1),
                  b + "mlp.c_fc.weight": rand(gen, dt, D, 4 * D), b + "mlp.c_fc.bias": rand(gen, dt, 4 * D),
                  b + "mlp.c_proj.weight": rand(gen, dt, 4 * D, D), b + "mlp.c_proj.bias": rand(gen, dt, D)})
        if spec.get("buffers"):  # real GPT-2 files carry the causal mask and masked_bias: not weights
            w[b + "attn.bias"] = torch.tril(torch.ones(C, C, dtype=torch.float64)).view(1, 1, C, C)
            w[b + "attn.masked_bias"] = torch.tensor(-1e4, dtype=torch.float64).view(1)
    w.update({p + "ln_f.weight": rand(gen, dt, D, scale=0.1, offset=1), p + "ln_f.bias": rand(gen, dt, D, scale=0.1)})
    if spec.get("lm_head"):  # GPT2LMHeadModel may save its tied lm_head too
        w["lm_head.weight"] = w[p + "wte.weight"].clone()
    save(out, spec, config, w)
    if spec.get("tokenizer"):
        write_tokenizer(out, V)

    def ln(x, k):
        mu = x.mean(-1, keepdim=True)
        var = ((x - mu) ** 2).mean(-1, keepdim=True)
        return (x - mu) / torch.sqrt(var + eps) * w[k + "weight"] + w[k + "bias"]

    def gelu(x):  # NewGELUActivation
        return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))

    def forward(ids, acts, ablate=None):
        L, dh = len(ids), D // H
        ids = torch.tensor(ids)
        emb, pos = w[p + "wte.weight"][ids], w[p + "wpe.weight"][:L]
        acts["hook_embed"], acts["hook_pos_embed"] = emb, pos
        x = emb + pos
        for l in range(NL):
            b, a = p + "h.%d." % l, "blocks.%d." % l
            acts[a + "hook_resid_pre"] = x
            h = ln(x, b + "ln_1.")
            acts[a + "ln1.hook_normalized"] = h
            qkv = h @ w[b + "attn.c_attn.weight"] + w[b + "attn.c_attn.bias"]
            q, k, v = (qkv[:, i * D:(i + 1) * D].reshape(L, H, dh) for i in range(3))
            acts[a + "attn.hook_q"], acts[a + "attn.hook_k"], acts[a + "attn.hook_v"] = q, k, v
            scores = q.permute(1, 0, 2) @ k.permute(1, 2, 0) / math.sqrt(dh)
            scores, pattern = softmax_causal(scores)
            acts[a + "attn.hook_attn_scores"], acts[a + "attn.hook_pattern"] = scores, pattern
            z = (pattern @ v.permute(1, 0, 2)).permute(1, 0, 2)
            acts[a + "attn.hook_z"] = z
            wo = w[b + "attn.c_proj.weight"].clone()
            if ablate is not None and ablate[0] == l:  # Conv1D [in, out]: that head's input rows
                wo[ablate[1] * dh:(ablate[1] + 1) * dh, :] = 0
            attn = z.reshape(L, D) @ wo + w[b + "attn.c_proj.bias"]
            acts[a + "hook_attn_out"] = attn
            x = attn + x
            acts[a + "hook_resid_mid"] = x
            h = ln(x, b + "ln_2.")
            acts[a + "ln2.hook_normalized"] = h
            pre = h @ w[b + "mlp.c_fc.weight"] + w[b + "mlp.c_fc.bias"]
            post = gelu(pre)
            acts[a + "mlp.hook_pre"], acts[a + "mlp.hook_post"] = pre, post
            mlp = post @ w[b + "mlp.c_proj.weight"] + w[b + "mlp.c_proj.bias"]
            acts[a + "hook_mlp_out"] = mlp
            x = x + mlp
            acts[a + "hook_resid_post"] = x
        x = ln(x, p + "ln_f.")
        acts["ln_final.hook_normalized"] = x
        return x @ w[p + "wte.weight"].T

    return forward


# ---------------------------------------------------------------------------------------------------------- Llama
def llama(spec, out):
    gen = torch.Generator().manual_seed(spec["seed"])
    dt = spec.get("dtype", "F64")
    V, C, D, H, NL = spec["vocab"], spec["context"], spec["d_model"], spec["heads"], spec["layers"]
    KV, F, theta, eps = spec["kv_heads"], spec["d_mlp"], spec.get("rope_theta", 10000.0), spec.get("eps", 1e-6)
    dh = spec.get("head_dim", D // H)
    tied = spec.get("tied", False)
    config = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": V,
              "max_position_embeddings": C, "hidden_size": D, "intermediate_size": F, "num_hidden_layers": NL,
              "num_attention_heads": H, "num_key_value_heads": KV, "rms_norm_eps": eps, "rope_theta": theta,
              "hidden_act": "silu", "tie_word_embeddings": tied, "rope_scaling": None, "attention_bias": False,
              "mlp_bias": False, "bos_token_id": spec.get("bos", 1), "eos_token_id": 2, "head_dim": dh}
    w = {"model.embed_tokens.weight": rand(gen, dt, V, D)}
    for l in range(NL):
        b = "model.layers.%d." % l
        w.update({b + "input_layernorm.weight": rand(gen, dt, D, scale=0.1, offset=1),
                  b + "self_attn.q_proj.weight": rand(gen, dt, H * dh, D),
                  b + "self_attn.k_proj.weight": rand(gen, dt, KV * dh, D),
                  b + "self_attn.v_proj.weight": rand(gen, dt, KV * dh, D),
                  b + "self_attn.o_proj.weight": rand(gen, dt, D, H * dh),
                  b + "post_attention_layernorm.weight": rand(gen, dt, D, scale=0.1, offset=1),
                  b + "mlp.gate_proj.weight": rand(gen, dt, F, D), b + "mlp.up_proj.weight": rand(gen, dt, F, D),
                  b + "mlp.down_proj.weight": rand(gen, dt, D, F)})
    w["model.norm.weight"] = rand(gen, dt, D, scale=0.1, offset=1)
    if not tied:
        w["lm_head.weight"] = rand(gen, dt, V, D)
    save(out, spec, config, w)

    def rms(x, k):
        variance = x.pow(2).mean(-1, keepdim=True)
        return w[k] * (x * torch.rsqrt(variance + eps))

    def rotate_half(x):
        x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
        return torch.cat((-x2, x1), dim=-1)

    def forward(ids, acts, ablate=None):
        L = len(ids)
        inv_freq = 1.0 / (theta ** (torch.arange(0, dh, 2, dtype=torch.int64).double() / dh))
        freqs = torch.arange(L, dtype=torch.float64)[:, None] * inv_freq[None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos(), emb.sin()  # [L, dh]
        x = w["model.embed_tokens.weight"][torch.tensor(ids)]
        acts["hook_embed"] = x
        for l in range(NL):
            b, a = "model.layers.%d." % l, "blocks.%d." % l
            acts[a + "hook_resid_pre"] = x
            h = rms(x, b + "input_layernorm.weight")
            acts[a + "ln1.hook_normalized"] = h
            q = (h @ w[b + "self_attn.q_proj.weight"].T).view(L, H, dh)
            k = (h @ w[b + "self_attn.k_proj.weight"].T).view(L, KV, dh)
            v = (h @ w[b + "self_attn.v_proj.weight"].T).view(L, KV, dh)
            acts[a + "attn.hook_q"], acts[a + "attn.hook_k"], acts[a + "attn.hook_v"] = q, k, v
            qr = q * cos[:, None, :] + rotate_half(q) * sin[:, None, :]
            kr = k * cos[:, None, :] + rotate_half(k) * sin[:, None, :]
            acts[a + "attn.hook_rot_q"], acts[a + "attn.hook_rot_k"] = qr, kr
            rep = H // KV  # repeat_kv: query head h reads KV head h // rep
            kh = kr.permute(1, 0, 2).repeat_interleave(rep, dim=0)
            vh = v.permute(1, 0, 2).repeat_interleave(rep, dim=0)
            scores = qr.permute(1, 0, 2) @ kh.transpose(1, 2) * dh ** -0.5
            scores, pattern = softmax_causal(scores)
            acts[a + "attn.hook_attn_scores"], acts[a + "attn.hook_pattern"] = scores, pattern
            z = (pattern @ vh).permute(1, 0, 2)
            acts[a + "attn.hook_z"] = z
            wo = w[b + "self_attn.o_proj.weight"].clone()
            if ablate is not None and ablate[0] == l:  # nn.Linear [out, in]: that head's input columns
                wo[:, ablate[1] * dh:(ablate[1] + 1) * dh] = 0
            attn = z.reshape(L, H * dh) @ wo.T
            acts[a + "hook_attn_out"] = attn
            x = x + attn
            acts[a + "hook_resid_mid"] = x
            h = rms(x, b + "post_attention_layernorm.weight")
            acts[a + "ln2.hook_normalized"] = h
            gate = h @ w[b + "mlp.gate_proj.weight"].T
            up = h @ w[b + "mlp.up_proj.weight"].T
            post = torch.nn.functional.silu(gate) * up
            acts[a + "mlp.hook_pre"], acts[a + "mlp.hook_pre_linear"], acts[a + "mlp.hook_post"] = gate, up, post
            mlp = post @ w[b + "mlp.down_proj.weight"].T
            acts[a + "hook_mlp_out"] = mlp
            x = x + mlp
            acts[a + "hook_resid_post"] = x
        x = rms(x, "model.norm.weight")
        acts["ln_final.hook_normalized"] = x
        return x @ (w["model.embed_tokens.weight"] if tied else w["lm_head.weight"]).T

    return forward


def main():
    specs = json.load(open(sys.argv[1]))
    root = sys.argv[2]
    for spec in specs:
        out = os.path.join(root, spec["name"])
        forward = {"gpt2": gpt2, "llama": llama}[spec["model_type"]](spec, out)
        if "tokens" not in spec:
            continue
        acts = {}
        logits = forward(spec["tokens"], acts)
        arrays = {"logits": logits}
        arrays.update(acts)
        if "ablate" in spec:
            arrays["ablated.logits"] = forward(spec["tokens"], {}, spec["ablate"])
        np.savez(os.path.join(out, "reference.npz"), **{k: v.numpy() for k, v in arrays.items()})
        with open(os.path.join(out, "tokens.json"), "w") as f:
            json.dump(spec["tokens"], f)


if __name__ == "__main__":
    main()
