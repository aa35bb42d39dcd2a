# Shared by the layout scripts (sourced): the test locale for the whole
# script, a scratch folder $work removed at exit, and fail, which stops at
# the first failure.
if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then export LC_ALL=$PLIEGO_TEST_LOCALE; fi
: "${PLIEGO:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
