#!/usr/bin/env bash
# Issue 20: the documented induction-heads run (docs/induction.md: vocab 64, n 16, 2 layers of 2 heads, d_model 32,
# model seed 3, 2000 steps of 32 sequences, Adam lr 2e-2 decaying to 0) in attnlab, then the same model from the same
# initial weights on the same batches (exported to .npz) in PyTorch float64 on the CPU (Debian's python3-torch, all
# cores), side by side in one run. Prints both times (wall-clock and CPU), whether the first 20 losses agree to 1e-10
# relative (exit 1 if not), the head scores, the composition scores and the load average (the machine is shared).
# PyTorch runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset and prints the OpenBLAS core it ran.
# Usage: bench/induction.sh [--steps N (default 2000)] [--torch-steps M (default N)]
# On a busy machine PyTorch's 2000 steps take long: --torch-steps 200 trains it on the first 200 batches only and
# compares per step (the 20-loss agreement check is the same).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh     # bench_options
STEPS=2000 TORCH_STEPS=""
bench_options "bench/induction.sh [--steps N] [--torch-steps M]" --steps STEPS --torch-steps TORCH_STEPS -- "$@"
source bench/classpath.sh   # sets $cp
DIR=$(mktemp -d -t attnlab-induction.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
java -version 2>&1 | head -1
exec java -Djava.awt.headless=true --add-modules jdk.incubator.vector -cp "$cp" bench/InductionBench.java "$DIR" "$STEPS" "${TORCH_STEPS:-$STEPS}" \
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3
