#!/usr/bin/env bash
# Legal review on this machine, against the targets of issue 12:
#   1. `pliego variants` of the whole service-description matrix of the
#      shipped catalogue, with thumbnails and index.pdf (target <= 10 s on
#      the 2-core machine), from an empty folder, then again (resumed: only
#      the reading, grouping and index);
#   2. one `pliego diff` of two service descriptions, both assembled from
#      the catalogue, as Markdown to /dev/null (target <= 50 ms), and the
#      same with the redline PDF; the median of RUNS runs each.
#
#   bench/review.sh                 JOBS=2 RUNS=21 PLIEGO=build/pliego
#
# Not part of the test suite: it prints figures. Fonts come from
# tests/fonts/fonts.conf, as in bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
pliego=${PLIEGO:-$root/build/pliego}
jobs=${JOBS:-$(nproc)}
runs=${RUNS:-21}
[ -x "$pliego" ] || { echo "bench: no $pliego; build first or set PLIEGO" >&2; exit 1; }
export FONTCONFIG_FILE=$root/tests/fonts/fonts.conf
export SOURCE_DATE_EPOCH=1767225600
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

now() { date +%s.%N; }
seconds() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.2f}")' "$1" "$2"; }

echo "pliego variants, whole service-description matrix, -j $jobs (target <= 10 s)"
start=$(now)
/usr/bin/time -f '%U %S' -o "$scratch/cpu" "$pliego" variants --doc service-description \
    --out "$scratch/variants" --on 2026-11-25 --catalog "$root" -j "$jobs" -q
end=$(now)
cpu=$(awk '{ printf "%.1f", $1 + $2 }' "$scratch/cpu")
summary=$(python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
print(len(r["variants"]), "variants,", len(r["groups"]), "groups")' "$scratch/variants/variants.json")
pages=$(pdfinfo "$scratch/variants/index.pdf" | sed -n 's/^Pages: *//p')
printf '  from empty:  %6s s wall, %s s CPU   (%s; index.pdf %s pages; load average %s)\n' \
    "$(seconds "$start" "$end")" "$cpu" "$summary" "$pages" "$(cut -d' ' -f1 /proc/loadavg)"
start=$(now)
"$pliego" variants --doc service-description --out "$scratch/variants" --on 2026-11-25 \
    --catalog "$root" -j "$jobs" -q
end=$(now)
printf '  resumed:     %6s s   (every PDF checked and skipped)\n' "$(seconds "$start" "$end")"

# median wall time in ms of RUNS runs of a command
median_ms() {
    python3 - "$runs" "$@" <<'PY'
import resource, statistics, subprocess, sys, time
runs = int(sys.argv[1])
times, cpu = [], []
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    status = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL).returncode
    times.append((time.perf_counter() - start) * 1000)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
    if status not in (0, 1):
        sys.exit(f"exit {status}")
print(f"{statistics.median(times):.1f} ms wall (min {min(times):.1f}, max {max(times):.1f}), "
      f"{statistics.median(cpu):.1f} ms CPU")
PY
}
echo "the review's properties over every pair of groups of the whole matrix"
start=$(now)
PLIEGO_SOURCE_ROOT=$root PLIEGO_REVIEW_FULL_MATRIX=1 "${TEST_REVIEW:-$root/build/tests/review/test-review}" 2>&1 |
    grep -E 'pairs checked|FAILED' | sed 's/^/  /'
end=$(now)
printf '  in %s s\n' "$(seconds "$start" "$end")"

echo "pliego diff of two service descriptions, assembly included (target <= 50 ms)"
printf '  US direct vs FR reseller, Markdown:      %s\n' "$(median_ms "$pliego" diff \
    country=US,channel=direct country=FR,channel=reseller --on 2026-11-25 --catalog "$root")"
printf '  the same with the redline PDF:          %s\n' "$(median_ms "$pliego" diff \
    country=US,channel=direct country=FR,channel=reseller --on 2026-11-25 --catalog "$root" \
    -o "$scratch/redline.pdf")"
