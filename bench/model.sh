#!/usr/bin/env bash
# Real-model speed: attnlab's forward with the FULL activation cache vs PyTorch float64 on the CPU without one, on
# random weights of GPT-2 small's (124M) and SmolLM-135M's shapes written in the Hugging Face layout (F32
# safetensors), at 128 and 1024 tokens; and loading the ~500 MB GPT-2 checkpoint vs NumPy reading the same file
# (docs/models.md has a run's table). attnlab's forwards are timed after a warm-up of at least 3 forwards and 12 s a
# case (the JIT's steady state: C2 recompiles what the previous model's forwards compiled for their own paths);
# PyTorch's after one forward (it has no JIT).
#   bench/model.sh [--reps R (default 5: single forwards swing from run to run on this VM, both sides)] [--dir DIR]
# PyTorch is Debian's python3-torch (/usr/bin/python3), run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset; the
# OpenBLAS core it ran is printed. The FP64 peak is NumPy's float64 2048² matmul (bench/numpy_reference.py, the
# python3 on PATH, variables unset), measured at the start and the end (the better counts), as bench/attention.sh
# does, and % of peak uses the one at the start. The JVM gets a 12 GB heap, committed and touched at start-up (the full
# cache of SmolLM at 1024 tokens is about 7 GB: 30 layers of [9, 1024, 1024] scores and patterns; on a VM the first
# touch of each fresh page of a growing heap cost more system time than the forward itself) and ZGC: it never moves
# an array over 4 MB (a cache's 8 MB pattern slices), where the parallel collector copied the live cache of a
# 1024-token forward, gigabytes, in every collection (measured on this machine: GPT-2 small at 1024 tokens 10.8 s a
# forward with it, 4.9 s with ZGC; G1 stores each 8 MB slice as a humongous object in 4 MB regions, a third of the
# space wasted, and ran out of heap). MODEL_BENCH_JAVA_OPTS adds flags. The checkpoints (about 1 GB) go to a temporary directory
# under /dev/shm unless --dir is given.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh     # bench_options, bench_dir
REPS=5 DIR=""
bench_options "bench/model.sh [--reps R] [--dir DIR]" --reps REPS --dir DIR -- "$@"
source bench/classpath.sh   # sets $cp
bench_dir attnlab-model-bench
started=$(date +%s)
echo "attnlab model benchmark: $(java -version 2>&1 | head -1); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
peak() { printf 'peak\n' | env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/numpy_reference.py --serve | awk '$1 == "peak" {print $2}'; }
P1=$(peak)
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/model_reference.py "$DIR" "$REPS" > "$DIR/python.json"
/usr/bin/python3 - "$DIR/python.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("PyTorch reference: `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/model_reference.py`"
      " (torch %s, NumPy %s, %d intra-op threads); OpenBLAS core in use: %s" % (r["torch"], r["numpy"], r["threads"], r["blas"]))
PY
java -Xmx12g -Xms12g -XX:+AlwaysPreTouch -XX:+UseZGC --add-modules jdk.incubator.vector ${MODEL_BENCH_JAVA_OPTS:-} -cp "$cp" bench/ModelBench.java \
    "$DIR" "$REPS" "$DIR/python.json" "$(echo "$P1" | awk '{print $1}')" 2>&1 | grep -v '^WARNING: Using incubator modules' &
wait $!
P2=$(peak)
echo
echo "machine FP64 peak: start $P1, end $P2 GFLOP/s (NumPy float64 2048×2048 matmul, all cores; % of peak above uses the start's)"
echo "bench/model.sh took $(( $(date +%s) - started )) s; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
