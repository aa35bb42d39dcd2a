#!/usr/bin/env bash
# Bad catalogue and customer files (tests/bad/catalog/CASE/): each case is a
# folder whose files are laid over a copy of the shipped catalogue, and an
# `expect` file:
#   run ARGS...     the pliego command, run in the copy (check or assemble;
#                   assemble gets -o OUT added)
#   exit N          the exit status it must give
#   error TEXT      a fragment its standard error must contain, exactly
#   delete PATH     (optional, repeatable) a catalogue file to remove first
# For assemble, the output folder must stay empty: no document and no
# temporary file is left behind.
set -euo pipefail
# .ci/run's third pass runs the CLI under a decimal-comma locale
if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then export LC_ALL=$PLIEGO_TEST_LOCALE; fi
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
root=$PLIEGO_SOURCE_ROOT
cases="$root/tests/bad/catalog"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
count=0
for dir in "$cases"/*/; do
    name=$(basename "$dir")
    expect="$dir/expect"
    [ -f "$expect" ] || { echo "FAIL: $name has no expect file" >&2; failures=$((failures + 1)); continue; }
    count=$((count + 1))
    work="$tmp/$name"
    mkdir -p "$work/out"
    cp -r "$root/regions" "$root/locales" "$work/"
    (cd "$dir" && find . -type f ! -name expect -print0 | while IFS= read -r -d '' f; do
        mkdir -p "$work/$(dirname "$f")"
        cp "$f" "$work/$f"
    done)
    run=$(sed -n 's/^run //p' "$expect")
    want_exit=$(sed -n 's/^exit //p' "$expect")
    want_error=$(sed -n 's/^error //p' "$expect")
    while read -r path; do
        rm -f "$work/$path"
    done < <(sed -n 's/^delete //p' "$expect")
    if [ -z "$run" ] || [ -z "$want_exit" ] || [ -z "$want_error" ]; then
        echo "FAIL: $name: expect needs run, exit and error lines" >&2
        failures=$((failures + 1))
        continue
    fi
    read -r -a args <<<"$run"
    if [ "${args[0]}" = assemble ]; then
        args+=(-o "$work/out/doc.xml")
    fi
    status=0
    (cd "$work" && "$PLIEGO" "${args[@]}" >"$work/stdout" 2>"$work/stderr") || status=$?
    if [ "$status" != "$want_exit" ]; then
        echo "FAIL: $name: exit $status, expected $want_exit; stderr:" >&2
        cat "$work/stderr" >&2
        failures=$((failures + 1))
        continue
    fi
    if ! grep -qF -- "$want_error" "$work/stderr"; then
        echo "FAIL: $name: stderr lacks: $want_error" >&2
        echo "  got: $(cat "$work/stderr")" >&2
        failures=$((failures + 1))
        continue
    fi
    # control characters from the input (ESC, BEL...) are written out as
    # \xHH: none may reach the terminal
    if LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$work/stderr"; then
        echo "FAIL: $name: stderr holds a control character: $(od -c "$work/stderr" | head -n 5)" >&2
        failures=$((failures + 1))
        continue
    fi
    if [ -n "$(ls -A "$work/out")" ]; then
        echo "FAIL: $name: output left behind: $(ls -A "$work/out")" >&2
        failures=$((failures + 1))
        continue
    fi
done
if [ "$count" -lt 25 ]; then
    echo "FAIL: only $count bad cases; the issue asks for at least 25" >&2
    failures=$((failures + 1))
fi
if [ "$failures" -gt 0 ]; then
    echo "bad catalogue and customer files: $failures failure(s) in $count cases" >&2
    exit 1
fi
echo "bad catalogue and customer files: $count cases gave their errors"
