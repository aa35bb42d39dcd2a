#!/usr/bin/env bash
# letter-spacing's .minimum and .maximum in justified text (XSL 7.17.2),
# read back from the PDF with pdftotext -bbox:
#   - with a .maximum, letters take a share of a justified line's stretch:
#     a word is wider and the spaces narrower than in the same paragraph
#     without it, and lines still end at the right margin;
#   - without a range (no letter-spacing, or a plain length), and on
#     ragged lines whatever the range, letters keep their width;
#   - with a .minimum, letters shrink: a line 3.3 pt too long whose spaces
#     cannot shrink stays one line, where without it the last word goes to
#     a second line.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

text="The provider restores the service within four hours of a reported
fault, on working days, and keeps the customer informed of every step."
# "Restoration within four hours" is 127.29 pt at 10 pt, the line 124 pt;
# the spaces cannot shrink (word-spacing.minimum = .optimum).
tight='word-spacing.minimum="0pt" word-spacing.optimum="0pt" end-indent="256pt"'
cat > "$work/letters.fo" <<EOF_FO
<?xml version="1.0" encoding="UTF-8"?>
<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format">
 <fo:layout-master-set>
  <fo:simple-page-master master-name="p" page-width="400pt" page-height="800pt">
   <fo:region-body margin="10pt"/>
  </fo:simple-page-master>
 </fo:layout-master-set>
 <fo:page-sequence master-reference="p" font-size="10pt" line-height="14pt">
  <fo:flow flow-name="xsl-region-body">
   <fo:block end-indent="200pt" text-align="justify" space-after="20pt">P1 $text</fo:block>
   <fo:block end-indent="200pt" text-align="justify" space-after="20pt"
     letter-spacing.optimum="0pt" letter-spacing.maximum="1pt">P2 $text</fo:block>
   <fo:block end-indent="200pt" text-align="start" space-after="20pt"
     letter-spacing.optimum="0pt" letter-spacing.maximum="1pt">P3 $text</fo:block>
   <fo:block end-indent="200pt" text-align="justify" space-after="20pt"
     letter-spacing="0pt">P4 $text</fo:block>
   <fo:block $tight text-align="justify" space-after="20pt">Restoration within four hours</fo:block>
   <fo:block $tight text-align="justify" space-after="20pt"
     letter-spacing.minimum="-0.3pt" letter-spacing.optimum="0pt">Restoration within four hours</fo:block>
  </fo:flow>
 </fo:page-sequence>
</fo:root>
EOF_FO
"$PLIEGO" fo2pdf -q "$work/letters.fo" -o "$work/letters.pdf"
pdftotext -bbox "$work/letters.pdf" "$work/letters.html"

python3 - "$work/letters.html" <<'PY'
import re, sys
words = [(float(a), float(b), float(c), w) for a, b, c, w in re.findall(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
    open(sys.argv[1], encoding="utf-8").read())]
def fail(message):
    sys.exit("FAIL: " + message)

# the paragraphs P1..P4, by their marker word
paragraphs, current = {}, None
for x0, y, x1, w in words:
    if re.fullmatch(r"P\d", w):
        current = w
    if w == "Restoration":
        current = None
    if current:
        paragraphs.setdefault(current, []).append((x0, y, x1, w))
def first(name, word):
    return next((x0, y, x1) for x0, y, x1, w in paragraphs[name] if w == word)
def width(name, word):
    x0, _, x1 = first(name, word)
    return x1 - x0
def gap(name, a, b):
    return first(name, b)[0] - first(name, a)[2]

plain, stretched = width("P1", "provider"), width("P2", "provider")
for name in ("P1", "P2"):
    if first(name, "provider")[1] != first(name, name)[1]:
        fail(f"{name}: 'provider' should be on the first line, a justified one")
if not stretched > plain + 0.3:
    fail(f"with letter-spacing.maximum a justified word should widen: {stretched:.2f} pt against {plain:.2f}")
if not gap("P2", "provider", "restores") < gap("P1", "provider", "restores") - 0.2:
    fail("with letter-spacing.maximum the spaces should stretch less")
for name in ("P3", "P4"):
    if abs(width(name, "provider") - plain) > 0.01:
        fail(f"{name}: letters stretched ({width(name, 'provider'):.2f} pt, plain {plain:.2f})")
# justified lines (all but the last) still end at the margin, 190 pt
for name in ("P1", "P2"):
    lines = {}
    for x0, y, x1, w in paragraphs[name]:
        lines[y] = max(lines.get(y, 0), x1)
    for y in sorted(lines)[:-1]:
        if abs(lines[y] - 190) > 0.3:
            fail(f"{name}: a justified line ends at {lines[y]:.2f}, not 190")

# the tight pair, below P4
start = next(i for i, word in enumerate(words) if word[3] == "Restoration")
tight = [(y, w) for x0, y, x1, w in words[start:] if w in ("Restoration", "hours")]
without, shrunk = tight[0:2], tight[2:]
if len(tight) != 4:
    fail(f"expected the tight line twice, got {tight}")
if without[0][0] == without[1][0]:
    fail("without letter-spacing.minimum the tight line should not fit on one line")
if shrunk[0][0] != shrunk[1][0]:
    fail("with letter-spacing.minimum the tight line should shrink onto one line")
print(f"letter-spacing: 'provider' {plain:.2f} -> {stretched:.2f} pt justified; "
      "ragged and fixed unchanged; the tight line shrinks onto one line")
PY
