#!/usr/bin/env bash
# The Jupyter kernel against Debian's ipykernel, side by side, with the same client (jupyter_client), issue 13:
#   start -> kernel_info_reply   KernelManager.start_kernel() -> the first kernel_info_reply
#   start -> first result        the same start -> the execute_result of the first cell, "1+1"
#   cells 2-30                   execute_request "1+1" -> status idle, cells 2 to 30 (median)
#   warm                         the same once the kernel has been up WARM s (60), idle after cell 30 (median of CELLS)
#   ipykernel, the anchor, runs without OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE and the OpenBLAS core it ran is printed
#   floor:      JShell.eval("1+1") alone, warm, in process (bench/JShellFloor.java), bare and in attnlab's session
# attnlab runs through its real kernelspec (./attnlab --install-kernel --prefix TMP: the launcher, its JVM flags and
# CDS/AOT archive), on JDK 17 and on JDK 25.
# Usage: bench/kernel.sh [RUNS [CELLS [WARM]]]   (default 5 starts per kernel, 30 warm cells, WARM=60 s; medians;
#        WARM=0 skips the warm row). ATTNLAB_BENCH_JDKS="17" (or "25", "17 25") picks the JDKs, default both.
# Needs /usr/bin/python3 with jupyter_client and ipykernel (python3-jupyter-client, python3-ipykernel).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
CELLS="${2:-30}"
WARM="${3:-60}"
JDK17=/usr/lib/jvm/java-17-openjdk-amd64
JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

kernels=("ipykernel=python3")
JDKS=()
for v in ${ATTNLAB_BENCH_JDKS:-17 25}; do
  case "$v" in 17) JDKS+=("$JDK17") ;; 25) JDKS+=("$JDK25") ;; *) echo "ATTNLAB_BENCH_JDKS: 17 or 25, not $v" >&2; exit 2 ;; esac
done
for jdk in "${JDKS[@]}"; do
  [ -x "$jdk/bin/java" ] || continue
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")"
  # install, and build the jar and this JDK's class-data archive now: not part of the measurement
  JAVA_HOME="$jdk" ./attnlab --install-kernel --prefix "$TMP/jdk$v" >/dev/null
  JAVA_HOME="$jdk" ./attnlab -e 1 >/dev/null
  kernels+=("attnlab-jdk$v=attnlab@$TMP/jdk$v/share/jupyter/kernels")
done
echo "machine: $(nproc) cores; $(uptime)"
/usr/bin/python3 bench/kernel_client.py "$RUNS" "$CELLS" "$WARM" "${kernels[@]}"
# The floor under a cell: JShell.eval("1+1") alone, warm, in process, no protocol (bench/JShellFloor.java); a kernel
# that compiles each cell with JShell cannot answer faster than this.
[ -n "${ATTNLAB_BENCH_NO_FLOOR:-}" ] && exit 0
source bench/classpath.sh   # sets $cp
for jdk in "${JDKS[@]}"; do
  [ -x "$jdk/bin/java" ] || continue
  "$jdk/bin/java" -XX:+UseSerialGC --add-modules jdk.incubator.vector -cp "$cp" bench/JShellFloor.java 2>/dev/null
done
