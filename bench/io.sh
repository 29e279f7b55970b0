#!/usr/bin/env bash
# attnlab vs NumPy: save and load of one large float64 array (.npy, .npz stored; safetensors for attnlab alone),
# side by side in one run on the same files, with the ratio NumPy time / attnlab time (docs/formats.md).
#   bench/io.sh [--mb N (default 400)] [--reps R (default 5)] [--dir DIR]
# The files go to a new directory under /dev/shm (memory-backed: on a shared machine disk writeback of other work
# swamps the difference between the two libraries), or under $TMPDIR if there is no /dev/shm; --dir DIR measures a
# real disk (e.g. --dir /tmp/io-bench; the directory is created and left in place).
# NumPy is "NumPy at its best": the python3 on PATH (pyenv, NumPy 2.x), without this project's OpenBLAS settings.
# Uses `java` from PATH (JDK 17 or 25) with G1 (the JVM's default collector: it places large arrays straight in the
# old generation; the REPL launcher's SerialGC copies them once out of the young generation, see docs/formats.md)
# and a pre-touched heap (-Xms = -Xmx, AlwaysPreTouch), as a long-running REPL's heap is; IO_BENCH_JAVA_OPTS adds
# flags. Needs about 3x the size in free memory (attnlab's tensor, the tensor it reads back, NumPy's array) and 4x
# on disk. Each side alternates run by run with the other (NumPy runs as a small server, bench/io_numpy.py).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh     # bench_options, bench_dir
MB=400 REPS=5 DIR=""
bench_options "bench/io.sh [--mb N] [--reps R] [--dir DIR]" --mb MB --reps REPS --dir DIR -- "$@"
source bench/classpath.sh   # sets $cp
bench_dir attnlab-io-bench
HEAP=$(( MB * 3 + 512 ))
# The NumPy side: the python3 on PATH without the project's OpenBLAS settings; it prints its NumPy version and the
# OpenBLAS core it actually runs (SkylakeX on these machines; Haswell would mean the variables leaked through).
java -XX:+UseG1GC -Xms${HEAP}m -Xmx${HEAP}m -XX:+AlwaysPreTouch ${IO_BENCH_JAVA_OPTS:-} \
    -cp "$cp" bench/IoBench.java "$DIR" "$MB" "$REPS" \
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3
