#!/usr/bin/env bash
# Inputs at the edge of what a document can be, generated here rather than
# committed: each must end in bounded time and memory with a correct render
# or a clear error, never a hang.
#   * a 5,000-character word: renders (running past the line, as in FOP);
#   * a table of 100,000 rows (10,000 under the sanitizers, which are ~5x
#     slower and hungrier): renders on the expected number of pages in
#     under 3 GiB;
#   * 1,000 nested blocks: an error naming the nesting, exit 2;
#   * a 50 MB run of text: an error naming the limit, exit 2, within seconds.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

rows=100000
if [ -n "${ASAN_OPTIONS:-}${UBSAN_OPTIONS:-}" ]; then rows=10000; fi

python3 - "$tmp" "$rows" <<'PY'
import sys
tmp, rows = sys.argv[1], int(sys.argv[2])
head = ('<?xml version="1.0"?>\n<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format" '
        'font-family="Liberation Sans" font-size="10pt">'
        '<fo:layout-master-set><fo:simple-page-master master-name="p" page-width="210mm" '
        'page-height="297mm" margin="20mm"><fo:region-body/></fo:simple-page-master>'
        '</fo:layout-master-set><fo:page-sequence master-reference="p">'
        '<fo:flow flow-name="xsl-region-body">\n')
tail = '</fo:flow></fo:page-sequence></fo:root>\n'
def write(name, body):
    with open(f"{tmp}/{name}.fo", "w") as out:
        out.write(head + body + tail)
write("word", '<fo:block hyphenate="true" language="en">start ' + "w" * 5000 + " end</fo:block>")
cells = '<fo:table-cell border="0.5pt solid black"><fo:block>row %d</fo:block></fo:table-cell>'
write("rows", '<fo:table width="100%" table-layout="fixed"><fo:table-column column-width="50%"/>'
      '<fo:table-column column-width="50%"/><fo:table-body>' +
      "".join("<fo:table-row>" + cells % i + cells % i + "</fo:table-row>\n" for i in range(rows)) +
      "</fo:table-body></fo:table>")
write("nesting", "<fo:block>" * 1000 + "deep" + "</fo:block>" * 1000)
write("text", "<fo:block>" + "lorem ipsum dolor sit amet " * 2000000 + "</fo:block>")
PY

# Runs pliego with a time limit; prints "STATUS SECONDS PEAK_KIB".
measure() {
  python3 - "$@" <<'PY'
import os, resource, subprocess, sys, time
start = time.monotonic()
try:
    status = subprocess.run(sys.argv[1:], timeout=600, stdout=subprocess.DEVNULL,
                            stderr=open(os.environ["MEASURE_STDERR"], "w")).returncode
except subprocess.TimeoutExpired:
    status = "timeout"
seconds = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(status, int(seconds), peak)
PY
}
locale_env=()
[ -n "${PLIEGO_TEST_LOCALE:-}" ] && locale_env=(env "LC_ALL=$PLIEGO_TEST_LOCALE")
export MEASURE_STDERR="$tmp/stderr"

read -r status seconds peak < <(measure "${locale_env[@]}" "$PLIEGO" fo2pdf -q "$tmp/word.fo" -o "$tmp/word.pdf")
[ "$status" = 0 ] || fail "a 5,000-character word: exit $status: $(cat "$tmp/stderr")"
# As in FOP, a word is never broken: it runs past the line's end (the
# page shows its start); the render must still end, on one page.
if [ "$status" = 0 ]; then
  pdftotext "$tmp/word.pdf" - | tr -d '\n' | grep -q '^startwwwwwwwwww' ||
    fail "a 5,000-character word: its start is not on the page"
  [ "$(pdfinfo "$tmp/word.pdf" | awk '/^Pages:/ {print $2}')" = 1 ] ||
    fail "a 5,000-character word: more than one page"
  [ "$seconds" -lt 30 ] || fail "a 5,000-character word took ${seconds}s"
fi

read -r status seconds peak < <(measure "${locale_env[@]}" "$PLIEGO" fo2pdf -q "$tmp/rows.fo" -o "$tmp/rows.pdf")
if [ "$status" != 0 ]; then
  fail "a table of $rows rows: exit $status after ${seconds}s: $(head -c 300 "$tmp/stderr")"
else
  pages=$(pdfinfo "$tmp/rows.pdf" | awk '/^Pages:/ {print $2}')
  last=$(pdftotext -f "$pages" -l "$pages" "$tmp/rows.pdf" - | grep -o 'row [0-9]*' | tail -n 1)
  [ "$last" = "row $((rows - 1))" ] || fail "a table of $rows rows: the last page ends with \"$last\""
  [ "$pages" -ge $((rows / 60)) ] || fail "a table of $rows rows on only $pages pages"
  [ "$peak" -lt $((3 * 1024 * 1024)) ] || fail "a table of $rows rows took $((peak / 1024)) MiB"
  echo "a table of $rows rows: $pages pages, ${seconds}s, $((peak / 1024)) MiB"
fi

read -r status seconds peak < <(measure "${locale_env[@]}" "$PLIEGO" fo2pdf -q "$tmp/nesting.fo" -o "$tmp/nesting.pdf")
[ "$status" = 2 ] || fail "1,000 nested blocks: exit $status, expected 2"
grep -q "nesting.fo:[0-9]*:.*error: .*depth\|nested deeper" "$tmp/stderr" ||
  fail "1,000 nested blocks: $(cat "$tmp/stderr")"
[ ! -e "$tmp/nesting.pdf" ] || fail "1,000 nested blocks: an output file was left"

read -r status seconds peak < <(measure "${locale_env[@]}" "$PLIEGO" fo2pdf -q "$tmp/text.fo" -o "$tmp/text.pdf")
[ "$status" = 2 ] || fail "a 50 MB run of text: exit $status, expected 2"
grep -q "text.fo:[0-9]*: error: a run of text longer than 4 MiB" "$tmp/stderr" ||
  fail "a 50 MB run of text: $(cat "$tmp/stderr")"
[ "$seconds" -lt 60 ] || fail "a 50 MB run of text took ${seconds}s to refuse"
[ ! -e "$tmp/text.pdf" ] || fail "a 50 MB run of text: an output file was left"
finish
