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

# On a machine shared with other work, BENCH_NICE=-10 runs the benchmark and its servers (they inherit it) above
# everything else, so other processes only get the CPU it leaves. With autogroup scheduling (Linux default) a
# process's nice only counts inside its session, so the session's autogroup gets the same nice, restored on exit.
# Needs the right to lower niceness (root).
PRIORITY=()
if [[ -n "${BENCH_NICE:-}" ]]; then
  if nice -n "$BENCH_NICE" true 2>/dev/null; then
    PRIORITY=(nice -n "$BENCH_NICE")
    if [[ -w /proc/self/autogroup ]]; then
      previous_group_nice=$(sed -n 's/.* nice //p' /proc/self/autogroup)
      if echo "$BENCH_NICE" > /proc/self/autogroup 2>/dev/null; then
        trap 'echo "$previous_group_nice" > /proc/self/autogroup 2>/dev/null || true' EXIT
      fi
    fi
  else
    echo "BENCH_NICE=$BENCH_NICE not permitted here: running at normal priority" >&2
  fi
fi

# The load generator: Serial GC keeps it off the second core; the heap holds 20 000 client sockets.
"${PRIORITY[@]}" "$JAVA" -XX:+UseSerialGC -Xms1g -Xmx3g -Xmn256m \
  -cp "target/test-classes:target/classes:$(cat target/cp.txt)" \
  dev.switchboard.bench.Benchmark "${EXTRA[@]}" "$@"
