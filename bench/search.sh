#!/usr/bin/env bash
# Bayesian optimization against random search on the same axes and budget: runs a bayesian batch file as it is
# and as random search (mode: random, the same samples and axes), for each of several search seeds, and prints
# each problem's lowest error after every configuration (from the batches' progress.csv: a configuration's error is
# its mean over the file's training seeds) and how many configurations the Bayesian search needed to reach the best
# that random search found with all of its configurations.
#
#   bench/search.sh [--batch FILE] [--seeds 1,2,3] [--samples N] [--out DIR]
#
# --batch   a batch file in bayesian mode (default: examples/batches/bayesian.yaml)
# --seeds   the search seeds, the draw's `seed:` (default: 1,2,3); training seeds stay the file's
# --samples configurations per search, instead of the file's `samples:`
# --out     where the batches go (default: out/search)
#
# Random search draws with seed 1000 + S, not S: with S its first draws would be the Bayesian search's initial
# ones, and a best found among those would be "reached" by both at once. The error is the batch's score: relative
# L2 against the reference (residual RMS without one); with several training seeds a configuration that failed on
# one counts as failed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
batch="$root/examples/batches/bayesian.yaml"
seeds="1,2,3"
samples=""
out="$root/out/search"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --batch) [[ $# -ge 2 ]] || { echo "search: --batch needs a file" >&2; exit 2; }; batch="$2"; shift 2 ;;
    --seeds) [[ $# -ge 2 ]] || { echo "search: --seeds needs a value" >&2; exit 2; }; seeds="$2"; shift 2 ;;
    --samples) [[ $# -ge 2 ]] || { echo "search: --samples needs a value" >&2; exit 2; }; samples="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || { echo "search: --out needs a folder" >&2; exit 2; }; out="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "search: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
[[ -f "$batch" ]] || { echo "search: no batch file $batch" >&2; exit 2; }
grep -Eq '^  mode: *bayesian' "$batch" || { echo "search: $batch is not in bayesian mode" >&2; exit 2; }
[[ "$seeds" =~ ^-?[0-9]+(,-?[0-9]+)*$ ]] || { echo "search: --seeds must be whole numbers such as 1,2,3" >&2; exit 2; }
[[ -z "$samples" || "$samples" =~ ^[1-9][0-9]*$ ]] || { echo "search: --samples must be a whole number >= 1" >&2; exit 2; }

mkdir -p "$out"
for seed in ${seeds//,/ }; do
  for mode in bayesian random; do
    file="$out/$mode-seed$seed.yaml"
    sed -E -e "s/^  seed: .*/  seed: $seed/" -e "s/^  mode: .*/  mode: $mode/" "$batch" > "$file"
    if [[ -n "$samples" ]]; then
      sed -i -E "s/^  samples: .*/  samples: $samples/" "$file"
    fi
    if [[ "$mode" == random ]]; then
      sed -i -E -e '/^  (initial|round):/d' -e "s/^  seed: .*/  seed: $((1000 + seed))/" "$file"
    fi
    echo "search: $mode, search seed $seed" >&2
    "$root/pinn" batch "$file" --out "$out/$mode-seed$seed" 2>/dev/null >/dev/null
  done
done

# progress.csv: problem,configurations,runs,error,lowestError. Both files are read whole, keyed by problem and count.
report() {
  awk -F, -v seed="$1" -v table="$2" '
    FNR == 1 { file++; next }
    { key = $1 SUBSEP $2; problems[$1] = 1; if ($2 > n[$1]) n[$1] = $2
      if (file == 1) random[key] = $5; else bayes[key] = $5 }
    END {
      for (p in problems) {
        best = random[p, n[p]]
        if (table == "curve") {
          for (k = 1; k <= n[p]; k++) printf "| %s | %s | %d | %s | %s |\n", p, seed, k, show(random[p, k]), show(bayes[p, k])
        } else {
          reach = "not reached"; last = ""
          for (k = 1; k <= n[p]; k++) if ((p, k) in bayes) { last = bayes[p, k]; if (last != "" && best != "" && last + 0 <= best + 0) { reach = k; break } }
          for (k = 1; k <= n[p]; k++) if ((p, k) in bayes) last = bayes[p, k]
          printf "| %s | %s | %s | %s | %s |\n", p, seed, show(best), reach, show(last)
        }
      }
    }
    function show(x) { return x == "" ? "failed" : sprintf("%.3g", x) }' \
    "$out/random-seed$1/progress.csv" "$out/bayesian-seed$1/progress.csv"
}
echo "| problem | search seed | configurations | random: lowest error | bayesian: lowest error |"
echo "| --- | --- | --- | --- | --- |"
for seed in ${seeds//,/ }; do report "$seed" curve; done
echo
echo "| problem | search seed | random's lowest error (all configurations) | bayesian configurations to reach it | bayesian's lowest error |"
echo "| --- | --- | --- | --- | --- |"
for seed in ${seeds//,/ }; do report "$seed" reach; done
