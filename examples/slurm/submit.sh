#!/bin/bash
# Submits the array (notices.sbatch) and, once every task has finished,
# the merge as a dependent job; prints both job ids. `afterany`, not
# `afterok`: a task with failed rows exits 1, and the merge lists them.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p logs
export CUSTOMERS=${CUSTOMERS:-customers.csv} NOTICES=${NOTICES:-/shared/notices}
array=$(sbatch --parsable notices.sbatch)
merge=$(sbatch --parsable --dependency="afterany:$array" --job-name=pliego-merge \
  --output=logs/pliego-merge-%j.log --wrap \
  'pliego batch-merge "$NOTICES"/manifest-*-of-4.csv -o "$NOTICES/manifest.csv" \
     --customers "$CUSTOMERS" --out "$NOTICES"')
echo "$array $merge"
