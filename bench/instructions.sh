#!/usr/bin/env bash
# W2's cost in instructions, which a busy machine does not change:
#
#   bench/instructions.sh [PLIEGO...]     # default: build/pliego
#
# For each CLI, Valgrind counts the instructions of `pliego fo2pdf` on one
# copy of W2 and on eleven copies in one process. Per process is the first
# figure (start-up, font loading and the first document); one more
# document in a running process is (eleven - one) / 10, which leaves out
# start-up and the fontconfig work whose share varies from run to run.
# Every CLI after the first gets the ratio of its figures to the first's.
#
# Needs valgrind and the shared folder (../shared or PLIEGO_SHARED=...).
# Takes about half a minute per CLI. Not part of the test suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${PLIEGO_SHARED:-$root/../shared}
export FONTCONFIG_FILE=${FONTCONFIG_FILE:-$root/tests/fonts/fonts.conf}
export LC_ALL=C.UTF-8
[ $# -gt 0 ] || set -- "$root/build/pliego"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$shared/bench/gen.py" "$work/in" 1 > /dev/null
copies=()
for i in $(seq -w 1 11); do
    ln -s "$work/in/w2/doc.fo" "$work/in/copy$i.fo"
    copies+=("$work/in/copy$i.fo")
done
mkdir -p "$work/out"

# instructions PLIEGO FILE... : Valgrind's count for one fo2pdf run.
instructions() {
    local pliego=$1
    shift
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
        "$pliego" fo2pdf -q "$@" --outdir "$work/out" 2>&1 |
        sed -n 's/.*I *refs: *//p' | tr -d ,
}

printf '%-48s %14s %14s %8s %8s\n' pliego "per process" "one more doc" ratio ratio
first_process="" first_marginal=""
for pliego in "$@"; do
    one=$(instructions "$pliego" "${copies[0]}")
    eleven=$(instructions "$pliego" "${copies[@]}")
    marginal=$(( (eleven - one) / 10 ))
    : "${first_process:=$one}" "${first_marginal:=$marginal}"
    printf '%-48s %12.1f M %12.1f M %8.3f %8.3f\n' "$pliego" \
        "$(awk -v n="$one" 'BEGIN { print n / 1e6 }')" \
        "$(awk -v n="$marginal" 'BEGIN { print n / 1e6 }')" \
        "$(awk -v a="$one" -v b="$first_process" 'BEGIN { print a / b }')" \
        "$(awk -v a="$marginal" -v b="$first_marginal" 'BEGIN { print a / b }')"
done
