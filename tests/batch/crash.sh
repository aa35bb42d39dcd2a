#!/usr/bin/env bash
# A row that crashes its worker (the PLIEGO_BATCH_TEST_CRASH hook raises
# SIGSEGV there) or hangs it (PLIEGO_BATCH_TEST_HANG, stopped by
# --timeout) fails alone: every other row renders, the exit status is 1.
# The hooks are in the test build of the CLI only (tests/batch/hooks.c): the
# shipped pliego ignores them.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
: "${PLIEGO_TEST_HOOKS_CLI:?PLIEGO_TEST_HOOKS_CLI must name the CLI built with the test hooks}"
shipped=$PLIEGO
PLIEGO=$PLIEGO_TEST_HOOKS_CLI

rows=24
make_customers "$rows" "$tmp/customers.csv" > /dev/null
# ASan reports the crash on stderr; quiet it and keep the rest of its options
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0"

PLIEGO_BATCH_TEST_CRASH=C-0005 batch "$tmp/customers.csv" "$tmp/crash" 2> "$tmp/stderr"
[ "$status" -eq 1 ] || fail "a crashing row: exit $status, expected 1: $(tail -n 5 "$tmp/stderr")"
manifest=$tmp/crash/manifest.csv
problems=$(check_manifest "$manifest" "$tmp/crash" "$rows")
[ -z "$problems" ] || fail "crash: $problems"
[ "$(field "$manifest" 5 status)" = failed ] || fail "row 5 did not fail"
field "$manifest" 5 error | grep -qE "worker .*(signal 11|status)" ||
  fail "row 5's error does not say its worker died: $(field "$manifest" 5 error)"
[ "$(grep -c ',failed,' "$manifest")" -eq 1 ] || fail "more than the crashing row failed"

start=$(date +%s)
PLIEGO_BATCH_TEST_HANG=C-0007 batch "$tmp/customers.csv" "$tmp/hang" --timeout 30 2> "$tmp/stderr"
elapsed=$(( $(date +%s) - start ))
[ "$status" -eq 1 ] || fail "a hanging row: exit $status, expected 1: $(tail -n 5 "$tmp/stderr")"
manifest=$tmp/hang/manifest.csv
problems=$(check_manifest "$manifest" "$tmp/hang" "$rows")
[ -z "$problems" ] || fail "hang: $problems"
field "$manifest" 7 error | grep -qF "longer than the limit of 30 s" ||
  fail "row 7's error does not name the time limit: $(field "$manifest" 7 error)"
[ "$(grep -c ',failed,' "$manifest")" -eq 1 ] || fail "more than the hanging row failed"
[ "$elapsed" -lt 300 ] || fail "the hang held the batch for $elapsed s"

# the rows after the crash rendered as they would have without it
batch "$tmp/customers.csv" "$tmp/plain"
for row in 6 12 24; do
  pdf=$(printf C-%04d-cancellation-notice.pdf "$row")
  cmp -s "$tmp/crash/$pdf" "$tmp/plain/$pdf" || fail "row $row differs after a crash"
done

# the shipped CLI has no hooks: the same variable crashes nothing
PLIEGO=$shipped
PLIEGO_BATCH_TEST_CRASH=C-0005 batch "$tmp/customers.csv" "$tmp/shipped" 2> "$tmp/stderr"
[ "$status" -eq 0 ] || fail "the shipped CLI obeyed the test hook: exit $status: $(tail -n 5 "$tmp/stderr")"
finish
