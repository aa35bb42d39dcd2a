#!/usr/bin/env bash
# The catalogue's git commit in the provenance: a catalogue in a git
# repository gives <catalogue revision="..."/> in the document XML and
# pliego:catalogueRevision in the XMP, read from the repository's files
# whether the branch is a loose ref, a packed ref or a detached HEAD; a
# catalogue in no repository gives neither. verify flags an XMP whose
# revision differs from the embedded document XML's.
set -u
source "$(dirname "$0")/../e2e/lib.sh"
root=${PLIEGO_SOURCE_ROOT:?}
command -v git >/dev/null || { echo "skipped: no git"; exit 77; }

plain=$tmp/plain
mkdir -p "$plain"
cp -r "$root/regions" "$root/locales" "$root/templates" "$plain/"
cp "$root/examples/customer.xml" "$tmp/customer.xml"
cp -r "$plain" "$tmp/repo"
repo=$tmp/repo
git -C "$repo" init -q
git -C "$repo" add -A
git -C "$repo" -c user.name=test -c user.email=test@example.invalid commit -q -m catalogue
head=$(git -C "$repo" rev-parse HEAD)

# check NAME: the document XML and the PDF of the catalogue in $repo name $head
check() {
  local name=$1
  pliego assemble --catalog "$repo" --customer "$tmp/customer.xml" --doc cancellation-notice \
    --on 2026-11-25 -o "$tmp/$name.xml" || { fail "$name: assemble failed"; return; }
  grep -q "<catalogue revision=\"$head\"/>" "$tmp/$name.xml" ||
    fail "$name: no <catalogue revision=\"$head\"/> in the document XML"
  pliego render --catalog "$repo" --customer "$tmp/customer.xml" --doc cancellation-notice \
    --on 2026-11-25 -o "$tmp/$name.pdf" -q || { fail "$name: render failed"; return; }
  grep -a -q "<pliego:catalogueRevision>$head</pliego:catalogueRevision>" "$tmp/$name.pdf" ||
    fail "$name: no pliego:catalogueRevision $head in the XMP"
  pliego verify "$tmp/$name.pdf" --catalog "$repo" >"$tmp/$name.out" ||
    fail "$name: verify: $(cat "$tmp/$name.out")"
}
check loose
git -C "$repo" pack-refs --all
[ ! -e "$repo/.git/refs/heads/$(git -C "$repo" symbolic-ref --short HEAD)" ] ||
  fail "pack-refs left the branch as a loose ref"
check packed
git -C "$repo" checkout -q --detach
check detached

# a worktree: .git is a file naming the git folder
git -C "$repo" worktree add -q "$tmp/tree" HEAD 2>/dev/null
repo=$tmp/tree check worktree

# no repository: no revision, and verify is content
pliego assemble --catalog "$plain" --customer "$tmp/customer.xml" --doc cancellation-notice \
  --on 2026-11-25 -o "$tmp/plain.xml" || fail "plain: assemble failed"
grep -q '<catalogue revision=' "$tmp/plain.xml" && fail "a catalogue in no repository has a revision"
pliego render --catalog "$plain" --customer "$tmp/customer.xml" --doc cancellation-notice \
  --on 2026-11-25 -o "$tmp/plain.pdf" -q || fail "plain: render failed"
grep -a -q 'catalogueRevision>' "$tmp/plain.pdf" && fail "plain: the XMP has a revision"
pliego verify "$tmp/plain.pdf" >"$tmp/plain.out" || fail "plain: verify: $(cat "$tmp/plain.out")"

# negative: the XMP's revision edited, the embedded XML left alone
qpdf --qdf --object-streams=disable "$tmp/loose.pdf" "$tmp/loose.qdf"
LC_ALL=C sed "s|<pliego:catalogueRevision>$head|<pliego:catalogueRevision>${head//?/0}|" \
  "$tmp/loose.qdf" >"$tmp/edited.qdf"
cmp -s "$tmp/loose.qdf" "$tmp/edited.qdf" && fail "the edit changed nothing"
fix-qdf "$tmp/edited.qdf" >"$tmp/edited.pdf" 2>/dev/null
status=0
pliego verify "$tmp/edited.pdf" >"$tmp/edited.out" 2>&1 || status=$?
[ $status -eq 1 ] || fail "edited revision: exit $status, expected 1"
grep -q 'pliego:provenance.*catalogueRevision' "$tmp/edited.out" ||
  fail "edited revision not reported: $(cat "$tmp/edited.out")"
finish
