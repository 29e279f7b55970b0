#!/usr/bin/env bash
# The Jupyter kernel against Debian's ipykernel, side by side, with the same client (jupyter_client), issue 13:
#   start:      KernelManager.start_kernel() -> kernel_info_reply (the first thing every client waits for)
#   round trip: execute_request "1+1" -> status idle (a small cell, after warm-up cells)
#   ipykernel, the anchor, runs without OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE and the OpenBLAS core it ran is printed
#   floor:      JShell.eval("1+1") alone, warm, in process (bench/JShellFloor.java), bare and in attnlab's session
# attnlab runs through its real kernelspec (./attnlab --install-kernel --prefix TMP: the launcher, its JVM flags and
# CDS/AOT archive), on JDK 17 and on JDK 25.
# Usage: bench/kernel.sh [RUNS [CELLS]]   (default 7 starts per kernel, 50 timed cells per start; medians)
# Needs /usr/bin/python3 with jupyter_client and ipykernel (python3-jupyter-client, python3-ipykernel).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-7}"
CELLS="${2:-50}"
JDK17=/usr/lib/jvm/java-17-openjdk-amd64
JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

kernels=("ipykernel=python3")
for jdk in "$JDK17" "$JDK25"; do
  [ -x "$jdk/bin/java" ] || continue
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")"
  # install, and build the jar and this JDK's class-data archive now: not part of the measurement
  JAVA_HOME="$jdk" ./attnlab --install-kernel --prefix "$TMP/jdk$v" >/dev/null
  JAVA_HOME="$jdk" ./attnlab -e 1 >/dev/null
  kernels+=("attnlab-jdk$v=attnlab@$TMP/jdk$v/share/jupyter/kernels")
done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 bench/kernel_client.py "$RUNS" "$CELLS" "${kernels[@]}"
# The floor under a cell: JShell.eval("1+1") alone, warm, in process, no protocol (bench/JShellFloor.java); a kernel
# that compiles each cell with JShell cannot answer faster than this.
source bench/classpath.sh   # sets $cp
for jdk in "$JDK17" "$JDK25"; do
  [ -x "$jdk/bin/java" ] || continue
  "$jdk/bin/java" -XX:+UseSerialGC --add-modules jdk.incubator.vector -cp "$cp" bench/JShellFloor.java 2>/dev/null
done
