#!/usr/bin/env bash
# pliego verify: the shipped example passes, and every rule verify checks
# flags a copy of it broken on purpose for that rule. Each broken copy is
# made by editing the rendered PDF in qpdf's QDF form (sed) and repairing
# its cross-reference table (fix-qdf), so the fixtures follow the renderer.
set -u
source "$(dirname "$0")/../e2e/lib.sh"
root=${PLIEGO_SOURCE_ROOT:?}

pliego render --example --catalog "$root" -o "$tmp/good.pdf" -q \
  || { echo "FAIL: render --example" >&2; exit 1; }
qpdf --check "$tmp/good.pdf" >/dev/null || fail "qpdf --check of the example"
pliego verify "$tmp/good.pdf" --catalog "$root" >"$tmp/good.out"
[ $? -eq 0 ] || fail "the example does not verify: $(cat "$tmp/good.out")"
qpdf --qdf --object-streams=disable "$tmp/good.pdf" "$tmp/good.qdf"

# broken NAME RULE SED-EXPRESSION: verify must exit 1 and name RULE.
broken() {
  local name=$1 rule=$2 expression=$3
  LC_ALL=C sed "$expression" "$tmp/good.qdf" >"$tmp/$name.qdf"
  if cmp -s "$tmp/good.qdf" "$tmp/$name.qdf"; then
    fail "$name: the edit changed nothing ($expression)"
    return
  fi
  fix-qdf "$tmp/$name.qdf" >"$tmp/$name.pdf" 2>/dev/null
  pliego verify "$tmp/$name.pdf" >"$tmp/$name.out" 2>&1
  local status=$?
  [ $status -eq 1 ] || fail "$name: exit $status, expected 1"
  grep -qF "$rule" "$tmp/$name.out" || fail "$name: $rule not reported: $(cat "$tmp/$name.out")"
}

# PDF/A
broken no-metadata 'ISO 19005-3:6.6.2.1' 's|^  /Metadata \([0-9]* 0 R\)|  /MetadataX \1|'
broken bad-part 'ISO 19005-3:6.6.4' 's|<pdfaid:part>3</pdfaid:part>|<pdfaid:part>7</pdfaid:part>|'
broken info-differs 'ISO 19005-3:6.6.3' 's|/Producer (pliego|/Producer (pliegX|'
broken date-differs 'ISO 19005-3:6.6.3' 's|/CreationDate (D:\([0-9]\)|/CreationDate (D:1\1|'
broken no-schema 'ISO 19005-3:6.6.2.3.1' 's|<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/|<pdfaSchema:namespaceURI>http://example.invalid/|'
broken no-output-intent 'ISO 19005-3:6.2.3' 's|/S /GTS_PDFA1|/S /GTS_PDFX|'
broken no-id 'ISO 19005-3:6.1.3' '/^trailer/,$ s|^  /ID \[.*\]$||; /^trailer/,$ {/^  \/ID \[$/,/^  \]$/d}'
broken font-not-embedded 'ISO 19005-3:6.2.11.4.1' 's|/FontFile\([23]\) |/FontFileX\1 |'
broken hidden-annotation 'ISO 19005-3:6.3.2' 's|^  /F 4$|  /F 6|'
broken no-relationship 'ISO 19005-3:6.8' 's|/AFRelationship /Source|/AFRelationshipX /Source|'
broken no-mime-type 'ISO 19005-3:6.8' 's|^  /Subtype /application#2fxml$|  /SubtypeX /application#2fxml|'
broken xmp-filtered 'ISO 19005-3:6.6.2.1' 's|^  /Subtype /XML$|  /Subtype /XML\n  /Filter /ASCIIHexDecode|'
broken xmp-malformed 'ISO 19005-3:6.6.2.1' 's|</x:xmpmeta>|</x:xmpmetaX>|'
broken ua-part 'ISO 14289-1:5' 's|<pdfuaid:part>1</pdfuaid:part>|<pdfuaid:part>2</pdfuaid:part>|'
# PDF/UA
broken claims-nothing 'pliego:claims' 's|<pdfaid:part>3</pdfaid:part>||; s|<pdfuaid:part>1</pdfuaid:part>||'
broken no-title 'ISO 14289-1:7.1' 's|<dc:title>|<dc:titlX>|; s|</dc:title>|</dc:titlX>|'
broken no-lang 'ISO 14289-1:7.2' 's|^  /Lang |  /LangX |'
broken no-display-title 'ISO 14289-1:7.1' 's|/DisplayDocTitle true|/DisplayDocTitle false|'
broken not-marked 'ISO 14289-1:7.1' 's|/Marked true|/Marked false|'
broken unmarked-content 'ISO 14289-1:7.1' '0,/^\/Artifact BMC$/ s|^/Artifact BMC$|/Artifact BMC\nEMC|'
broken no-tabs 'ISO 14289-1:7.18.3' 's|/Tabs /S|/Tabs /R|'
broken link-undescribed 'ISO 14289-1:7.18.5' 's|^  /Contents (Link|  /ContentX (Link|'
broken annotation-untagged 'ISO 14289-1:7.18.1' 's|^  /StructParent \([0-9]*\)$|  /StructParentX \1|'
broken heading-skipped 'ISO 14289-1:7.4.2' '0,/\/S \/H2$/ s|/S /H2$|/S /H5|'
broken th-without-scope 'ISO 14289-1:7.5' 's|/Scope /Column|/ScopX /Column|'
broken figure-without-alt 'ISO 14289-1:7.3' '0,/^  \/S \/P$/ s|^  /S /P$|  /S /Figure|'
broken note-without-id 'ISO 14289-1:7.9' '0,/^  \/S \/P$/ s|^  /S /P$|  /S /Note|'
broken unknown-type 'ISO 14289-1:7.1' '0,/^  \/S \/P$/ s|^  /S /P$|  /S /Paragraph|'
broken no-struct-tree 'ISO 14289-1:7.1' 's|^  /StructTreeRoot |  /StructTreeRooX |'
# provenance
broken source-hash 'pliego:source' 's|<pliego:sourceSha256>.|<pliego:sourceSha256>x|'
broken clause-changed 'pliego:provenance' 's|<rdf:li>sd.introduction 1 |<rdf:li>sd.introduction 9 |'
broken kind-changed 'pliego:provenance' 's|<pliego:kind>service-description|<pliego:kind>transfer-notice|'
broken source-missing 'pliego:source' 's|/EmbeddedFiles|/EmbeddedFileX|'

# --catalog: a clause edited since the PDF was made is named
cp -r "$root/regions" "$root/locales" "$tmp/" 
sed -i 's|<title>Acerca de este servicio</title>|<title>Acerca de este servicio (revisado)</title>|' "$tmp/locales/es/service-description.xml"
pliego verify "$tmp/good.pdf" --catalog "$tmp" >"$tmp/catalog.out"
[ $? -eq 1 ] || fail "--catalog: an edited clause is not a finding"
grep -q "clause sd.introduction version 1 (es) changed" "$tmp/catalog.out" \
  || fail "--catalog: $(cat "$tmp/catalog.out")"

# unreadable input: exit 2
pliego verify "$root/README.md" >/dev/null 2>&1
[ $? -eq 2 ] || fail "verify of a non-PDF must exit 2"
finish
