#!/usr/bin/env bash
# No function of src/layout is longer than 120 lines or nests deeper than 4
# (scripts/function-size.py), and the checker catches both in fixtures.
#   function-size.sh SOURCE_ROOT
set -euo pipefail
root=$1
check="python3 $root/scripts/function-size.py"
fixtures=$root/tests/unit/function-size
failures=0

if ! $check "$root"/src/layout/*.c; then
    echo "function-size: src/layout has functions over the limits (above)" >&2
    failures=$((failures + 1))
fi
expect_offender() { # FILE FRAGMENT
    local out
    if out=$($check "$fixtures/$1" 2>&1); then
        echo "function-size: $1 passed, but should have been flagged" >&2
        failures=$((failures + 1))
    elif ! grep -qF -- "$2" <<< "$out"; then
        echo "function-size: $1: expected \"$2\", got: $out" >&2
        failures=$((failures + 1))
    fi
}
expect_offender too-long.c "too_long: 128 lines, depth 0 (too long)"
expect_offender too-deep.c "too_deep: 14 lines, depth 5 (too deep)"
if ! $check "$fixtures/fine.c" > /dev/null; then
    echo "function-size: fine.c was flagged" >&2
    failures=$((failures + 1))
fi
[ "$failures" -eq 0 ] || exit 1
echo "function-size: src/layout within the limits; the fixtures flagged as expected"
