#!/usr/bin/env bash
# Runs `npm test` several times in a row while CPU-burning processes run beside it, to show
# that no spec depends on how busy the machine is (issue 10).
#
#   bash scripts/under_load.sh [RUNS] [BURNERS]     (defaults: 5 runs, 3 burners)
#
# Each burner is `node -e 'for(;;);'` at normal priority (no nice), so on a 2-core machine
# the tests get well under half of the CPU. Run it from a clean clone after `npm ci`.
# It prints one line per run (rc and minutes), stops at the first failure, and always
# kills the burners on exit. Full output of run N: under-load-N.log in the current dir.
set -u
runs=${1:-5}
burners=${2:-3}
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done; }
trap cleanup EXIT INT TERM
for _ in $(seq 1 "$burners"); do
  node -e 'for(;;);' &
  pids+=("$!")
done
echo "$(date -u +%FT%TZ) ${burners} burners running (pids ${pids[*]}), load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $(seq 1 "$runs"); do
  start=$(date +%s)
  npm test >"under-load-${n}.log" 2>&1
  rc=$?
  minutes=$(( ($(date +%s) - start + 30) / 60 ))
  echo "$(date -u +%FT%TZ) run ${n}/${runs}: rc ${rc}, ${minutes} min, load $(cut -d' ' -f1-3 /proc/loadavg), $(sed 's/\x1b\[[0-9;]*m//g' "under-load-${n}.log" | grep -E '^ +Tests ' | tail -1 | sed 's/^ *//')"
  if [ "$rc" -ne 0 ]; then exit "$rc"; fi
done
