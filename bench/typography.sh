#!/usr/bin/env bash
# Typography side by side with Apache FOP 2.8, on the same FO:
#
#   bench/typography.sh [RUNS]      # RUNS timed renders of W2, default 10
#
# Documents: W2 (../shared/bench/gen.py, the standard 9-page service
# description) and the shipped service description (the example customer)
# in es, fr, de and pt. For each, both PDFs are read back with poppler
# (`pdftotext -bbox-layout`), the same way for both renderers:
#
#   hyphenated/1000  lines ending in "-" right after a letter, with the next
#                    line starting with a lowercase letter (a word split),
#                    per 1,000 lines of text;
#   stretch avg/max  on justified lines (every line of a poppler text block
#                    but its last, with at least two spaces): the mean gap
#                    between words over the natural gap, taken as the
#                    median gap on the block's last line (set unjustified by
#                    both). 1.00 is natural width, 1.20 spaces 20% wider.
#
# Then W2's render time: the median of RUNS `pliego fo2pdf` runs, pinned to
# one core; with PLIEGO_BEFORE=/path/to/older/pliego, that binary's too and
# the ratio (the issue's target is at most 1.15).
#
# Needs a built CLI (build/pliego or PLIEGO=...), fop, poppler-utils and the
# shared folder (../shared or PLIEGO_SHARED=...). Not part of the test suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pliego=${PLIEGO:-$root/build/pliego}
shared=${PLIEGO_SHARED:-$root/../shared}
runs=${1:-10}
export FONTCONFIG_FILE=${FONTCONFIG_FILE:-$root/tests/fonts/fonts.conf}
export LC_ALL=C.UTF-8
fop_config=$shared/fo-conformance/fop.xconf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
note() { echo "bench: $*" >&2; }

note "writing the documents"
python3 "$shared/bench/gen.py" "$work/workloads" 1 > /dev/null
cp "$work/workloads/w2/doc.fo" "$work/W2.fo"
names=(W2)
for lang in es fr de pt; do
    (cd "$root" && "$pliego" render --example --lang "$lang" --on 2026-11-25 -q \
        --emit fo -o "$work/sd-$lang.fo")
    names+=("sd-$lang")
done

for name in "${names[@]}"; do
    note "rendering $name with pliego and FOP"
    "$pliego" fo2pdf -q "$work/$name.fo" -o "$work/$name.pliego.pdf"
    fop -q -c "$fop_config" -fo "$work/$name.fo" -pdf "$work/$name.fop.pdf" 2> /dev/null
    for who in pliego fop; do
        pdftotext -bbox-layout "$work/$name.$who.pdf" "$work/$name.$who.html"
    done
done

python3 - "$work" "${names[@]}" <<'PY'
import re, statistics, sys
import xml.etree.ElementTree as ET

work, names = sys.argv[1], sys.argv[2:]
NS = "{http://www.w3.org/1999/xhtml}"

def lines_of(path):
    """(blocks, all lines): blocks as lists of lines, lines as lists of
    (xMin, xMax, text) words."""
    text = open(path, encoding="utf-8").read()
    root = ET.fromstring(text)
    blocks = []
    for block in root.iter(NS + "block"):
        lines = []
        for line in block.iter(NS + "line"):
            words = [(float(w.get("xMin")), float(w.get("xMax")), w.text or "")
                     for w in line.iter(NS + "word")]
            if words:
                lines.append(words)
        if lines:
            blocks.append(lines)
    return blocks

def figures(path):
    blocks = lines_of(path)
    flat = [line for block in blocks for line in block]
    hyphenated = 0
    for i, line in enumerate(flat[:-1]):
        last = line[-1][2]
        following = flat[i + 1][0][2]
        if re.search(r"[^\W\d_]-$", last) and following[:1].islower():
            hyphenated += 1
    ratios = []
    for block in blocks:
        if len(block) < 2 or len(block[-1]) < 2:
            continue
        last = block[-1]
        natural = statistics.median(b[0] - a[1] for a, b in zip(last, last[1:]))
        if natural <= 0.5:
            continue
        for line in block[:-1]:
            if len(line) < 3:
                continue
            gaps = [b[0] - a[1] for a, b in zip(line, line[1:])]
            ratios.append(statistics.mean(gaps) / natural)
    per_1000 = 1000.0 * hyphenated / len(flat) if flat else 0.0
    average = statistics.mean(ratios) if ratios else float("nan")
    worst = max(ratios) if ratios else float("nan")
    return len(flat), hyphenated, per_1000, average, worst

print(f"{'document':10} {'renderer':8} {'lines':>6} {'hyphenated':>10} "
      f"{'per 1000':>8} {'stretch avg':>11} {'stretch max':>11}")
for name in names:
    for who in ("pliego", "fop"):
        n, h, per, avg, worst = figures(f"{work}/{name}.{who}.html")
        print(f"{name:10} {who:8} {n:6d} {h:10d} {per:8.1f} {avg:11.2f} {worst:11.2f}")
PY

time_w2() { # BINARY: median milliseconds of $runs renders of W2
    local binary=$1 times=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        taskset -c 0 "$binary" fo2pdf -q "$work/W2.fo" -o "$work/time.pdf"
        end=$(date +%s%N)
        times+=($(( (end - start) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
note "timing W2 ($runs runs)"
now=$(time_w2 "$pliego")
echo "W2 render time, median of $runs (ms): $now"
if [ -n "${PLIEGO_BEFORE:-}" ]; then
    before=$(time_w2 "$PLIEGO_BEFORE")
    echo "W2 render time with $PLIEGO_BEFORE (ms): $before; ratio $(awk -v a="$now" -v b="$before" 'BEGIN {printf "%.2f", a / b}')"
fi
echo "Load average (1 min): $(cut -d' ' -f1 /proc/loadavg)"
