#!/usr/bin/env bash
# Time stays bounded on a paragraph too costly for total fit: 40,000 words
# on lines 10,000 pt wide (hundreds of break points within reach of each)
# are broken first fit, with one warning naming the paragraph's line, in
# well under the test's time limit, and every word is in the PDF.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

python3 - "$work/wide.fo" <<'PY'
import sys
words = " ".join(f"w{i % 7}" for i in range(39999)) + " last"
open(sys.argv[1], "w").write(f'''<?xml version="1.0" encoding="UTF-8"?>
<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format">
<fo:layout-master-set><fo:simple-page-master master-name="wide" page-width="10000pt" page-height="2000pt" margin="10pt"><fo:region-body/></fo:simple-page-master></fo:layout-master-set>
<fo:page-sequence master-reference="wide"><fo:flow flow-name="xsl-region-body" font-size="10pt"><fo:block text-align="justify">{words}</fo:block></fo:flow></fo:page-sequence></fo:root>''')
PY
timeout 60 "$PLIEGO" fo2pdf "$work/wide.fo" -o "$work/wide.pdf" 2> "$work/err" ||
    fail "fo2pdf exited $? (over 60 s?): $(cat "$work/err")"
count=$(grep -c "wide.fo:4: warning: this paragraph has too many possible line breaks" "$work/err" || true)
[ "$count" = 1 ] || fail "expected one first-fit warning at line 4, got: $(cat "$work/err")"
words=$(pdftotext "$work/wide.pdf" - | wc -w)
[ "$words" = 40000 ] || fail "the PDF holds $words words, not 40000"
pdftotext "$work/wide.pdf" - | grep -q "last" || fail "the last word is missing"
echo "pathological: first fit with one warning, 40000 words set"
