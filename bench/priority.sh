# Sourced by the bench/run*.sh scripts. On a machine shared with other work, BENCH_NICE=-10 runs the benchmark and
# its servers (they inherit it) above everything else, so other processes only get the CPU it leaves. With
# autogroup scheduling (Linux default) a process's nice only counts inside its session, so the session's autogroup
# gets the same nice, restored on exit. Needs the right to lower niceness (root). Sets PRIORITY (a command prefix).
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
