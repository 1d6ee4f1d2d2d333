#!/usr/bin/env bash
# The table of README's "Inverse problems": every examples/inverse/*.yaml fitted by `./pinn run` (seed 1), next to
# the classical Hipparchus fit; the cost of that fit against the forward solve of the same problem with the same
# settings (the file without its fit: section, its parameters at the truth, no data), run back to back; and the
# spread of the estimates over a bootstrap ensemble (`--ensemble N --bootstrap`: the first member on the measurements
# as given, the others on resamples of them), to set beside the classical standard errors.
#
#   bench/inverse-examples.sh [--ensemble N] [--out DIR]
#
# --ensemble N   members of the bootstrap ensemble per example (default 8; 1 for none)
# --out DIR      where the runs go (default out/inverse-examples)
#
# Needs Java 17, Maven and jq. Times on a shared machine are noisy: compare the ratio in one run of the script.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/out/inverse-examples"
members=8
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 ]] || { echo "inverse-examples: --out needs a folder" >&2; exit 2; }; out="$2"; shift 2 ;;
    --ensemble)
      if [[ $# -lt 2 || ! "$2" =~ ^[1-9][0-9]?$ ]]; then
        echo "inverse-examples: --ensemble needs a count from 1 to 99" >&2; exit 2
      fi
      members="$2"; shift 2 ;;
    *) echo "inverse-examples: unknown option '$1'; options: --ensemble N, --out DIR" >&2; exit 2 ;;
  esac
done
command -v jq >/dev/null || { echo "inverse-examples: needs jq" >&2; exit 2; }
mkdir -p "$out"
pinn="$root/pinn"

echo "| example | parameter | truth | PINN, seed 1 (bootstrap of $members: mean ± std) | Hipparchus ± standard error | PINN off | Hipparchus off | fit s | forward s | fit / forward |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for file in "$root"/examples/inverse/*.yaml; do
  name="$(basename "$file" .yaml)"
  "$pinn" run "$file" --quiet --out "$out/$name" >"$out/$name.txt" 2>&1 \
    || { echo "inverse-examples: $name failed; see $out/$name.txt" >&2; exit 1; }
  metrics="$out/$name/metrics.json"
  # The forward twin: the same file without fit:, at the true parameters, trained with the same settings.
  twin="$out/$name-forward.yaml"
  awk '/^fit:/ {skip = 1; next} skip && /^[^ #]/ {skip = 0} !skip' "$file" > "$twin"
  params=()
  while IFS= read -r assignment; do params+=(--param "$assignment"); done \
    < <(jq -r '.fittedParameters | to_entries[] | "\(.key)=\(.value.truth)"' "$metrics")
  "$pinn" run "$twin" "${params[@]}" --quiet --out "$out/$name-forward" >"$out/$name-forward.txt" 2>&1 \
    || { echo "inverse-examples: the forward twin of $name failed; see $out/$name-forward.txt" >&2; exit 1; }
  spread="$metrics"
  if [[ $members -gt 1 ]]; then
    "$pinn" run "$file" --ensemble "$members" --bootstrap --quiet --out "$out/$name-ensemble" >"$out/$name-ensemble.txt" 2>&1 \
      || { echo "inverse-examples: the ensemble of $name failed; see $out/$name-ensemble.txt" >&2; exit 1; }
    spread="$out/$name-ensemble/metrics.json"
  fi
  fit_seconds="$(jq '.trainingSeconds' "$metrics")"
  forward_seconds="$(jq '.trainingSeconds' "$out/$name-forward/metrics.json")"
  first=1
  jq -r --slurpfile e "$spread" '.fittedParameters | to_entries[] | [.key, .value.truth, .value.estimate,
      ($e[0].fittedParameters[.key].ensembleMean // "null"), ($e[0].fittedParameters[.key].ensembleStd // "null"),
      .value.hipparchusEstimate, .value.hipparchusStandardError, .value.relativeError,
      .value.hipparchusRelativeError] | @tsv' "$metrics" |
  while IFS=$'\t' read -r p truth est mean std hip se rel hrel; do
    if [[ $first -eq 1 ]]; then
      times="$(printf '%.1f | %.1f | %.2f' "$fit_seconds" "$forward_seconds" \
        "$(echo "$fit_seconds / $forward_seconds" | bc -l)")"
      label="$name"
    else
      times=" |  | "
      label=""
    fi
    first=0
    ensemble=""
    [[ "$mean" != "null" ]] && ensemble="$(printf ' (%.4g ± %.2g)' "$mean" "$std")"
    printf '| %s | %s | %g | %.4g%s | %.4g ± %.2g | %.2g%% | %.2g%% | %s |\n' "$label" "$p" "$truth" "$est" \
      "$ensemble" "$hip" "$se" "$(echo "100 * $rel" | bc -l)" "$(echo "100 * $hrel" | bc -l)" "$times"
  done
done
