#!/usr/bin/env bash
# The redline PDF read back: for each comparison, pdftotext finds every
# inserted and deleted word of the JSON report, and the area tree dump
# shows underlines on exactly the inserted words and strike-throughs on
# exactly the deleted ones (as multisets of words: nothing more, nothing
# less). qpdf --check accepts the PDF and every font is embedded. Trouble
# while rendering leaves no output file.
source "$(dirname "$0")/lib.sh"

check() {
    local name=$1
    shift
    run diff "$@" --json "$tmp/$name.json" -o "$tmp/$name.pdf" --dump-areas "$tmp/$name.areas.xml"
    if [ "$status" != 1 ]; then
        fail "$name: exit $status, expected 1: $(cat "$tmp/err")"
        return
    fi
    qpdf --check "$tmp/$name.pdf" >/dev/null 2>&1 || fail "$name: qpdf --check rejects the redline"
    if pdffonts "$tmp/$name.pdf" | tail -n +3 | awk '{ if ($(NF-4) != "yes") bad = 1 } END { exit bad }'; then :; else
        fail "$name: a font is not embedded"
    fi
    pdftotext -layout "$tmp/$name.pdf" "$tmp/$name.txt"
    python3 - "$tmp/$name.json" "$tmp/$name.txt" "$tmp/$name.areas.xml" <<'PY' || fail "$name: see above"
import collections, json, sys, xml.etree.ElementTree as ET
report = json.load(open(sys.argv[1]))
text = " ".join(open(sys.argv[2], encoding="utf-8").read().split())
areas = ET.parse(sys.argv[3]).getroot()
want = {"insert": collections.Counter(), "delete": collections.Counter()}
for clause in report["clauses"]:
    for run in clause["words"] or []:
        if run["op"] in want:
            want[run["op"]].update(run["text"].split())
got = {"insert": collections.Counter(), "delete": collections.Counter()}
for element, op in (("underline", "insert"), ("line-through", "delete")):
    for mark in areas.iter(element):
        got[op].update(mark.get("text").split())
ok = True
if not want["insert"] and not want["delete"]:
    print("the report has no inserted or deleted word", file=sys.stderr)
    ok = False
for op in ("insert", "delete"):
    for word in want[op]:
        if word not in text:
            print(f"{op}ed word {word!r} is not in the PDF's text", file=sys.stderr)
            ok = False
    if got[op] != want[op]:
        print(f"{op}: marked in the PDF but not in the report: {dict(got[op] - want[op])}; "
              f"in the report but not marked: {dict(want[op] - got[op])}", file=sys.stderr)
        ok = False
sys.exit(0 if ok else 1)
PY
}

check us country=US,channel=direct country=US,channel=reseller --on 2026-11-25 --catalog "$root"
check fr-de country=FR,lang=fr country=DE,lang=fr --on 2026-11-25 --catalog "$root"
check fixture country=IE country=IE --on 2026-11-25 \
    --catalog-a "$fixture/v1" --catalog-b "$fixture/v2"

# a template that fails: exit 2 and none of the outputs is left behind
mkdir -p "$tmp/templates" "$tmp/outputs"
printf '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n<xsl:template match="/"><xsl:message terminate="yes">broken on purpose</xsl:message></xsl:template>\n</xsl:stylesheet>\n' \
    >"$tmp/templates/redline.xsl"
run diff country=IE country=IE --on 2026-11-25 --catalog-a "$fixture/v1" --catalog-b "$fixture/v2" \
    --templates "$tmp/templates" --json "$tmp/outputs/r.json" --markdown "$tmp/outputs/r.md" -o "$tmp/outputs/r.pdf"
[ "$status" = 2 ] || fail "a failing redline template: exit $status, expected 2"
grep -q "redline.xsl:2" "$tmp/err" || fail "a failing redline template: no file and line: $(cat "$tmp/err")"
[ -z "$(ls -A "$tmp/outputs")" ] || fail "a failing redline template left files: $(ls -A "$tmp/outputs")"
finish
