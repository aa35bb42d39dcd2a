#!/usr/bin/env bash
# Runs the shared FO conformance kit (Apache FOP 2.8 as the reference) on the
# cases that part 1 of the renderer covers: every case whose feature groups
# include none of tables, footnotes or images. Fails below a 90% pass rate.
#
# PLIEGO_CONFORMANCE_DIR  the kit (default: $PLIEGO_SOURCE_ROOT/../shared/fo-conformance)
# PLIEGO_TEST_LOCALE      run the CLI under this locale (see tests/e2e/lib.sh)
# The JSON report is written to conformance-part1.json in the working
# directory (the build directory under meson test).
set -euo pipefail
: "${PLIEGO:?PLIEGO must name the pliego executable (meson test sets it)}"

kit=${PLIEGO_CONFORMANCE_DIR:-${PLIEGO_SOURCE_ROOT:-.}/../shared/fo-conformance}
if [ ! -f "$kit/compare.py" ] || [ ! -f "$kit/features.tsv" ]; then
  echo "conformance kit not found at $kit (set PLIEGO_CONFORMANCE_DIR); skipped"
  exit 77  # meson's "skipped"
fi
kit=$(cd "$kit" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# compare.py takes one --only glob, so the selection is a corpus of its own:
# symlinks to the chosen cases and references, and their rows of features.tsv.
mkdir "$tmp/cases" "$tmp/ref"
ln -s "$kit/cases/images" "$tmp/cases/images"
head -n 1 "$kit/features.tsv" > "$tmp/features.tsv"
while IFS=$'\t' read -r name groups; do
  ln -s "$kit/cases/$name.fo" "$tmp/cases/$name.fo"
  ln -s "$kit/ref/$name.json" "$tmp/ref/$name.json"
  printf '%s\t%s\n' "$name" "$groups" >> "$tmp/features.tsv"
done < <(awk -F'\t' 'NR > 1 && $2 !~ /(^|,)(tables|footnotes|images)(,|$)/' "$kit/features.tsv")

renderer="$(printf '%q' "$PLIEGO") fo2pdf {in} -o {out}"
if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then
  renderer="env LC_ALL=$(printf '%q' "$PLIEGO_TEST_LOCALE") $renderer"
fi
report=${PLIEGO_CONFORMANCE_REPORT:-$PWD/conformance-part1.json}

python3 "$kit/compare.py" --renderer "$renderer" --jobs 2 --diff \
  --cases "$tmp/cases" --ref "$tmp/ref" --features "$tmp/features.tsv" \
  --report "$report" | tee "$tmp/output"

# The last line reads "conformance: N passed, N failed".
summary=$(tail -n 1 "$tmp/output")
if [[ ! $summary =~ ^conformance:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
  echo "compare.py gave no summary line" >&2
  exit 1
fi
passed=${BASH_REMATCH[1]}
failed=${BASH_REMATCH[2]}
total=$((passed + failed))
if [ $((passed * 10)) -lt $((total * 9)) ]; then
  echo "conformance part 1: $passed of $total passed, below the 90% required" >&2
  exit 1
fi
echo "conformance part 1: $passed of $total passed (90% required)"
