# Sourced by the bench scripts: compiles main and sets $cp to target/classes plus the dependency jars.
# The build log goes to target/bench-build.log and is printed only when the build fails.
mkdir -p target
if ! mvn -B -q -Dstyle.color=never -DskipTests compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/bench.classpath \
    >target/bench-build.log 2>&1; then
  cat target/bench-build.log >&2
  exit 1
fi
cp="target/classes:$(cat target/bench.classpath)"
