# Shared by the e2e scripts (sourced): tests/lib.sh (a scratch directory,
# failure reporting, the CLI wrapper that applies PLIEGO_TEST_LOCALE) and
# the e2e folders.
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
e2e_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tests_dir=$(dirname "$e2e_dir")
