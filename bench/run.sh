#!/usr/bin/env bash
# Benchmarks pliego against Apache FOP 2.8 on the standard workloads of
# ../shared/bench (W1: N one-page notices, W2: a 9-page service description)
# and prints per-document times side by side with the floor figures.
#
#   bench/run.sh [N]        N notices for W1 (default 200)
#
# PLIEGO         the CLI (default: build/pliego); the warm-pipeline program
#                is looked for beside it, in bench/pliego-bench-pipeline
# PLIEGO_SHARED  the shared folder with bench/gen.py (default: ../shared)
# Anything that cannot be measured prints "n/a"; the script goes on.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
pliego=${PLIEGO:-$root/build/pliego}
shared=${PLIEGO_SHARED:-$root/../shared}
count=${1:-200}
# Same fonts and locale as the tests, so pliego and FOP resolve the same files.
export FONTCONFIG_FILE=${FONTCONFIG_FILE:-$root/tests/fonts/fonts.conf}
export LC_ALL=C.UTF-8
fop_config=$shared/fo-conformance/fop.xconf
[ -f "$fop_config" ] || fop_config=-   # FOP's Base-14 defaults otherwise

# Other programs on the machine slow every column; the table says how busy it was.
load_at_start=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo n/a)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=$work/log
note() { echo "bench: $*" >&2; }

if ! python3 "$shared/bench/gen.py" "$work/in" "$count" > "$log" 2>&1; then
  note "cannot generate workloads with $shared/bench/gen.py: $(tail -n 3 "$log")"
  exit 1
fi
w1_files=("$work"/in/w1/*.fo)
w2_file=$work/in/w2/doc.fo
mkdir -p "$work/out"

# Median of the medians in a hyperfine JSON export, in milliseconds.
median_ms() {
  python3 - "$1" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
print(f"{statistics.median(r['median'] for r in results) * 1000:.1f}")
PY
}

# hyperfine ARGS... : runs hyperfine quietly, prints the median in ms or n/a.
time_with_hyperfine() {
  if hyperfine --style none --export-json "$work/h.json" "$@" > "$log" 2>&1; then
    median_ms "$work/h.json" || echo n/a
  else
    note "hyperfine failed: $(tail -n 3 "$log")"
    echo n/a
  fi
}

# --- pliego, one process per document --------------------------------------
# A sample of W1 (every 20th notice) and W2; hyperfine's warm-up runs also
# warm the page cache and the fontconfig cache.
sample=$(for ((i = 0; i < ${#w1_files[@]}; i += 20)); do basename "${w1_files[i]}"; done | paste -sd, -)
pliego_w1=n/a pliego_w2=n/a pliego_batch=n/a pliego_batch_w2=n/a
marginal() {  # MS_FOR_N MS_FOR_2N N
  awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { if (a == "n/a" || b == "n/a") print "n/a"; else printf "%.1f", (b - a) / n }'
}
# The reference figures were taken on one core; pin every program to one
# so that neither gets a second core for its JIT, GC or page faults.
pin=""
command -v taskset > /dev/null && pin="taskset -c 0"
if [ ! -x "$pliego" ]; then
  note "no pliego executable at $pliego (build it, or set PLIEGO)"
elif ! "$pliego" fo2pdf "$w2_file" -o "$work/out/check.pdf" > "$log" 2>&1; then
  note "pliego does not render W2: $(tail -n 3 "$log")"
else
  pliego_w1=$(time_with_hyperfine -N --warmup 3 --runs 10 -L f "$sample" \
    "$pin $pliego fo2pdf $work/in/w1/{f} -o $work/out/{f}.pdf")
  pliego_w2=$(time_with_hyperfine -N --warmup 3 --runs 10 \
    "$pin $pliego fo2pdf $w2_file -o $work/out/doc.pdf")

  # --- pliego warm: the marginal cost of one more document in a process ---
  # T(2N) - T(N) over N removes start-up and first-document font loading,
  # which a long-running process pays once.
  mkdir -p "$work/batch"
  if "$pliego" fo2pdf "${w1_files[0]}" "${w1_files[1]}" --outdir "$work/batch" > "$log" 2>&1 &&
     [ "$(find "$work/batch" -name '*.pdf' | wc -l)" -ge 2 ]; then
    once=$(time_with_hyperfine -N --warmup 1 --runs 5 \
      "$pin $pliego fo2pdf ${w1_files[*]} --outdir $work/batch")
    twice=$(time_with_hyperfine -N --warmup 1 --runs 5 \
      "$pin $pliego fo2pdf ${w1_files[*]} ${w1_files[*]} --outdir $work/batch")
    pliego_batch=$(marginal "$once" "$twice" "${#w1_files[@]}")
    # W2 is one document: 10 and 20 copies in one process
    w2_copies=()
    for i in $(seq -w 1 10); do
      ln -s "$w2_file" "$work/in/w2/copy$i.fo"
      w2_copies+=("$work/in/w2/copy$i.fo")
    done
    once=$(time_with_hyperfine -N --warmup 1 --runs 5 \
      "$pin $pliego fo2pdf ${w2_copies[*]} --outdir $work/batch")
    twice=$(time_with_hyperfine -N --warmup 1 --runs 5 \
      "$pin $pliego fo2pdf ${w2_copies[*]} ${w2_copies[*]} --outdir $work/batch")
    pliego_batch_w2=$(marginal "$once" "$twice" 10)
  else
    note "pliego fo2pdf takes one input per process: no batch figure"
  fi
fi

# --- FOP in one warm JVM -----------------------------------------------------
# The classpath the Debian `fop` wrapper builds, reused for FopBatch (its
# helper script is not written for set -eu).
fop_w1=n/a fop_w2=n/a fop_cmd_w1=n/a fop_cmd_w2=n/a
classpath=$( (set +eu; . /usr/lib/java-wrappers/java-wrappers.sh &&
              eval "$(grep '^find_jars' /usr/bin/fop)" && echo "$JAVA_CLASSPATH") 2>/dev/null || true)
java_options=(-Djava.awt.headless=true
              -Dorg.apache.commons.logging.Log=org.apache.commons.logging.impl.NoOpLog)
mkdir -p "$work/classes"
if [ -n "$classpath" ] && javac -d "$work/classes" -cp "$classpath" "$root/bench/FopBatch.java" > "$log" 2>&1; then
  fop_batch() {  # WARMUP TIMED FILE...
    $pin java "${java_options[@]}" -cp "$work/classes:$classpath" FopBatch "$fop_config" "$@" 2> "$log" |
      sed -n 's/^median_ms //p' | grep . || { note "FopBatch failed: $(tail -n 3 "$log")"; echo n/a; }
  }
  fop_w1=$(fop_batch 2 1 "${w1_files[@]}")
  fop_w2=$(fop_batch 10 20 "$w2_file")
else
  note "cannot compile bench/FopBatch.java against FOP (javac and fop installed?)"
fi

# --- FOP, the command per document (JVM start-up included) -------------------
if command -v fop > /dev/null; then
  fop_options=(-q)
  [ "$fop_config" = - ] || fop_options+=(-c "$fop_config")
  fop_cmd_w1=$(time_with_hyperfine -N --warmup 1 --runs 3 \
    "$pin fop ${fop_options[*]} -fo ${w1_files[0]} -pdf $work/out/fop1.pdf")
  fop_cmd_w2=$(time_with_hyperfine -N --warmup 1 --runs 3 \
    "$pin fop ${fop_options[*]} -fo $w2_file -pdf $work/out/fop2.pdf")
fi

# --- the table -----------------------------------------------------------------
# Ratios use pliego's best warm figure: one process for all documents when the
# CLI can do that, else one process per document (which includes start-up).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.1fx", a / b }'; }
best() { if [ "$1" != n/a ]; then echo "$1"; else echo "$2"; fi; }
row() {  # workload per-process batch fop-warm fop-command floor
  local pliego_best
  pliego_best=$(best "$3" "$2")
  printf '%-12s %14s %12s %10s %12s %7s %16s %14s\n' "$1" "$2" "$3" "$4" "$5" "$6" \
    "$(ratio "$4" "$pliego_best")" "$(ratio "$pliego_best" "$6")"
}
echo
echo "Per-document times in ms, medians, one core${pin:+ ($pin)}. pliego/batch is the marginal"
echo "cost of one more document in a running process; FOP warm is one JVM after warm-up."
echo "Floor: minimal Pango+Cairo program laying out the same text (shared/bench/README.md)."
echo "Load average (1 min) on $(nproc 2>/dev/null || echo '?') cores: $load_at_start at the start, $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo n/a) now."
printf '%-12s %14s %12s %10s %12s %7s %16s %14s\n' workload "pliego/process" "pliego/batch" \
  "FOP warm" "FOP command" floor "FOP warm/pliego" "pliego/floor"
row "W1 notice" "$pliego_w1" "$pliego_batch" "$fop_w1" "$fop_cmd_w1" 3.7
row "W2 service" "$pliego_w2" "$pliego_batch_w2" "$fop_w2" "$fop_cmd_w2" 26

# --- the warm pipeline: customer record -> PDF in one process ------------------
# assemble + XSLT + render of one cancellation notice, beside the renderer
# alone on the same FO (bench/pipeline.c). PLIEGO_BENCH_TEMPLATES picks
# another templates folder (e.g. tests/pipeline/templates).
bench_pipeline=$(dirname "$pliego")/bench/pliego-bench-pipeline
echo
if [ ! -x "$bench_pipeline" ]; then
  echo "warm pipeline: n/a (no $bench_pipeline; build it with ninja)"
else
  templates_option=()
  [ -z "${PLIEGO_BENCH_TEMPLATES:-}" ] || templates_option=(--templates "$PLIEGO_BENCH_TEMPLATES")
  $pin "$bench_pipeline" -n "$count" --catalog "$root" "${templates_option[@]}" 2> "$log" ||
    echo "warm pipeline: n/a ($(tail -n 3 "$log"))"
fi
