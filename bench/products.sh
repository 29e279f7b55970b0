#!/usr/bin/env bash
# The kernel's single products x [128, K] · W [K, N] on packed weights, at the shapes of a 128-token forward of GPT-2
# small and SmolLM-135M: GFLOP/s with W in cache and with 100 different W read from memory (bench/ProductBench.java).
# The figures in VectorTimes.KC's comment and docs/models.md come from it. Usage: bench/products.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh   # sets $cp
echo "attnlab products: $(java -version 2>&1 | head -1); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx4g --add-modules jdk.incubator.vector -cp "$cp" bench/ProductBench.java 2>&1 \
    | grep -v -e '^WARNING: Using incubator modules' -e '^warning: using incubating' -e '^1 warning$'
