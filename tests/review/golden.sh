#!/usr/bin/env bash
# Golden JSON and Markdown of pliego diff (tests/review/golden/): US direct
# vs US reseller, France vs Germany in French, and the fixture catalogue in
# two versions (one clause changed, one added, one removed, one moved),
# read both as two folders and as two git revisions (git archive). Also:
# a document compared with itself exits 0 and says so; document XML files
# work as sides. PLIEGO_UPDATE_GOLDEN=1 rewrites the golden files; review
# the git diff like code.
source "$(dirname "$0")/lib.sh"
golden=$here/golden
on=(--on 2026-11-25 --catalog "$root")

# golden NAME EXIT ARGS...: runs pliego diff ARGS with --json and --markdown
golden() {
    local name=$1 want=$2
    shift 2
    run diff "$@" --json "$tmp/$name.json" --markdown "$tmp/$name.md"
    if [ "$status" != "$want" ]; then
        fail "$name: exit $status, expected $want: $(cat "$tmp/err")"
        return
    fi
    for ext in json md; do
        if [ -n "${PLIEGO_UPDATE_GOLDEN:-}" ]; then
            cp "$tmp/$name.$ext" "$golden/$name.$ext"
        elif ! diff -u "$golden/$name.$ext" "$tmp/$name.$ext" >"$tmp/delta"; then
            fail "$name.$ext differs from the golden file:"
            head -40 "$tmp/delta" >&2
        fi
    done
    python3 -m json.tool "$tmp/$name.json" >/dev/null || fail "$name.json is not JSON"
}

mkdir -p "$golden"
golden us-direct-vs-reseller 1 country=US,channel=direct country=US,channel=reseller "${on[@]}"
golden fr-vs-de-in-french 1 country=FR,lang=fr country=DE,lang=fr "${on[@]}"
golden fixture-v1-vs-v2 1 country=IE country=IE --on 2026-11-25 \
    --catalog-a "$fixture/v1" --catalog-b "$fixture/v2"

# the same versions as git revisions of a repository holding the catalogue
# in a subfolder, the way a catalogue lives in practice
repo=$tmp/repo
mkdir -p "$repo/catalogue"
git -C "$repo" init -q
cp -r "$fixture/v1/regions" "$fixture/v1/locales" "$repo/catalogue/"
git -C "$repo" add -A
git -C "$repo" -c user.name=test -c user.email=test@example.com commit -qm v1
rm -rf "$repo/catalogue/regions" "$repo/catalogue/locales"
cp -r "$fixture/v2/regions" "$fixture/v2/locales" "$repo/catalogue/"
git -C "$repo" add -A
git -C "$repo" -c user.name=test -c user.email=test@example.com commit -qm v2
# the working copy may differ from both revisions: only git's copies count
echo "not XML" >"$repo/catalogue/regions/north.xml"
golden fixture-revisions 1 country=IE country=IE --on 2026-11-25 \
    --catalog "$repo/catalogue" --rev-a HEAD~1 --rev-b HEAD
leftover=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'pliego-diff-*' -newer "$repo/catalogue" 2>/dev/null | head -1)
[ -z "$leftover" ] || fail "a temporary catalogue was left behind: $leftover"
# the same content as the two folders, apart from the sides' names
sed 's/@HEAD~1//; s/@HEAD//' "$tmp/fixture-revisions.md" >"$tmp/revisions-unnamed.md"
sed 's/@v1//; s/@v2//' "$tmp/fixture-v1-vs-v2.md" >"$tmp/folders-unnamed.md"
cmp -s "$tmp/revisions-unnamed.md" "$tmp/folders-unnamed.md" ||
    fail "the revisions' Markdown differs from the folders' beyond the names"

# diff(A, A): nothing, exit 0
run diff country=FR,channel=reseller country=FR,channel=reseller "${on[@]}"
[ "$status" = 0 ] || fail "a variant against itself: exit $status, expected 0"
grep -q "^No differences\.$" "$tmp/out" || fail "a variant against itself does not say No differences"

# variant specs from another customer record
# variant specs from another customer record: the customer's own variant
# is the document pliego assemble makes for it
"$PLIEGO" assemble --customer "$root/examples/customer.xml" --doc service-description \
    --on 2026-11-25 --catalog "$root" -o "$tmp/customer.xml"
run diff country=MX,channel=reseller,lang=es-MX "$tmp/customer.xml" \
    --customer "$root/examples/customer.xml" "${on[@]}"
[ "$status" = 0 ] || fail "--customer: exit $status, expected 0: $(cat "$tmp/err") $(head -20 "$tmp/out")"
run diff country=MX,channel=direct,lang=es-MX "$tmp/customer.xml" \
    --customer "$root/examples/customer.xml" "${on[@]}"
[ "$status" = 1 ] || fail "--customer, other channel: exit $status, expected 1"

# a document-level fallback that goes away is a fact that differs
run diff country=MX,lang=es-MX country=MX,lang=es "${on[@]}" --json "$tmp/fallback.json"
[ "$status" = 1 ] || fail "es-MX against es: exit $status, expected 1"
python3 -c 'import json, sys
facts = {f["name"]: f for f in json.load(open(sys.argv[1]))["facts"]}
f = facts["language fallback"]
sys.exit(0 if f["a"] == "es-MX falls back to es" and f["b"] is None else 1)' "$tmp/fallback.json" ||
    fail "es-MX against es: no language fallback fact"

# document XML files as sides
docs=$root/tests/catalog/golden
run diff "$docs/us-direct-en-service-description.xml" "$docs/us-direct-en-service-description.xml"
[ "$status" = 0 ] || fail "a document file against itself: exit $status: $(cat "$tmp/err")"
run diff "$docs/us-direct-en-service-description.xml" "$docs/us-reseller-en-service-description.xml"
[ "$status" = 1 ] || fail "two different document files: exit $status, expected 1"
grep -q "| changed |" "$tmp/out" || fail "two different document files report no changed clause"
finish
