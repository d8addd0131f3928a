#!/usr/bin/env bash
# Runs the Switchboard benchmark (BENCHMARKS.md). Usage, from the project root:
#   mvn -q -B -DskipTests package && bench/run.sh --scenario all
# Options go to dev.switchboard.bench.Benchmark (--help lists them). Servers and load stay on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

# 20 000 idle connections need 20 000 sockets in the broker and as many in the load generator (children inherit this).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

if [[ ! -f target/switchboard.jar ]]; then
  echo "target/switchboard.jar missing: run 'mvn -q -B -DskipTests package' first" >&2
  exit 2
fi
# The benchmark lives in the test tree: compile it (package -DskipTests compiles it already; this keeps it fresh).
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/cp.txt

JAVA="${JAVA:-java}"
EXTRA=()
# Idle memory is worth comparing on Java 25 too, when that JDK is installed.
if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java && " $* " != *" --idle-java "* ]]; then
  EXTRA+=(--idle-java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
fi

# BENCH_NICE=-10: run above other work on a shared machine (see bench/priority.sh).
source "$(dirname "$0")/priority.sh"

# The load generator: Serial GC keeps it off the second core; the heap holds 20 000 client sockets.
"${PRIORITY[@]}" "$JAVA" -XX:+UseSerialGC -Xms1g -Xmx3g -Xmn256m \
  -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
  dev.switchboard.bench.Benchmark "${EXTRA[@]}" "$@"
