#!/usr/bin/env bash
# pinn4j and plain PyTorch on the same problem, back to back: `./pinn bench --json`, then
# bench/pytorch/oscillator.py (same network, loss, initial weights and plan), then one Markdown table of the
# training seconds to relative L2 error 1e-2 ... 1e-5 with the ratio pinn4j / PyTorch, the same for pinn4j with
# Levenberg-Marquardt after the same Adam (to 1e-6) against the same PyTorch run, and the ms per Adam iteration
# and per L-BFGS evaluation side by side with pinn4j's GFLOP/s.
#
#   bench/side-by-side.sh [--repeat N] [--out DIR] [--no-usual-recipe]
#
# --repeat N           run the pair N times, alternating, and keep each figure's minimum (default 1); the
#                      trainings are deterministic (same steps every time), so the spread is machine noise
# --out DIR            where the JSON files go (default out/side-by-side)
# --no-usual-recipe    skip the reference run of PyTorch with 2000 Adam iterations before L-BFGS
#
# Needs Java 17 and Maven (./pinn builds pinn4j on first use) and a Python 3 with PyTorch: /usr/bin/python3
# with Debian's python3-torch unless PYTHON names another interpreter. Debian's torch calls the system BLAS,
# the slow reference one unless an optimized one is installed: apt-get install python3-torch libopenblas0-serial
# (the table names the BLAS and warns on the reference one). Timings on a shared machine are noisy: compare
# ratios taken in one run of this script rather than seconds taken at different times.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/out/side-by-side"
usual=(--usual-recipe)
repeat=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) [[ $# -ge 2 ]] || { echo "side-by-side: --out needs a folder" >&2; exit 2; }; out="$2"; shift 2 ;;
    --repeat)
      if [[ $# -lt 2 || ! "$2" =~ ^[1-9][0-9]?$ ]]; then
        echo "side-by-side: --repeat needs a count from 1 to 99" >&2; exit 2
      fi
      repeat="$2"; shift 2 ;;
    --no-usual-recipe) usual=(); shift ;;
    -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "side-by-side: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

# A Python with torch: $PYTHON if set, else Debian's /usr/bin/python3 (a pyenv python3 may come first on PATH).
python="${PYTHON:-/usr/bin/python3}"
if [[ ! -x "$python" ]] && ! command -v "$python" >/dev/null 2>&1; then
  echo "side-by-side: no Python at $python; install Debian's: apt-get install python3-torch libopenblas0-serial" >&2
  exit 1
fi
if ! "$python" -c 'import torch' >/dev/null 2>&1; then
  echo "side-by-side: $python cannot import torch; install Debian's PyTorch (and an optimized BLAS for it):" >&2
  echo "  apt-get install python3-torch libopenblas0-serial   (or set PYTHON to an interpreter that has torch)" >&2
  exit 1
fi

mkdir -p "$out"
rm -f "$out"/pinn4j-*.json "$out"/pytorch-*.json
log="$out/stderr.log"
: >"$log"

# Build first, so that the build does not run during the measurements.
if ! "$root/pinn" --help >/dev/null 2>>"$log"; then
  echo "side-by-side: building pinn4j failed; see $log" >&2
  exit 1
fi

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }
load_before="$(load)"
started="$(date -u '+%Y-%m-%d %H:%M UTC')"

for ((i = 1; i <= repeat; i++)); do
  echo "side-by-side: [$i/$repeat] ./pinn bench --json ..." >&2
  if ! "$root/pinn" bench --json >"$out/pinn4j-$i.json" 2>>"$log"; then
    echo "side-by-side: ./pinn bench failed; see $log" >&2
    exit 1
  fi
  # The usual recipe is a reference, not a ratio: once is enough.
  extra=()
  if [[ $i -eq 1 ]]; then extra=("${usual[@]}"); fi
  echo "side-by-side: [$i/$repeat] bench/pytorch/oscillator.py ${extra[*]} ..." >&2
  if ! "$python" "$root/bench/pytorch/oscillator.py" "${extra[@]}" >"$out/pytorch-$i.json" 2>>"$log"; then
    echo "side-by-side: bench/pytorch/oscillator.py failed; see $log" >&2
    exit 1
  fi
done
load_after="$(load)"

"$python" - "$out" "$repeat" "$started" "$load_before" "$load_after" <<'EOF'
import json
import os
import platform
import sys

out, repeat, started, load_before, load_after = sys.argv[1], int(sys.argv[2]), *sys.argv[3:6]
pinn4j_runs = [json.load(open(os.path.join(out, "pinn4j-%d.json" % i))) for i in range(1, repeat + 1)]
torch_runs = [json.load(open(os.path.join(out, "pytorch-%d.json" % i))) for i in range(1, repeat + 1)]
THRESHOLDS = ["1e-2", "1e-3", "1e-4", "1e-5"]


def least(values):
    values = [v for v in values if v is not None]
    return min(values) if values else None


def merged(runs):
    """Each figure's minimum over the runs; steps and errors from the first run (they are the same in all)."""
    first = runs[0]
    m = dict(first)
    m["secondsToError"] = {n: least([r["secondsToError"].get(n) for r in runs]) for n in THRESHOLDS}
    m["trainingSeconds"] = min(r["trainingSeconds"] for r in runs)
    m["perIteration"] = [dict(s, msPerAdamIteration=min(r["perIteration"][k]["msPerAdamIteration"] for r in runs),
                              msPerLbfgsEvaluation=min(r["perIteration"][k]["msPerLbfgsEvaluation"] for r in runs))
                         for k, s in enumerate(first["perIteration"])]
    m["deterministic"] = all(r.get("stepsToError") == first.get("stepsToError")
                             and r["finalRelativeL2Error"] == first["finalRelativeL2Error"] for r in runs)
    return m


pinn4j = merged(pinn4j_runs)
torch_ = merged(torch_runs)
usual = torch_runs[0].get("usualRecipe")


def cpu():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def sec(x):
    return "not reached" if x is None else "%.2f" % x


def ratio(a, b):
    return "-" if a is None or b is None or b == 0 else "%.2f" % (a / b)


def steps(x):
    return "-" if x is None else str(x)


blas = torch_.get("blas", "unknown")
blas_name = "/".join(blas.split(",")[0].strip().split("/")[-2:])
print("pinn4j (DJL 0.35.1, libtorch 2.7.1) and PyTorch %s (BLAS %s), float64, 1 thread each, %s on %d cores"
      " (%s); load average %s before, %s after; %s" % (
          torch_["torchVersion"], blas_name, started, os.cpu_count(), cpu(), load_before, load_after,
          "one run each" if repeat == 1 else "%d alternating runs each, the least time of each figure" % repeat))
if "/blas/libblas" in blas:
    print()
    print("WARNING: PyTorch runs on the reference BLAS (%s), several times slower than an optimized one;"
          " for a fair comparison: apt-get install libopenblas0-serial" % blas)
for name, m in (("pinn4j", pinn4j), ("PyTorch", torch_)):
    if not m["deterministic"]:
        print()
        print("NOTE: %s's runs did not all take the same steps; its figures mix different trainings" % name)
print()
print("Default oscillator, 1-32-32-32-1 tanh, 200 grid points, the same initial weights (seed %s), Adam 300 at lr"
      " 1e-3 then L-BFGS (history 50, strong Wolfe) up to 2500 iterations; training seconds to relative L2"
      " error (steps: Adam plus L-BFGS iterations then):" % torch_["seed"])
print()
header = "| relative L2 error | pinn4j s | PyTorch s | pinn4j / PyTorch | pinn4j steps | PyTorch steps |"
rule = "| --- | --- | --- | --- | --- | --- |"
if usual:
    header += " PyTorch, Adam 2000 first: s (steps) |"
    rule += " --- |"
print(header)
print(rule)
for name in THRESHOLDS:
    a = pinn4j["secondsToError"].get(name)
    b = torch_["secondsToError"].get(name)
    row = "| %s | %s | %s | %s | %s | %s |" % (name, sec(a), sec(b), ratio(a, b),
                                               steps(pinn4j.get("stepsToError", {}).get(name)),
                                               steps(torch_["stepsToError"].get(name)))
    if usual:
        u = usual["secondsToError"].get(name)
        row += " %s |" % (sec(u) if u is None else "%s (%s)" % (sec(u), steps(usual["stepsToError"].get(name))))
    print(row)
lm = pinn4j_runs[0].get("levenbergMarquardt")
if lm:
    lm_seconds = {n: least([r["levenbergMarquardt"]["secondsToError"].get(n) for r in pinn4j_runs])
                  for n in THRESHOLDS + ["1e-6"]}
row = "| final error, training s | %.1e, %.2f | %.1e, %.2f | %s | | |" % (
    pinn4j["finalRelativeL2Error"], pinn4j["trainingSeconds"], torch_["finalRelativeL2Error"],
    torch_["trainingSeconds"], ratio(pinn4j["trainingSeconds"], torch_["trainingSeconds"]))
if usual:
    row += " %.1e, %.2f |" % (usual["finalRelativeL2Error"], usual["trainingSeconds"])
print(row)
if lm:
    print()
    print("pinn4j with Levenberg-Marquardt after the same Adam (%s) against the same PyTorch run:" % lm["settings"])
    print()
    print("| relative L2 error | pinn4j Adam + LM s | PyTorch s | pinn4j / PyTorch | pinn4j steps |")
    print("| --- | --- | --- | --- | --- |")
    for name in THRESHOLDS + ["1e-6"]:
        a = lm_seconds.get(name)
        b = torch_["secondsToError"].get(name)
        print("| %s | %s | %s | %s | %s |" % (name, sec(a), sec(b), ratio(a, b),
                                             steps(lm.get("stepsToError", {}).get(name))))
    print("| final error, training s | %.1e, %.2f | | | |" % (lm["finalRelativeL2Error"], lm["trainingSeconds"]))
print()
print("ms per Adam iteration and per L-BFGS evaluation (3 hidden layers; Adam 300 then L-BFGS 150):")
print()
print("| (points, width) | Adam pinn4j | Adam PyTorch | pinn4j / PyTorch | L-BFGS pinn4j | L-BFGS PyTorch"
      " | pinn4j / PyTorch | pinn4j GFLOP/s (Adam) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
theirs = {(s["points"], s["width"]): s for s in torch_["perIteration"]}
for s in pinn4j["perIteration"]:
    t = theirs.get((s["points"], s["width"]))
    if t is None:
        continue
    print("| %d, %d | %.2f | %.2f | %s | %.2f | %.2f | %s | %.1f |" % (
        s["points"], s["width"], s["msPerAdamIteration"], t["msPerAdamIteration"],
        ratio(s["msPerAdamIteration"], t["msPerAdamIteration"]), s["msPerLbfgsEvaluation"],
        t["msPerLbfgsEvaluation"], ratio(s["msPerLbfgsEvaluation"], t["msPerLbfgsEvaluation"]),
        s["mflopPerEvaluation"] / s["msPerAdamIteration"]))
EOF
echo >&2
echo "side-by-side: raw figures in $out/pinn4j-*.json and $out/pytorch-*.json" >&2
