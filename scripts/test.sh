#!/usr/bin/env bash
# The test command: builds pliego and runs every test suite.
#
#   scripts/test.sh [meson test arguments, e.g. --suite e2e]
#
# BUILD_DIR      build directory (default: build)
# MESON_OPTIONS  extra `meson setup` options, e.g. "-Db_sanitize=address,undefined"
#
# The last line printed is always "N passed, N failed" (", N skipped" when some
# were skipped), counted from meson's testlog.json, so CI and people can read the
# outcome the same way. Exits non-zero if the build or any test failed.
set -euo pipefail

cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
# Word splitting of MESON_OPTIONS is intended: it holds several options.
read -r -a options <<< "${MESON_OPTIONS:-}"

build_failed() {
  echo "test.sh: build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
}

if [ ! -f "$build_dir/build.ninja" ]; then
  meson setup "$build_dir" "${options[@]}" || build_failed
elif [ ${#options[@]} -gt 0 ]; then
  meson configure "$build_dir" "${options[@]}" || build_failed
fi
# Build separately from testing, so a compile error reads as a build failure.
ninja -C "$build_dir" || build_failed

# meson names the log after the test setup (--setup once: testlog-once.json)
log="$build_dir/meson-logs/testlog.json"
previous=
for argument in "$@"; do
  [ "$previous" = --setup ] && log="$build_dir/meson-logs/testlog-$argument.json"
  case $argument in --setup=*) log="$build_dir/meson-logs/testlog-${argument#--setup=}.json" ;; esac
  previous=$argument
done
rm -f "$log"
status=0
# The sanitizers make every run several times slower; give timeouts room
# so that only a real hang trips them.
multiplier=1
case "${MESON_OPTIONS:-}" in *sanitize=*) multiplier=4 ;; esac
meson test -C "$build_dir" --print-errorlogs --timeout-multiplier "$multiplier" "$@" || status=$?

# One JSON object per test result; count them by meson's verdicts.
summary=$(python3 - "$log" <<'PY' || true
import json, os, re, sys
passed = failed = skipped = 0
path = sys.argv[1]
if os.path.exists(path):
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            if not line.strip():
                continue
            try:
                result = json.loads(line).get("result")
            except ValueError:  # a damaged line: read the verdict if it is there
                match = re.search(r'"result": *"([A-Z]+)"', line)
                result = match.group(1) if match else "ERROR"
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:  # FAIL, TIMEOUT, ERROR, UNEXPECTEDPASS
                failed += 1
print(f"{passed} {failed} {skipped}")
PY
)
read -r passed failed skipped <<< "$summary" || true
if [ -z "${skipped:-}" ]; then  # the log could not be read at all
  passed=0 failed=1 skipped=0
fi

# meson test failing with no failed test recorded (it could not run at all)
# still counts as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "test.sh: meson test exited with status $status" >&2
  failed=1
fi

line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
