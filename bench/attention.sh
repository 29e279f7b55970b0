#!/usr/bin/env bash
# attnlab vs NumPy, attention in float64, side by side in one table (README "Performance").
#   bench/attention.sh [--quick] [--no-numpy]
# Uses `java` from PATH (JDK 17 or 25; e.g. PATH=/usr/lib/jvm/temurin-25-jdk-amd64/bin:$PATH bench/attention.sh).
# BENCH_JAVA_OPTS adds JVM flags, e.g. BENCH_JAVA_OPTS=-Dattnlab.kernel=loops to time the fallback kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
if ! mvn -B -q -Dstyle.color=never -DskipTests compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/bench.classpath \
    >target/bench-build.log 2>&1; then
  cat target/bench-build.log >&2
  exit 1
fi
# The JVM prints "WARNING: Using incubator modules: jdk.incubator.vector" on stderr at start-up; drop that one line.
java --add-modules jdk.incubator.vector ${BENCH_JAVA_OPTS:-} -cp "target/classes:$(cat target/bench.classpath)" \
    bench/AttentionBench.java "$@" 2> >(grep -v -e 'Using incubator modules' -e 'using incubating module' -e '^1 warning$' >&2)
