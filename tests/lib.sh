# Shared by the test scripts' own lib.sh (e2e, pipeline, batch; sourced):
# a scratch folder removed at exit, failure reporting, and the CLI wrapper
# that applies PLIEGO_TEST_LOCALE.
: "${PLIEGO:?PLIEGO must name the pliego executable (meson test sets it)}"
tmp=$(mktemp -d)
# u+w first: some tests make read-only folders in it
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
failures=0

# Records a failure and goes on, so one run reports every problem.
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# Ends the script: non-zero if anything failed.
finish() {
  if [ "$failures" -gt 0 ]; then
    echo "$(basename "$0"): $failures failure(s)" >&2
    exit 1
  fi
  echo "$(basename "$0"): all checks passed"
}

# meson's test_env pins LC_ALL=C.UTF-8. PLIEGO_TEST_LOCALE (e.g. de_DE.UTF-8,
# a decimal-comma locale) reruns the suite with the CLI under another locale, to
# catch printf/strtod of numbers in PDF and property parsing.
if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then
  wanted=$(echo "$PLIEGO_TEST_LOCALE" | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')
  if ! locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx "$wanted"; then
    echo "locale $PLIEGO_TEST_LOCALE is not installed (scripts/setup.sh generates de_DE.UTF-8)" >&2
    exit 1
  fi
fi
pliego() {
  if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then
    LC_ALL=$PLIEGO_TEST_LOCALE "$PLIEGO" "$@"
  else
    "$PLIEGO" "$@"
  fi
}
