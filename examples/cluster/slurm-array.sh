#!/usr/bin/env bash
# A pinn4j batch as a Slurm job array, one shard per array task, merged by a job that runs after the array.
# On a login node, in the folder the batch file's problem paths are relative to (usually the checkout's root):
#   examples/cluster/slurm-array.sh BATCH.yaml SHARED_DIR [SBATCH_OPTIONS...]
# builds pinn4j once, submits this script as the array and `pinn report` as a job depending on it; every job runs
# in that folder, and SHARED_DIR must be a folder every node sees.
# SBATCH_OPTIONS override the lines below, e.g. --array=1-8 for eight shards or --partition=NAME.
#SBATCH --job-name=pinn-batch
#SBATCH --array=1-4
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=2
#SBATCH --time=02:00:00
set -euo pipefail

if [[ -z "${SLURM_ARRAY_TASK_ID:-}" ]]; then
  usage="usage: examples/cluster/slurm-array.sh BATCH.yaml SHARED_DIR [SBATCH_OPTIONS...]"
  batch="${1:?$usage}"
  shared="${2:?$usage}"
  pinn="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/pinn"
  # Built here, once: array tasks starting together on a shared checkout would otherwise all build at once.
  "$pinn" --help >/dev/null
  mkdir -p "$shared"
  array=$(sbatch --parsable "${@:3}" "${BASH_SOURCE[0]}" "$batch" "$shared" "$pinn")
  array="${array%%;*}"
  # afterany, not afterok: a shard that failed is reported as missing runs rather than holding the report back.
  report=$(sbatch --parsable --dependency="afterany:$array" --job-name=pinn-report --ntasks=1 --time=00:30:00 \
    --wrap "$(printf %q "$pinn") report $(printf %q "$shared")/shard-* --out $(printf %q "$shared/report")")
  echo "array job $array runs the shards into $shared/shard-ID; job ${report%%;*} merges them into $shared/report"
  exit 0
fi

# An array task, started by sbatch in the folder it was submitted from (sbatch runs a copy of this script, hence the
# launcher's path as $3): --shard auto turns SLURM_ARRAY_TASK_ID into this task's slice. A requeued or resubmitted
# task resumes its own folder.
cd "$SLURM_SUBMIT_DIR"
exec "$3" batch "$1" --shard auto --out "$2/shard-$SLURM_ARRAY_TASK_ID"
