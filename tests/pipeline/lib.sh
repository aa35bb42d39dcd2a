# Shared by the pipeline scripts (sourced): a scratch directory, failure
# reporting, the CLI wrapper that applies PLIEGO_TEST_LOCALE (as tests/e2e
# does), and the fixture inputs.
: "${PLIEGO:?PLIEGO must name the pliego executable (meson test sets it)}"
: "${PLIEGO_SOURCE_ROOT:?PLIEGO_SOURCE_ROOT must name the source tree (meson test sets it)}"
pipeline_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fixtures=$pipeline_dir/templates
catalog=$PLIEGO_SOURCE_ROOT
customer=$PLIEGO_SOURCE_ROOT/examples/customer.xml
tmp=$(mktemp -d)
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

# render ARGS...: pliego render on the example customer and the fixture
# catalogue, with a fixed date (the notice's own, so every kind assembles).
render() {
  pliego render --customer "$customer" --catalog "$catalog" --on 2026-11-25 "$@"
}
