#!/usr/bin/env bash
# Every built-in with each of several optimizer plans, one after the other: the relative L2 error against the
# reference and the training seconds of each, as one Markdown table. This is how the default plan is chosen.
#
#   bench/optimizers.sh [--plans P1;P2;...] [--only NAME,NAME] [--out DIR]
#
# --plans   plans in ./pinn's --stages form, separated by ';'
#           (default: adam:300,lbfgs:2500;adam:300,lm:300;adam:300,ssbroyden:1000;lm:400)
# --only    built-ins to run (default: all of ./pinn list)
# --out     where each run's files go (default: out/optimizers)
#
# The built-ins keep their own other settings (windows, points, layers). Timings on a shared machine are noisy:
# compare the plans of one run of this script, not seconds taken at different times.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
plans="adam:300,lbfgs:2500;adam:300,lm:300;adam:300,ssbroyden:1000;lm:400"
only=""
out="$root/out/optimizers"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --plans) [[ $# -ge 2 ]] || { echo "optimizers: --plans needs a value" >&2; exit 2; }; plans="$2"; shift 2 ;;
    --only) [[ $# -ge 2 ]] || { echo "optimizers: --only needs a value" >&2; exit 2; }; only="$2"; shift 2 ;;
    --out) [[ $# -ge 2 ]] || { echo "optimizers: --out needs a folder" >&2; exit 2; }; out="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "optimizers: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

if [[ -z "$only" ]]; then
  only="$("$root/pinn" list | grep -E '^[a-z0-9-]+ - ' | cut -d' ' -f1 | paste -sd, -)"
fi
IFS=';' read -r -a plan_list <<<"$plans"
IFS=',' read -r -a names <<<"$only"
mkdir -p "$out"

header="| problem |"
rule="| --- |"
for plan in "${plan_list[@]}"; do
  header+=" $plan: error; s |"
  rule+=" --- |"
done
echo "$header"
echo "$rule"
for name in "${names[@]}"; do
  row="| $name |"
  for plan in "${plan_list[@]}"; do
    dir="$out/$name/${plan//[:,]/-}"
    if "$root/pinn" run "$name" --stages "$plan" --out "$dir" >"$out/last.log" 2>&1 || [[ -f "$dir/metrics.json" ]]; then
      row+=" $(python3 - "$dir/metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
error = m.get("relativeL2Error")
print(("%.1e" % error if error is not None else "-") + "; %.1f" % m["trainingSeconds"])
PY
) |"
    else
      row+=" failed |"
    fi
  done
  echo "$row"
done
