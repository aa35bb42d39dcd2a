#!/usr/bin/env bash
# Runs the end-to-end CLI runs under valgrind's memcheck: every XSL-FO file
# of tests/e2e/fo, tests/golden/cases and tests/bad (hostile input, errors
# and warnings alike), fo2pdf --png, pliego render --example and a pliego
# batch of the example customers. Any invalid read or write, use of
# uninitialised memory or bad free fails the run, whatever pliego's own
# exit status; leaks are LeakSanitizer's job (the sanitizer build). Too
# slow for CI (about 10 minutes on two cores): run it by hand after
# changing how memory is handled.
#   scripts/valgrind.sh [BUILD_DIR]     (default build)
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
pliego="$build/pliego"
[ -x "$pliego" ] || { echo "no $pliego: build first" >&2; exit 1; }
export FONTCONFIG_FILE=$PWD/tests/fonts/fonts.conf LC_ALL=C.UTF-8
export SOURCE_DATE_EPOCH=1767225600 G_SLICE=always-malloc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=0
failed=0

# check NAME COMMAND...: runs the command under memcheck.
check() {
  local name=$1
  shift
  runs=$((runs + 1))
  rm -f "$tmp"/log.*
  # the exit status is the command's own (tests/bad exits 2); the log of
  # each process (batch workers are forked) says whether memcheck objected
  valgrind --tool=memcheck --leak-check=no --suppressions=tests/valgrind.supp \
    --log-file="$tmp/log.%p" "$@" > /dev/null 2> "$tmp/stderr"
  if grep -q "ERROR SUMMARY: [1-9]" "$tmp"/log.*; then
    echo "FAIL: $name"
    cat "$tmp"/log.* | sed -n '/^==[0-9]*== [A-Z]/,/^==[0-9]*== $/p' | head -60
    failed=$((failed + 1))
    return
  fi
  echo "ok: $name"
}

for fo in tests/e2e/fo/*.fo tests/golden/cases/*.fo tests/bad/*.fo; do
  extra=()
  case $fo in tests/e2e/fo/terms.fo) extra=(--image-dir tests/golden/cases/images) ;; esac
  check "$fo" "$pliego" fo2pdf "$fo" -o "$tmp/out.pdf" "${extra[@]}"
done
check "fo2pdf --png" "$pliego" fo2pdf tests/e2e/fo/letter.fo --png "$tmp/png" --dpi 50
check "render --example" "$pliego" render --example -o "$tmp/example.pdf"
check "batch" "$pliego" batch examples/customers.csv --doc cancellation-notice \
  --out "$tmp/batch" -j 1 --on 2026-01-15 -q
echo "$runs runs, $failed with memcheck errors"
[ "$failed" -eq 0 ]
