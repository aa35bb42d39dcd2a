#!/usr/bin/env bash
# Figures in PDF/UA-1: fox:alt-text (FOP's extension), else the role
# property, becomes the Figure's /Alt; an image without it cannot meet PDF/UA-1, which is an error naming
# the cause (exit 3, no file), while PDF/A-3b alone still renders it.
set -u
source "$(dirname "$0")/../e2e/lib.sh"
fo="$(cd "$(dirname "$0")/fo" && pwd)"

pliego fo2pdf "$fo/figure-alt-yes.fo" -o "$tmp/yes.pdf" --pdf-standard pdf/a-3b,pdf/ua-1 -q ||
  fail "an image with fox:alt-text did not render as PDF/UA-1"
qpdf --qdf --object-streams=disable "$tmp/yes.pdf" "$tmp/yes.qdf" 2>/dev/null
grep -a -q '/Alt (A red rectangle, the logo of the example company)' "$tmp/yes.qdf" ||
  fail "the Figure has no /Alt from fox:alt-text"
pliego verify "$tmp/yes.pdf" >"$tmp/verify" || fail "verify: $(cat "$tmp/verify")"

# without fox:alt-text, the FO role property's text is the /Alt
pliego fo2pdf "$fo/figure-alt-role.fo" -o "$tmp/role.pdf" --pdf-standard pdf/a-3b,pdf/ua-1 -q ||
  fail "an image with role did not render as PDF/UA-1"
qpdf --qdf --object-streams=disable "$tmp/role.pdf" "$tmp/role.qdf" 2>/dev/null
grep -a -q '/Alt (The company logo, from role)' "$tmp/role.qdf" ||
  fail "the Figure has no /Alt from role"
pliego verify "$tmp/role.pdf" >"$tmp/verify" || fail "verify (role): $(cat "$tmp/verify")"

# an image with an alpha channel: PDF/A-3b allows transparency; no image
# or soft mask keeps Cairo's /Interpolate true (PDF/A 6.2.8), and verify
# flags one that does
pliego fo2pdf "$fo/figure-transparent.fo" -o "$tmp/alpha.pdf" --pdf-standard pdf/a-3b,pdf/ua-1 -q ||
  fail "an image with an alpha channel did not render as PDF/A-3b"
qpdf --check "$tmp/alpha.pdf" >/dev/null || fail "qpdf --check of the image with an alpha channel"
qpdf --qdf --object-streams=disable "$tmp/alpha.pdf" "$tmp/alpha.qdf" 2>/dev/null
grep -a -q '/SMask' "$tmp/alpha.qdf" || fail "the image with an alpha channel has no soft mask"
grep -a -q '/Interpolate true' "$tmp/alpha.qdf" && fail "an image keeps /Interpolate true"
[ "$(grep -a -c '/Interpolate false' "$tmp/alpha.qdf")" -eq 2 ] ||
  fail "the image and its soft mask should both have /Interpolate false"
pliego verify "$tmp/alpha.pdf" >"$tmp/verify" || fail "verify (alpha): $(cat "$tmp/verify")"
LC_ALL=C sed 's|/Interpolate false|/Interpolate true|' "$tmp/alpha.qdf" >"$tmp/interpolate.qdf"
fix-qdf "$tmp/interpolate.qdf" >"$tmp/interpolate.pdf" 2>/dev/null
status=0
pliego verify "$tmp/interpolate.pdf" >"$tmp/interpolate.out" 2>&1 || status=$?
[ $status -eq 1 ] || fail "/Interpolate true: verify exit $status, expected 1"
grep -qF 'ISO 19005-3:6.2.8' "$tmp/interpolate.out" ||
  fail "/Interpolate true not reported: $(cat "$tmp/interpolate.out")"

status=0
pliego fo2pdf "$fo/figure-alt-no.fo" -o "$tmp/no.pdf" --pdf-standard pdf/a-3b,pdf/ua-1 2>"$tmp/err" || status=$?
[ $status -eq 3 ] || fail "an image without alternate text: exit $status, expected 3"
grep -q 'an image has no alternate text (fox:alt-text or role); PDF/UA-1 needs one' "$tmp/err" ||
  fail "the error does not name the cause: $(cat "$tmp/err")"
[ ! -e "$tmp/no.pdf" ] || fail "a file claiming PDF/UA-1 was written anyway"
ls -A "$tmp" | grep -q '^\.no\.pdf' && fail "a temporary file was left behind"

pliego fo2pdf "$fo/figure-alt-no.fo" -o "$tmp/a-only.pdf" --pdf-standard pdf/a-3b -q ||
  fail "PDF/A-3b alone should render an image without alternate text"
pliego verify "$tmp/a-only.pdf" >"$tmp/verify" || fail "verify of PDF/A-3b alone: $(cat "$tmp/verify")"
finish
