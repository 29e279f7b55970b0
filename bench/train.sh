#!/usr/bin/env bash
# Exercise 5.9 target figures: trains the default previous-token model (vocab 8, length 10, d_model 16, batch 64,
# Adam lr 1e-2, 1500 steps) under the strict-causal and the causal mask, with 1 and 2 heads, and prints accuracy,
# per-head scores, wall-clock and steps/s side by side; saves the charts under charts/.
# Usage: bench/train.sh [--steps N] [--heads H] [--difference] [--progress bar|plain|off] [--charts DIR|--no-charts]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh   # sets $cp
exec java -Djava.awt.headless=true -cp "$cp" attnlab.train.Demo "$@"
