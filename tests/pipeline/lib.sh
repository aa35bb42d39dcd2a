# Shared by the pipeline scripts (sourced): tests/lib.sh (a scratch
# directory, failure reporting, the CLI wrapper that applies
# PLIEGO_TEST_LOCALE) and the fixture inputs.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
: "${PLIEGO_SOURCE_ROOT:?PLIEGO_SOURCE_ROOT must name the source tree (meson test sets it)}"
pipeline_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fixtures=$pipeline_dir/templates
catalog=$PLIEGO_SOURCE_ROOT
customer=$PLIEGO_SOURCE_ROOT/examples/customer.xml

# render ARGS...: pliego render on the example customer and the fixture
# catalogue, with a fixed date (the notice's own, so every kind assembles).
render() {
  pliego render --customer "$customer" --catalog "$catalog" --on 2026-11-25 "$@"
}
