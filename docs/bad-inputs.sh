#!/usr/bin/env bash
# Runs bad inputs and faults through the real ./pinn and prints, for each, the command, its exit code and the first
# line it wrote on standard error, as a Markdown table. Checks that every exit code is 0, 1 or 2, that no stack
# trace and no line of libtorch's (such as its AutoNonVariableTypeMode deprecation warning) reaches the user, and
# exits 1 otherwise. Everything is written into a temporary folder, removed at the end; about a minute on 2 cores.
#
#   docs/bad-inputs.sh            # the table on standard output
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pinn="$root/pinn"
work="$(mktemp -d "${TMPDIR:-/tmp}/pinn-bad-inputs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
"$pinn" --version >/dev/null 2>&1 || { echo "cannot run $pinn" >&2; exit 1; }

cases=0
bad=0
echo "| # | command | exit | first line on standard error |"
echo "| --- | --- | --- | --- |"
# case DESCRIPTION ARGS...: runs ./pinn ARGS in the work folder.
case_() {
  cases=$((cases + 1))
  timeout 300 "$pinn" "$@" >"$work/out.txt" 2>"$work/err.txt"
  local code=$?
  local first
  first="$(grep -v '^\s*$' "$work/err.txt" | head -n 1 | cut -c1-220)"
  local shown="pinn"
  for arg in "$@"; do
    if [[ -z "$arg" || "$arg" =~ [[:space:]] ]]; then shown+=" '$arg'"; else shown+=" $arg"; fi
  done
  shown="${shown//$work\//}"
  shown="${shown//|/\\|}"
  first="${first//$work\//}"
  first="${first//|/\\|}"
  echo "| $cases | \`$shown\` | $code | $first |"
  if [[ $code -ne 0 && $code -ne 1 && $code -ne 2 ]] \
      || grep -qE '^\s+at [a-zA-Z_$.]+\(|Exception in thread|LegacyTypeDispatch|AutoNonVariableTypeMode' \
          "$work/err.txt" "$work/out.txt"; then
    bad=$((bad + 1))
    echo "  ^ exit code outside 0/1/2, a stack trace or a libtorch line" >&2
  fi
}

fast=(--adam-iterations 20 --lbfgs-iterations 20 --layers 8,8 --quiet)

# Commands and options
case_ bogus
case_ run
case_ run damped-oscillator --pionts 3
case_ run pendulum-on-mars
case_ lesson nope
case_ lesson --frob
case_ survey --bogus
case_ report /nonexistent
# Training settings, each refused before training
case_ run damped-oscillator --adam-iterations 2.7
case_ run damped-oscillator --points 1000000000
case_ run damped-oscillator --layers 100000,100000
case_ run damped-oscillator --layers 4096,4096,4096 --points 100000
case_ run damped-oscillator --windows 10000
case_ run damped-oscillator --weights cc=0,phys=0
case_ run damped-oscillator --weights cc=1,phys=-1
case_ run damped-oscillator --stages lion:5
case_ run damped-oscillator --stages adam:300,lbfgs
case_ run damped-oscillator --set beta1=0.5 --optimizer rmsprop
case_ run damped-oscillator --set beta3=1
case_ run damped-oscillator --set =3
case_ run damped-oscillator --set
case_ run damped-oscillator --lr 0
case_ run damped-oscillator --lr abc
case_ run damped-oscillator --lr-decay 2:10
case_ run damped-oscillator --lbfgs-iterations 1e9
case_ run damped-oscillator --patience -1
case_ run damped-oscillator --seed 1.5
case_ run damped-oscillator --activation swish
case_ run damped-oscillator --optimizer lion
case_ run damped-oscillator --dtype float16
case_ run damped-oscillator --sampling hexagonal
case_ run damped-oscillator --resample-every 10
case_ run damped-oscillator --adam-iterations 0 --lbfgs-iterations 0
case_ run damped-oscillator --param k=NaN
case_ run damped-oscillator --param q=1
case_ run damped-oscillator --param t1=0
case_ run damped-oscillator --param k
case_ run poisson --windows 4
case_ run damped-oscillator --strategy sometimes
case_ run examples/nope.yaml --explain
case_ run damped-oscillator --explain --set strategy=maybe
case_ run damped-oscillator --animate --frames 1
# Output folders
mkdir -p notes && echo mine > notes/thesis.tex
echo text > afile
case_ run exponential-decay --out ''
case_ run exponential-decay --out /proc/nope
case_ run exponential-decay --out .
case_ run exponential-decay --out notes
case_ run exponential-decay --out afile
case_ run exponential-decay --tensorboard afile/logs
case_ run exponential-decay --tensorboard afile
case_ run exponential-decay --out run1 --tensorboard run1/logs
# Checkpoints
mkdir -p norun ckdamaged/checkpoint
case_ run exponential-decay --checkpoint-every 0
case_ run exponential-decay --checkpoint-every 5 --stages adam:10,lm:10
case_ run exponential-decay --checkpoint-every 5 --windows 2
case_ run exponential-decay --checkpoint-every 5 --tensorboard tb
case_ run --resume norun
case_ run --resume nowhere
printf 'format=pinn4j-checkpoint\nversion=1\nbytes=4\ncrc32=0\n' > ckdamaged/checkpoint/checkpoint.properties
printf 'junk' > ckdamaged/checkpoint/state.bin
case_ run --resume ckdamaged
sed -i 's/^version=1$/version=99/' ckdamaged/checkpoint/checkpoint.properties
case_ run --resume ckdamaged
case_ run --resume ckdamaged --lr 0.1
case_ run exponential-decay --resume ckdamaged
# Problem files
cat > typo.yaml <<'EOF'
name: rc-circuit
equations:
  - "q' = -Q/(R*C)"
parameters: {R: 1000, C: 0.001}
domain: [0, 5]
conditions:
  - "q(0) = 1"
EOF
printf 'name: x\nequations: ["y'"'"' = -y"\ndomain: [0, 1]\n' > syntax.yaml
head -c 2000 /dev/urandom > binary.yaml
printf 'name: x\nequations: ["y'"'"' = -y"]\ndomain: [0, 1]\nconditions: ["y(0) = 1"]\ncolour: blue\n' > unknownkey.yaml
printf 'name: x\nequations: ["y'"'"' = -y"]\ndomain: [0, 1]\n' > noconditions.yaml
printf 'name: x\nequations: ["y'"'"' = -y"]\ndomain: [1, 0]\nconditions: ["y(0) = 1"]\n' > domain.yaml
printf 'name: x\nequations: ["y'"'"' = -y"]\ndomain: [0, 1]\nconditions: ["y(0) = 1"]\ntraining: {lr: 0}\n' > training.yaml
mkdir -p folder.yaml
case_ run nope.yaml
case_ run typo.yaml
case_ run syntax.yaml
case_ run binary.yaml
case_ run unknownkey.yaml
case_ run noconditions.yaml
case_ run domain.yaml
case_ run training.yaml
case_ run folder.yaml
# Batch files
batch() { printf '%s\n' "$2" > "$1"; }
batch seeds15.yaml $'problems: [exponential-decay]\nsweep:\n  seeds: [1.5]'
batch seedstext.yaml $'problems: [exponential-decay]\nsweep:\n  seeds: [one]'
batch seedsnumber.yaml $'problems: [exponential-decay]\nsweep:\n  seeds: 3'
batch sweeptext.yaml $'problems: [exponential-decay]\nsweep: hello'
batch dupseeds.yaml $'problems: [exponential-decay]\nsweep:\n  seeds: [1, 1]'
batch missing.yaml $'problems: [exponential-decay, nope.yaml]'
batch activation.yaml $'problems: [exponential-decay]\nsweep:\n  axes:\n    activation: [tanh, swish]'
batch broken.yaml $'problems: [exponential-decay, syntax.yaml]'
batch lr0.yaml $'problems: [exponential-decay]\nsweep:\n  axes:\n    lr: [0]'
batch layers0.yaml $'problems: [exponential-decay]\nsweep:\n  axes:\n    layers: [[0]]'
batch samples.yaml $'problems: [exponential-decay]\nsweep:\n  mode: random\n  samples: 2.5\n  axes:\n    lr: {log-uniform: [1e-4, 1e-2]}'
batch reduction.yaml $'problems: [exponential-decay]\nsweep:\n  mode: hyperband\n  samples: 4\n  reduction: 1'
batch pointsuniform.yaml $'problems: [exponential-decay]\nsweep:\n  mode: random\n  samples: 3\n  axes:\n    points: {uniform: [50, 60]}'
batch mode.yaml $'problems: [exponential-decay]\nsweep:\n  mode: genetic'
batch key.yaml $'problems: [exponential-decay]\nsweep:\n  modes: grid'
batch cross.yaml $'problems: [exponential-decay]\nsweep:\n  axes:\n    optimizer: [adam, rmsprop]\n    beta1: [0.5]'
batch syntaxbatch.yaml $'problems: [exponential-decay\nsweep:'
batch many.yaml $'problems: [exponential-decay]\nsweep:\n  seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n  axes:\n    points: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]\n    windows: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n    patience: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n    lr: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 2]'
batch ok.yaml $'problems: [exponential-decay]\nsweep:\n  seeds: [1, 2]\n  axes:\n    layers: [[8, 8]]\n    adamIterations: [20]\n    lbfgsIterations: [20]'
batch bayesinitial.yaml $'problems: [exponential-decay]\nsweep:\n  mode: bayesian\n  samples: 4\n  initial: 9\n  axes:\n    lr: {log-uniform: [1e-4, 1e-2]}'
batch bayesparam.yaml $'problems: [exponential-decay]\nsweep:\n  mode: bayesian\n  samples: 4\n  axes:\n    r: [1, 2]'
batch bayesround.yaml $'problems: [exponential-decay]\nsweep:\n  mode: bayesian\n  samples: 4\n  round: zero\n  axes:\n    lr: {log-uniform: [1e-4, 1e-2]}'
batch roundgrid.yaml $'problems: [exponential-decay]\nsweep:\n  round: 2'
batch bayesshard.yaml $'problems: [exponential-decay]\nsweep:\n  mode: bayesian\n  samples: 2\n  initial: 1\n  axes:\n    layers: [[8, 8]]\n    adamIterations: [20]\n    lbfgsIterations: [20]\n    lr: {log-uniform: [1e-4, 1e-2]}'
head -c 2000 /dev/urandom > binarybatch.yaml
mkdir -p runsfile && echo x > runsfile/runs
case_ batch nope.yaml
case_ batch seeds15.yaml
case_ batch seedstext.yaml
case_ batch seedsnumber.yaml
case_ batch sweeptext.yaml
case_ batch dupseeds.yaml
case_ batch missing.yaml
case_ batch activation.yaml
case_ batch broken.yaml
case_ batch lr0.yaml
case_ batch layers0.yaml
case_ batch samples.yaml
case_ batch reduction.yaml
case_ batch pointsuniform.yaml
case_ batch mode.yaml
case_ batch key.yaml
case_ batch cross.yaml
case_ batch syntaxbatch.yaml
case_ batch many.yaml
case_ batch binarybatch.yaml
case_ batch ok.yaml --workers 1000
case_ batch ok.yaml --workers 3
case_ batch ok.yaml --workers 0
case_ batch ok.yaml --shard 3/2
case_ batch ok.yaml --out runsfile
case_ batch ok.yaml --out afile
case_ batch ok.yaml --tensorboard afile/logs
case_ batch bayesinitial.yaml
case_ batch bayesparam.yaml
case_ batch bayesround.yaml
case_ batch roundgrid.yaml
case_ batch bayesshard.yaml --shard 1/2
# A run that ends far from the solution: a warning, exit 0; a saved model for predict
case_ run damped-oscillator --points 5 "${fast[@]}" --out far
case_ run exponential-decay --stages lbfgs:1 --quiet --out one
# Inverse problems: fit flags, fit: sections and measurement files
printf 't,x\n0,1\n0.5,0.2\n1,0.1\n' > x.csv
printf 't,q\n0,1\n' > header.csv
printf 't,x\n0,1\n0.5,abc\n' > cell.csv
printf 't,x\n0,1\n2,0.1\n' > outside.csv
printf 't,x\n0,NaN\n' > nan.csv
printf 't,x\n0,1\n0.5,\n1,0.1\n' > gaps.csv
fit_file() {  # fit_file NAME FIT-SECTION: an oscillator file with that fit: section
  printf 'name: fit\nequations: ["x\x27\x27 = -mu*x\x27 - k*x"]\nparameters: {mu: 1, k: 100, x0: 1}\ndomain: [0, 1]\nconditions: ["x(0) = x0", "x\x27(0) = 0"]\n%s\n' "$2" > "$1"
}
fit_file no-data.yaml 'fit: {parameters: [mu]}'
fit_file undeclared.yaml 'fit: {parameters: [q], data: x.csv}'
printf 'name: fit\nequations: ["x\x27 = -k*x"]\nparameters: {k: 1, w: 2}\ndomain: [0, 1]\nconditions: ["x(0) = 1"]\nfit: {parameters: [w], data: x.csv}\n' > unused.yaml
fit_file bounds.yaml 'fit: {parameters: {k: {min: 500, max: 100}}, data: x.csv}'
fit_file outside-guess.yaml 'fit: {parameters: {k: {min: 200}}, data: x.csv}'
fit_file missing-data.yaml 'fit: {parameters: [mu], data: nowhere.csv}'
fit_file bad-header.yaml 'fit: {parameters: [mu], data: header.csv}'
fit_file bad-cell.yaml 'fit: {parameters: [mu], data: cell.csv}'
fit_file late.yaml 'fit: {parameters: [mu], data: outside.csv}'
fit_file nan.yaml 'fit: {parameters: [mu], data: nan.csv}'
fit_file truth.yaml 'fit: {parameters: [mu], data: x.csv, truth: {k: 3}}'
fit_file gaps.yaml 'fit: {parameters: [mu], data: gaps.csv}'
case_ run no-data.yaml
case_ run undeclared.yaml
case_ run unused.yaml
case_ run bounds.yaml
case_ run outside-guess.yaml
case_ run missing-data.yaml
case_ run bad-header.yaml
case_ run bad-cell.yaml
case_ run late.yaml
case_ run nan.yaml
case_ run truth.yaml
case_ run damped-oscillator --fit mu
case_ run damped-oscillator --data x.csv
case_ run damped-oscillator --fit t1 --data x.csv
case_ run damped-oscillator --fit mu:5:1 --data x.csv
case_ run damped-oscillator --fit mu --data x.csv --truth k=3
case_ run damped-oscillator --fit mu --data header.csv
case_ run bounds.yaml --fit mu --data x.csv
case_ simulate damped-oscillator --at 0:2:40 --out s.csv
case_ simulate damped-oscillator --at 0:1:40 --noise -1 --out s.csv
case_ simulate damped-oscillator --at 0:1:40 --observe v --out s.csv
# A partly measured file (an empty cell) fits: exit 0
case_ run gaps.yaml --adam-iterations 20 --lbfgs-iterations 20 --quiet --out gaps
# Predict
echo t > empty.csv
printf 't\n0.5\nabc\n' > letters.csv
head -c 500 /dev/urandom > binary.csv
cp -r one tampered && sed -i 's/^layers=.*/layers=16,32,32/' tampered/model/model.properties \
  && (cd tampered/model && grep -v ' model.properties$' checksums.sha256 > c && sha256sum model.properties >> c \
      && sort -k2 c > checksums.sha256 && rm c)
cp -r one damaged && printf 'x' >> damaged/model/window-0-0000.params
case_ predict --model nowhere --at 1
case_ predict --model notes --at 1
case_ predict --model one --at NaN
case_ predict --model one --at abc
case_ predict --model one --at 1,,2
case_ predict --model one
case_ predict --model one --at 1 --derivatives 7
case_ predict --model one --csv nope.csv
case_ predict --model one --csv empty.csv
case_ predict --model one --csv letters.csv
case_ predict --model one --csv binary.csv
case_ predict --model tampered --at 1
case_ predict --model damaged --at 1
case_ predict --model one --at 5
case_ report one
# Second-order stages past L-BFGS
case_ run damped-oscillator --stages adam:10,lm:0 --quiet --out lm0
case_ run damped-oscillator --stages lm:5 --set damping=-1 --quiet --out lmdamping
case_ run damped-oscillator --set damping=0.1 --quiet --out unuseddamping
case_ run damped-oscillator --stages ssbroyden:5 --set historySize=4 --quiet --out sshistory
case_ run damped-oscillator --stages lm:5 --points 20000 --quiet --out lmbig
case_ run damped-oscillator --stages ssbfgs:5 --layers 256,256,256 --quiet --out ssbig
case_ run damped-oscillator --stages gn:3,lm:3,ssbfgs:3,ssbroyden:3 --quiet --out allsecond
case_ run damped-oscillator --stages lm:5 --lr 5 --quiet --out lmdiverge
# Regularization: penalties and dropout against the plan, values out of range
case_ run damped-oscillator --dropout 0.1 --quiet --out dropoutplan
case_ run damped-oscillator --dropout 1 --stages adam:5 --quiet --out dropoutone
case_ run damped-oscillator --dropout -0.1 --stages adam:5 --quiet --out dropoutneg
case_ run damped-oscillator --l2 1e-3 --stages lm:5 --quiet --out l2lm
case_ run damped-oscillator --l1 abc --quiet --out l1abc
case_ run damped-oscillator --l2 1e9 --quiet --out l2big
case_ run damped-oscillator --dropout 0.5 --stages adam:5 --ensemble 2 --quiet --out dropoutensemble
case_ run damped-oscillator --l2 1e6 --stages adam:20 --lr 5 --quiet --out l2diverge
# A run whose loss becomes infinite: exit 1, the best parameters kept
case_ run damped-oscillator --stages sgd-momentum:200 --lr 5 --quiet --out diverged

echo
echo "$cases cases; $bad with an exit code outside 0, 1, 2, a stack trace or a libtorch line"
[[ $bad -eq 0 ]]
