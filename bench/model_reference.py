"""The Python side of bench/model.sh: writes random-weight checkpoints of GPT-2 small's and SmolLM-135M's shapes in
the Hugging Face layout (F32 safetensors, config.json) with the test reference's writer, then times
  - PyTorch float64 on the CPU: the same architecture on the same weights (src/test/resources/attnlab/model/
    reference.py, the Hugging Face modelling math), a forward without cache, at 128 and 1024 tokens;
  - NumPy reading the GPT-2 checkpoint: header parsed, every tensor read from the file and converted to float64
    (what attnlab's load produces), and the same without the conversion (float32 arrays).
Prints one JSON object. Run with /usr/bin/python3 (Debian's python3-torch) and OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE
unset (bench/model.sh does both).
    model_reference.py DIR REPS
"""
import ctypes
import json
import os
import re
import statistics
import struct
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "attnlab", "model"))
import reference  # noqa: E402

MODELS = [
    {"name": "gpt2-small", "model_type": "gpt2", "seed": 1, "vocab": 50257, "context": 1024, "d_model": 768,
     "heads": 12, "layers": 12, "dtype": "F32"},
    {"name": "smollm-135m", "model_type": "llama", "seed": 2, "vocab": 49152, "context": 2048, "d_model": 576,
     "heads": 9, "kv_heads": 3, "d_mlp": 1536, "layers": 30, "dtype": "F32", "tied": True, "rope_theta": 10000.0,
     "eps": 1e-5},
]
LENGTHS = [128, 1024]


def blas_core():
    maps = open("/proc/self/maps").read()
    libs = sorted(set(re.findall(r"/\S*openblas\S*\.so\S*", maps)))
    for lib in libs:
        try:
            l = ctypes.CDLL(lib)
            l.openblas_get_corename.restype = ctypes.c_char_p
            l.openblas_get_config.restype = ctypes.c_char_p
            return "%s (%s; %d threads)" % (l.openblas_get_corename().decode(), l.openblas_get_config().decode(),
                                            l.openblas_get_num_threads())
        except (OSError, AttributeError):
            continue
    return "unknown: " + ", ".join(libs)


def numpy_read(path, convert):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = bytearray(os.path.getsize(path) - 8 - n)
        f.readinto(data)
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        arr = np.frombuffer(data, dtype="<f4", count=(b - a) // 4, offset=a).reshape(v["shape"])
        out[k] = arr.astype(np.float64) if convert else arr
    return out


def main():
    root, reps = sys.argv[1], int(sys.argv[2])
    reference.SCALE[0] = 0.1
    result = {"torch": torch.__version__, "numpy": np.__version__, "threads": torch.get_num_threads(),
              "blas": None, "models": {}}
    for spec in MODELS:
        out = os.path.join(root, spec["name"])
        t0 = time.perf_counter()
        forward = {"gpt2": reference.gpt2, "llama": reference.llama}[spec["model_type"]](spec, out)
        write_s = time.perf_counter() - t0
        rng = np.random.default_rng(0)
        times = {}
        for L in LENGTHS:
            ids = rng.integers(0, spec["vocab"], L).tolist()
            forward(ids, {})  # warm-up
            ts = []
            for _ in range(reps):
                t = time.perf_counter()
                forward(ids, {})
                ts.append(time.perf_counter() - t)
            times[str(L)] = statistics.median(ts)
        result["models"][spec["name"]] = {"torch_forward_s": times, "write_s": write_s}
        del forward
    result["blas"] = blas_core()
    path = os.path.join(root, "gpt2-small", "model.safetensors")
    for convert in (True, False):
        ts = []
        for _ in range(reps):
            t = time.perf_counter()
            numpy_read(path, convert)
            ts.append(time.perf_counter() - t)
        result["numpy_read_f64_s" if convert else "numpy_read_f32_s"] = statistics.median(ts)
        result["numpy_read_f64_runs" if convert else "numpy_read_f32_runs"] = [round(t, 3) for t in ts]
    result["file_bytes"] = os.path.getsize(path)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
