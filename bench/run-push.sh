#!/usr/bin/env bash
# Runs the push benchmark (docs/benchmarks-push.md). Usage, from the project root:
#   mvn -q -B -DskipTests package && bench/run-push.sh [--scenarios single,cluster] [--jfr true] ...
# Options go to dev.switchboard.bench.PushBenchmark (--help lists them). Everything stays on 127.0.0.1;
# the brokers run from a copy of target/switchboard.jar and are killed when the benchmark ends, however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f target/switchboard.jar ]]; then
  echo "target/switchboard.jar missing: run 'mvn -q -B -DskipTests package' first" >&2
  exit 2
fi
# The benchmark lives in the test tree: compile it (package -DskipTests compiles it already; this keeps it fresh).
mvn -q -B -o test-compile 2>/dev/null || mvn -q -B test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/cp.txt 2>/dev/null \
  || mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/cp.txt
# The load generator: Serial GC keeps its collections off the second core.
exec "${JAVA:-java}" -XX:+UseSerialGC -Xms256m -Xmx1g \
  -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
  dev.switchboard.bench.PushBenchmark "$@"
