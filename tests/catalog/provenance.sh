#!/usr/bin/env bash
# Provenance: the document XML names every input file with the SHA-256 of
# its bytes (checked here against sha256sum), records the document context
# and the es-MX -> es fallback, and clauses falling back to English say so.
set -euo pipefail
# .ci/run's third pass runs the CLI under a decimal-comma locale
if [ -n "${PLIEGO_TEST_LOCALE:-}" ]; then export LC_ALL=$PLIEGO_TEST_LOCALE; fi
: "${PLIEGO:?}" "${PLIEGO_SOURCE_ROOT:?}"
root=$PLIEGO_SOURCE_ROOT
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cd "$root"
"$PLIEGO" assemble --customer examples/customer.xml --doc service-description \
    --on 2026-11-25 -o "$tmp/sd.xml"
grep -q '<generator name="pliego" version="[0-9.]*"/>' "$tmp/sd.xml" || fail "no generator"
grep -q '<context kind="service-description" date="2026-11-25" region="latam" country="MX" channel="reseller" requested-language="es-MX" language="es"/>' "$tmp/sd.xml" ||
    fail "context differs: $(grep '<context' "$tmp/sd.xml")"
grep -q '<fallback from="es-MX" to="es"/>' "$tmp/sd.xml" || fail "es-MX -> es fallback not recorded"
want=$(sha256sum examples/customer.xml | cut -d' ' -f1)
grep -q "<input role=\"customer\" name=\"customer.xml\" sha256=\"$want\"/>" "$tmp/sd.xml" ||
    fail "customer hash is not $want"
files=0
for file in regions/*.xml locales/documents.xml locales/*/*.xml; do
    want=$(sha256sum "$file" | cut -d' ' -f1)
    grep -q "<input role=\"catalogue\" name=\"$file\" sha256=\"$want\"/>" "$tmp/sd.xml" ||
        fail "no input line for $file with sha256 $want"
    files=$((files + 1))
done
[ "$(grep -c '<input role="catalogue"' "$tmp/sd.xml")" -eq "$files" ] ||
    fail "expected $files catalogue inputs"

# Every shipped library is complete, so fallback is shown with a language a
# customer adds: a copy of the catalogue with an Italian library holding only
# the titles. Every clause records the English body it fell back to.
mkdir -p "$tmp/cat"
cp -r regions locales "$tmp/cat/"
mkdir -p "$tmp/cat/locales/it"
sed 's/lang="en"/lang="it"/' locales/en/labels.xml >"$tmp/cat/locales/it/labels.xml"
python3 - locales/en/service-description.xml "$tmp/cat/locales/it/service-description.xml" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read().replace('lang="en"', 'lang="it"')
open(sys.argv[2], "w", encoding="utf-8").write(re.sub(r"\s*<body>.*?</body>", "", text, flags=re.S))
PY
"$PLIEGO" check -q --catalog "$tmp/cat" || fail "the catalogue with titles-only Italian does not pass check"
"$PLIEGO" assemble --catalog "$tmp/cat" --customer examples/customer.xml --doc service-description \
    --lang it --on 2026-11-25 -o "$tmp/it.xml"
clauses=$(grep -c '<clause ' "$tmp/it.xml")
fallbacks=$(grep -c '<clause [^>]*lang="it" fallback="true" sha256="[0-9a-f]\{64\}" body-lang="en" body-version="1" body-sha256="[0-9a-f]\{64\}"' "$tmp/it.xml")
[ "$clauses" -gt 5 ] && [ "$clauses" -eq "$fallbacks" ] ||
    fail "it: $fallbacks of $clauses clauses record the English body"
# The same clause text gives the same hash in another document.
a=$(grep -o '<clause id="sd.scope"[^>]*' "$tmp/it.xml" | grep -o 'body-sha256="[0-9a-f]*"' | cut -d'"' -f2)
"$PLIEGO" assemble --customer examples/customer.xml --doc service-description \
    --lang en --on 2026-11-25 -o "$tmp/en.xml"
b=$(grep -o '<clause id="sd.scope"[^>]*' "$tmp/en.xml" | grep -o ' sha256="[0-9a-f]*"' | cut -d'"' -f2)
[ -n "$a" ] && [ "$a" = "$b" ] || fail "sd.scope hash differs: $a vs $b"
# Same input, same bytes.
"$PLIEGO" assemble --customer examples/customer.xml --doc service-description \
    --on 2026-11-25 -o "$tmp/again.xml"
cmp -s "$tmp/sd.xml" "$tmp/again.xml" || fail "two runs differ"
echo "provenance: ok"
