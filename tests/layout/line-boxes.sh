#!/usr/bin/env bash
# No line past its box, over every golden case and every rendered test
# document: the FO of tests/golden, tests/e2e and tests/archive, and the
# example customer's three documents in every language with a full clause
# library, each laid out with `fo2pdf --dump-areas` and read by
# line_boxes.py. A second part proves the check can fail: an area tree
# with a line made 3 pt wider than its box must be caught.
set -euo pipefail
if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then export LC_ALL=$PLIEGO_TEST_LOCALE; fi
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
root=$PLIEGO_SOURCE_ROOT
check="python3 $root/tests/layout/line_boxes.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

n=0
for fo in "$root"/tests/golden/cases/*.fo "$root"/tests/e2e/fo/*.fo "$root"/tests/archive/fo/*.fo; do
    n=$((n + 1))
    "$PLIEGO" fo2pdf --quiet "$fo" --dump-areas "$work/$n.xml" -o "$work/$n.pdf" ||
        fail "$fo did not render"
done
cd "$root"
languages="en es fr de pt ja ar"
# Under the sanitizers a service description takes several seconds to lay
# out: there the documents are checked in Spanish and German only (the most
# hyphenated); the normal and comma-decimal runs check all seven languages.
if [ -n "${ASAN_OPTIONS:-}" ]; then languages="es de"; fi
documents=0
for kind in service-description cancellation-notice transfer-notice; do
    for lang in $languages; do
        documents=$((documents + 1))
        "$PLIEGO" render --customer examples/customer.xml --doc "$kind" --lang "$lang" --on 2026-11-25 -q \
            --emit fo -o "$work/$kind-$lang.fo" || fail "render $kind $lang"
        "$PLIEGO" fo2pdf --quiet "$work/$kind-$lang.fo" \
            --dump-areas "$work/$kind-$lang.xml" -o "$work/$kind-$lang.pdf" ||
            fail "fo2pdf $kind $lang"
    done
done
$check "$work"/*.xml || fail "a line passes its box (above)"

# the check itself: one line pushed 3 pt past its box must be reported
python3 - "$work/1.xml" "$work/wide.xml" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
def widen(m):
    return m.group(0).replace(f'width="{m.group(1)}"',
                              f'width="{float(m.group(2)) + 3:.2f}"', 1)
text = re.sub(r'<line [^>]*?width="([\d.]+)"(?=[^>]*box-width="([\d.]+)")',
              widen, text, count=1)
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY
if $check "$work/wide.xml" > "$work/out" 2>&1; then
    fail "line_boxes.py passed a line 3 pt past its box"
fi
grep -q "past its box by 3.00 pt" "$work/out" || fail "unexpected report: $(cat "$work/out")"
echo "line-boxes: $n FO files and $documents documents, no line past its box"
