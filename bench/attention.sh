#!/usr/bin/env bash
# attnlab vs NumPy, attention in float64, side by side in one run (docs/performance.md).
#   bench/attention.sh [--quick] [--cpu] [--no-numpy] [--no-scaling] [--no-train]
# Prints three sections: (1) the main table, every case with its goal (issue 15) and whether it is met; (2) the
# scaling table, L = 512 … 16384, run in a JVM with a 256 MB heap; (3) exercise 5.9's training wall-clock.
# The NumPy reference runs as `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/numpy_reference.py`: this
# workplace exports those two variables, which hold OpenBLAS to its AVX2 kernels on these AVX-512 machines; they are
# unset for that one command only (tests and CI keep them). python3 is the one on PATH (NumPy at its best).
# Uses `java` from PATH (JDK 17 or 25; e.g. PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH bench/attention.sh).
# BENCH_JAVA_OPTS adds JVM flags, e.g. BENCH_JAVA_OPTS=-Dattnlab.kernel=loops to time the fallback kernel.
# --cpu: one core each (attnlab -Dattnlab.threads=1, NumPy OPENBLAS_NUM_THREADS=1), timed in CPU time of the calling
# thread: a comparison that other processes on a shared machine barely disturb (wall-clock figures there are noise).
# Takes an estimated 4–5 minutes on a quiet 2-core machine (11–13 at load 10–17); --quick is about a third of that.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/classpath.sh   # sets $cp
bench_args=() train=1 scaling=1 jvm=()
for a in "$@"; do
  case "$a" in
    --no-train) train=0 ;;
    --no-scaling) scaling=0 ;;
    --quick|--no-numpy) bench_args+=("$a") ;;
    --cpu) bench_args+=("$a"); jvm+=(-Dattnlab.threads=1) ;;
    *) echo "unknown option $a; options: --quick, --cpu, --no-numpy, --no-scaling, --no-train" >&2; exit 2 ;;
  esac
done
# The JVM prints "WARNING: Using incubator modules: jdk.incubator.vector" on stderr at start-up; drop that one line.
quiet() { grep -v -e 'Using incubator modules' -e 'using incubating module' -e '^1 warning$' >&2; }
started=$(date +%s)
java --add-modules jdk.incubator.vector "${jvm[@]}" ${BENCH_JAVA_OPTS:-} -cp "$cp" \
    bench/AttentionBench.java "${bench_args[@]}" 2> >(quiet)
if [ "$scaling" = 1 ]; then
  java -Xmx256m -Dattnlab.warmup=false --add-modules jdk.incubator.vector "${jvm[@]}" ${BENCH_JAVA_OPTS:-} -cp "$cp" \
      bench/AttentionBench.java --scaling "${bench_args[@]}" 2> >(quiet)
fi
if [ "$train" = 1 ]; then
  echo
  echo "Exercise 5.9 training (goal: under 5 s), a fresh JVM as a user runs it, JIT warm-up included:"
  java --add-modules jdk.incubator.vector -Djava.awt.headless=true ${BENCH_JAVA_OPTS:-} -cp "$cp" \
      attnlab.train.Demo --heads 0 --no-charts --progress off 2> >(quiet) \
    | grep -e 'training wall-clock' -e 'accuracy >=' | sed 's/^ */  /'
fi
echo
echo "bench/attention.sh took $(( $(date +%s) - started )) s; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
