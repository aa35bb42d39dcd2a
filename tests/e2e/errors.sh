#!/usr/bin/env bash
# Every tests/bad/NAME.fo states what it must produce in a comment
#   <!-- expect: exit 2, "fragment", "another fragment" -->
# (a file too empty to hold one has it in NAME.expect). The CLI must exit with
# that status, print every fragment and a NAME.fo:LINE place on stderr, and
# leave no output file behind; with exit 0 (hostile input that is rendered
# around, with a warning) it must write the PDF.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

count=0
for fo in "$tests_dir"/bad/*.fo; do
  name=$(basename "$fo")
  count=$((count + 1))
  spec_file=$fo
  [ -s "$fo" ] || spec_file=${fo%.fo}.expect
  spec=$(grep -m1 -o '<!-- expect: exit [0-9]*, ".*" -->' "$spec_file" 2>/dev/null || true)
  if [ -z "$spec" ]; then
    fail "$name: no '<!-- expect: exit N, \"message\" -->' comment"
    continue
  fi
  want_status=$(sed -E 's/.*exit ([0-9]+),.*/\1/' <<< "$spec")
  # Each "quoted" fragment on a line of its own.
  fragments=$(grep -o '"[^"]*"' <<< "$spec" | sed 's/^"//; s/"$//')

  out="$tmp/out.pdf"
  rm -f "$out"
  status=0
  pliego fo2pdf "$fo" -o "$out" 2> "$tmp/stderr" || status=$?
  stderr=$(cat "$tmp/stderr")

  [ "$status" -eq "$want_status" ] ||
    fail "$name: exit status $status, expected $want_status; stderr: $stderr"
  while IFS= read -r fragment; do
    grep -qF -- "$fragment" <<< "$stderr" ||
      fail "$name: stderr lacks \"$fragment\"; stderr: $stderr"
  done <<< "$fragments"
  grep -qE -- "$name:[0-9]+" <<< "$stderr" ||
    fail "$name: stderr lacks a place \"$name:LINE\"; stderr: $stderr"
  if [ "$want_status" -eq 0 ]; then
    [ -s "$out" ] || fail "$name: no PDF written"
  else
    [ ! -e "$out" ] || fail "$name: an output file was created despite the error"
  fi
done
[ "$count" -gt 0 ] || fail "no files in $tests_dir/bad"
finish
