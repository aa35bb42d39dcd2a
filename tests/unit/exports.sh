#!/usr/bin/env bash
# libpliego exports exactly the functions that include/pliego/pliego.h marks
# PLIEGO_PUBLIC: `nm -D` lists no internal function (fo_, layout_, ...) and
# misses no public one. Names the toolchain adds (starting with "_", such as
# _init or the sanitizers' __asan_*) are not ours and are left out.
#   exports.sh LIBPLIEGO.so HEADER
set -euo pipefail
library=$1 header=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The name of each declaration that follows a PLIEGO_PUBLIC line.
awk 'marked { if (match($0, /pliego_[a-z_]+\(/)) { print substr($0, RSTART, RLENGTH - 1); marked = 0 } }
     /^PLIEGO_PUBLIC$/ { marked = 1 }' "$header" | sort -u > "$tmp/public"
nm -D --defined-only "$library" | awk '{ print $NF }' | grep -v '^_' | sed 's/@.*//' |
    sort -u > "$tmp/exported"

if [ "$(wc -l < "$tmp/public")" -lt 10 ]; then
    echo "exports: found only $(wc -l < "$tmp/public") PLIEGO_PUBLIC functions in $header" >&2
    exit 1
fi
status=0
if ! diff -u "$tmp/public" "$tmp/exported" > "$tmp/diff"; then
    echo "exports: nm -D $library differs from the PLIEGO_PUBLIC functions of $header" >&2
    echo "(+ exported but not public, - public but not exported):" >&2
    grep '^[+-][^+-]' "$tmp/diff" >&2
    status=1
fi
echo "exports: $(wc -l < "$tmp/exported") symbols exported, $(wc -l < "$tmp/public") public"
exit $status
