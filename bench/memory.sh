#!/usr/bin/env bash
# Resident memory of one long training, sampled every few seconds: flat memory over many iterations is what the
# per-evaluation sub-managers are for (an op's result belongs to its first operand's manager).
#
#   bench/memory.sh [--every SECONDS] -- PINN_ARGUMENTS...
#
# e.g. bench/memory.sh -- run damped-oscillator --stages adam:100000 --quiet --out out/memory
# Prints "seconds rss_MB" per sample, then the resident memory at 10% of the run and at its end.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
every=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --every) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "memory: --every needs whole seconds" >&2; exit 2; }
      every="$2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "memory: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[[ $# -gt 0 ]] || { echo "memory: give the pinn arguments after --" >&2; exit 2; }

"$root/pinn" --help >/dev/null   # build first, so that the build is not sampled
"$root/pinn" "$@" >/dev/null &
launcher=$!
samples=()
start=$(date +%s)
while kill -0 "$launcher" 2>/dev/null; do
  sleep "$every"
  # The JVM is the launcher's child (or the launcher itself after exec).
  pid="$(pgrep -P "$launcher" java || echo "$launcher")"
  rss="$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status" 2>/dev/null || true)"
  if [[ -n "$rss" ]]; then
    samples+=("$rss")
    echo "$(( $(date +%s) - start )) $rss"
  fi
done
wait "$launcher"
n=${#samples[@]}
[[ $n -gt 0 ]] || { echo "memory: the run ended before the first sample" >&2; exit 1; }
echo "resident memory: ${samples[$(( n / 10 ))]} MB at 10% of the run, ${samples[$(( n - 1 ))]} MB at its end ($n samples)"
