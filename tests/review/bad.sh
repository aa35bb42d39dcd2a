#!/usr/bin/env bash
# Bad input to pliego diff and pliego variants: each case must exit with
# its status, say what is wrong in plain words (naming the side, and the
# file and line when a file is at fault; listing the valid values for an
# unknown country, channel or language), and leave no output file.
source "$(dirname "$0")/lib.sh"
outputs=$tmp/outputs
mkdir -p "$outputs"

# expect_error NAME EXIT TEXT... -- ARGS...: pliego ARGS must exit EXIT with
# every TEXT in its standard error and nothing in $outputs
expect_error() {
    local name=$1 want=$2
    shift 2
    local texts=()
    while [ "$1" != "--" ]; do
        texts+=("$1")
        shift
    done
    shift
    run "$@"
    [ "$status" = "$want" ] || fail "$name: exit $status, expected $want: $(cat "$tmp/err")"
    for text in "${texts[@]}"; do
        grep -qF -- "$text" "$tmp/err" || fail "$name: stderr lacks \"$text\": $(cat "$tmp/err")"
    done
    [ -z "$(ls -A "$outputs")" ] || fail "$name: left $(ls -A "$outputs")"
    rm -rf "${outputs:?}"/*
}
diff_outputs=(--json "$outputs/r.json" --markdown "$outputs/r.md" -o "$outputs/r.pdf")
v1=(--catalog-a "$fixture/v1" --catalog-b "$fixture/v1" --on 2026-11-25)

expect_error unknown-country 2 "side A" 'unknown country "XX"' "IE" -- \
    diff country=XX country=IE "${v1[@]}" "${diff_outputs[@]}"
expect_error unknown-channel 2 "side B" 'unknown channel "wholesale"' "direct and reseller" -- \
    diff country=IE country=IE,channel=wholesale "${v1[@]}" "${diff_outputs[@]}"
expect_error unknown-language 2 "side B" 'unknown language "xx"' "libraries for en" -- \
    diff country=IE country=IE,lang=xx "${v1[@]}" "${diff_outputs[@]}"
expect_error unknown-key 2 "side A" 'unknown key "colour"' -- \
    diff country=IE,colour=red country=IE "${v1[@]}" "${diff_outputs[@]}"
expect_error one-side 2 "give two documents" -- diff country=IE "${v1[@]}"

# a broken catalogue on one side: the side, the file and the line
broken=$tmp/broken
cp -r "$fixture/v1" "$broken"
sed -i '12s#.*#    <title>Scope<title>#' "$broken/locales/en/clauses.xml"
expect_error broken-catalogue 2 "side B" "clauses.xml:1" -- \
    diff country=IE country=IE --on 2026-11-25 --catalog-a "$fixture/v1" \
    --catalog-b "$broken" "${diff_outputs[@]}"

# a revision that does not exist
repo=$tmp/repo
mkdir -p "$repo"
cp -r "$fixture/v1/regions" "$fixture/v1/locales" "$repo/"
git -C "$repo" init -q
git -C "$repo" add -A
git -C "$repo" -c user.name=test -c user.email=test@example.com commit -qm v1
expect_error no-revision 2 "side A" "git revision no-such-rev" -- \
    diff country=IE country=IE --on 2026-11-25 --catalog "$repo" --rev-a no-such-rev \
    "${diff_outputs[@]}"
plain=$tmp/plain
mkdir -p "$plain"
cp -r "$fixture/v1/regions" "$fixture/v1/locales" "$plain/"
expect_error not-a-repository 2 "side B" "not in a git repository" -- \
    diff country=IE country=IE --on 2026-11-25 --catalog "$plain" --rev-b HEAD \
    "${diff_outputs[@]}"

# a document file that is not well-formed, or not a document
printf '<document xmlns="urn:pliego:document">\n<body>\n<clause id="a">\n' >"$tmp/broken.xml"
expect_error malformed-document 2 "side A" "broken.xml:4" "malformed XML" -- \
    diff "$tmp/broken.xml" "$root/tests/catalog/golden/us-direct-en-service-description.xml" \
    "${diff_outputs[@]}"
printf '<html/>\n' >"$tmp/page.xml"
expect_error not-a-document 2 "side B" "page.xml:1" "not a pliego document" -- \
    diff "$root/tests/catalog/golden/us-direct-en-service-description.xml" "$tmp/page.xml" \
    "${diff_outputs[@]}"
expect_error missing-file 2 "side A" "nothing.xml" "cannot read" -- \
    diff "$tmp/nothing.xml" "$tmp/page.xml" "${diff_outputs[@]}"

# pliego variants: the output folder stays empty
expect_error variants-unknown-country 2 'unknown country "XX"' "IE" -- \
    variants --doc service-description --out "$outputs/v" --catalog "$fixture/v1" --countries IE,XX
expect_error variants-unknown-language 2 'unknown language "xx"' "libraries for en" -- \
    variants --doc service-description --out "$outputs/v" --catalog "$fixture/v1" --langs xx
expect_error variants-unknown-channel 2 'unknown channel "web"' -- \
    variants --doc service-description --out "$outputs/v" --catalog "$fixture/v1" --channels web
expect_error variants-broken-catalogue 2 "clauses.xml:1" -- \
    variants --doc service-description --out "$outputs/v" --catalog "$broken"
expect_error variants-no-doc 1 "--doc must be" -- variants --out "$outputs/v" --catalog "$fixture/v1"
finish
