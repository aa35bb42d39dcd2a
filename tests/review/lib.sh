# Shared by the review tests: strict mode, the locale of CI's third pass
# for everything they run, and tests/lib.sh (a temporary folder removed at
# exit, fail/finish helpers).
set -euo pipefail
if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then export LC_ALL=$PLIEGO_TEST_LOCALE; fi
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
root=$PLIEGO_SOURCE_ROOT
# the base catalogue (and redline templates) of commands given none: an
# uninstalled pliego has no installed one to fall back on
export PLIEGO_CATALOG=$root
here=$root/tests/review
fixture=$here/catalogue
# runs pliego, keeping stdout and stderr in $tmp/out and $tmp/err; sets $status
run() {
    status=0
    "$PLIEGO" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
}
