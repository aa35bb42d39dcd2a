# Shared by the review tests: strict mode, the locale of CI's third pass,
# a temporary folder removed at exit, and fail/finish helpers.
set -euo pipefail
if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then export LC_ALL=$PLIEGO_TEST_LOCALE; fi
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
root=$PLIEGO_SOURCE_ROOT
# the base catalogue (and redline templates) of commands given none: an
# uninstalled pliego has no installed one to fall back on
export PLIEGO_CATALOG=$root
here=$root/tests/review
fixture=$here/catalogue
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
# runs pliego, keeping stdout and stderr in $tmp/out and $tmp/err; sets $status
run() {
    status=0
    "$PLIEGO" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
}
finish() {
    if [ "$failures" -gt 0 ]; then
        echo "$failures failure(s)" >&2
        exit 1
    fi
    echo "all passed"
}
