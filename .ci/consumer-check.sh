#!/usr/bin/env bash
# pinn4j as a library user sees it: installs the library modules (problems, solver, plots and their parent) into the
# local Maven repository, then builds examples/maven-consumer, a standalone project with the README's dependency
# snippet, against the installed jars and runs it: it trains exponential decay with the default settings and fails
# above relative L2 error 1e-3. Extra arguments go to both Maven calls (`-o` to stay offline).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
mvn -q -B "$@" install -DskipTests -pl problems,solver,plots -am
cd examples/maven-consumer
mvn -q -B "$@" compile dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/classpath.txt
# The consumer replaces the native library pinn4j-solver brings: exactly one must be left on its class path.
natives="$(tr ':' '\n' < target/classpath.txt | grep -c '/pytorch-native-' || true)"
if [[ "$natives" != 1 ]]; then
  echo "consumer-check: expected one pytorch-native jar on the class path, found $natives" >&2
  exit 1
fi
# libtorch prints a deprecation notice at start-up unless told to keep quiet.
export TORCH_CPP_LOG_LEVEL="${TORCH_CPP_LOG_LEVEL:-ERROR}"
java -Dai.djl.offline=true -cp "target/classes:$(cat target/classpath.txt)" example.ExponentialDecay
echo "consumer-check: passed in $((SECONDS - start)) s"
