#!/usr/bin/env bash
# Runs the socket.io benchmark (docs/benchmarks-socketio.md): Switchboard against the npm socket.io 4.x Node server
# (src/test/node/bench-server.js), same clients, same app, same run. Usage, from the project root:
#   mvn -q -B -DskipTests package && bench/run-socketio.sh [--scenarios idle,fanout,ack,fixedrate] [--jfr true] ...
# Options go to dev.switchboard.bench.SocketIoBenchmark (--help lists them). Everything stays on 127.0.0.1; both
# servers are killed when the benchmark ends, however it ends. Needs node and src/test/node/node_modules
# (npm ci in src/test/node).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f target/switchboard.jar ]]; then
  echo "target/switchboard.jar missing: run 'mvn -q -B -DskipTests package' first" >&2
  exit 2
fi
if [[ ! -d src/test/node/node_modules/socket.io ]]; then
  echo "src/test/node/node_modules/socket.io missing: run 'npm ci' in src/test/node first" >&2
  exit 2
fi
# The benchmark lives in the test tree: compile it (package -DskipTests compiles it already; this keeps it fresh).
mvn -q -B -o test-compile 2>/dev/null || mvn -q -B test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/cp.txt 2>/dev/null \
  || mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/cp.txt
# Every client and server needs a descriptor per connection.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# BENCH_NICE=-10: run above other work on a shared machine (see bench/priority.sh).
source bench/priority.sh
# The load generator: Serial GC keeps its collections off the second core.
"${PRIORITY[@]}" "${JAVA:-java}" -XX:+UseSerialGC -Xms512m -Xmx2g \
  -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
  dev.switchboard.bench.SocketIoBenchmark "$@"
