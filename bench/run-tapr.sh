#!/usr/bin/env bash
# Runs the tapr benchmark (docs/benchmarks-tapr.md). Usage, from the project root:
#   mvn -q -B -DskipTests package && bench/run-tapr.sh [--seconds 10] ...
# Options go to dev.switchboard.bench.TaprBenchmark (--help lists them). Everything stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f target/switchboard.jar ]]; then
  echo "target/switchboard.jar missing: run 'mvn -q -B -DskipTests package' first" >&2
  exit 2
fi
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/cp.txt
exec "${JAVA:-java}" -XX:+UseSerialGC -Xms512m -Xmx2g \
  -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
  dev.switchboard.bench.TaprBenchmark "$@"
