#!/usr/bin/env bash
# An output that cannot be written is an error naming it, exit status 3, and
# leaves nothing behind: neither the output nor its temporary file.
#   * a full disk, simulated with a file size limit of 8 KiB (writes past
#     it fail with EFBIG; SIGXFSZ is ignored so the write returns);
#   * an output in a folder that does not exist;
#   * an output path that is an existing directory.
# The checks do not rely on permissions: CI runs as root.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# render --example reads the source tree's catalogue (the lookup order: tests/cli/locate.sh)
export PLIEGO_CATALOG=${PLIEGO_SOURCE_ROOT:?}

fo="$e2e_dir/fo/letter.fo"

# Runs pliego with the arguments under a file size limit of 8 KiB.
limited() {
  (trap '' XFSZ; ulimit -f 8; pliego "$@")
}

# check NAME STATUS STDERR_FILE OUTPUT: exit 3 and a message naming OUTPUT.
check() {
  local name=$1 status=$2 stderr output=$4
  stderr=$(cat "$3")
  [ "$status" -eq 3 ] || fail "$name: exit status $status, expected 3; stderr: $stderr"
  grep -qF -- "$output" <<< "$stderr" ||
    fail "$name: the message does not name $output; stderr: $stderr"
  grep -q "error" <<< "$stderr" || fail "$name: no \"error\" in stderr: $stderr"
}

# empty_folder NAME DIR: DIR holds no file at all (hidden ones included).
empty_folder() {
  local left
  left=$(ls -A "$2")
  [ -z "$left" ] || fail "$1: files left behind in the output folder: $left"
}

# The PDF of letter.fo is about 28 KB, over the limit.
mkdir "$tmp/full"
status=0
limited fo2pdf "$fo" -o "$tmp/full/out.pdf" 2> "$tmp/stderr" || status=$?
check "full disk, PDF" "$status" "$tmp/stderr" "$tmp/full/out.pdf"
# the system's reason follows ("File too large", translated in other locales)
grep -q "cannot write: [^ ]" "$tmp/stderr" ||
  fail "full disk, PDF: the reason is not given: $(cat "$tmp/stderr")"
empty_folder "full disk, PDF" "$tmp/full"

status=0
limited fo2pdf "$fo" --png "$tmp/full/pages" 2> "$tmp/stderr" || status=$?
check "full disk, PNG" "$status" "$tmp/stderr" "page-0001.png"
empty_folder "full disk, PNG" "$tmp/full/pages"
rmdir "$tmp/full/pages"

# The XSL-FO of the example is about 58 KB.
status=0
limited render --example --emit fo -o "$tmp/full/example.fo" 2> "$tmp/stderr" || status=$?
check "full disk, render --emit fo" "$status" "$tmp/stderr" "$tmp/full/example.fo"
empty_folder "full disk, render --emit fo" "$tmp/full"

status=0
limited render --example -o "$tmp/full/example.pdf" 2> "$tmp/stderr" || status=$?
check "full disk, render" "$status" "$tmp/stderr" "$tmp/full/example.pdf"
empty_folder "full disk, render" "$tmp/full"

# An output in a folder that does not exist: the folder is not created.
status=0
pliego fo2pdf "$fo" -o "$tmp/missing/out.pdf" 2> "$tmp/stderr" || status=$?
check "missing folder" "$status" "$tmp/stderr" "$tmp/missing/out.pdf"
[ ! -e "$tmp/missing" ] || fail "missing folder: $tmp/missing was created"

status=0
pliego render --example --emit document -o "$tmp/missing/example.xml" 2> "$tmp/stderr" ||
  status=$?
check "missing folder, render --emit document" "$status" "$tmp/stderr" "$tmp/missing/example.xml"
[ ! -e "$tmp/missing" ] || fail "missing folder, render: $tmp/missing was created"

# An output path that is a directory: it stays an empty directory.
mkdir -p "$tmp/dir/out.pdf"
status=0
pliego fo2pdf "$fo" -o "$tmp/dir/out.pdf" 2> "$tmp/stderr" || status=$?
check "directory" "$status" "$tmp/stderr" "$tmp/dir/out.pdf"
grep -q "directory" "$tmp/stderr" ||
  fail "directory: the message does not say it is a directory: $(cat "$tmp/stderr")"
[ -d "$tmp/dir/out.pdf" ] || fail "directory: $tmp/dir/out.pdf is no longer a directory"
empty_folder "directory" "$tmp/dir/out.pdf"
left=$(ls -A "$tmp/dir")
[ "$left" = "out.pdf" ] || fail "directory: files left beside it: $left"

status=0
pliego fo2pdf "$fo" --dump-areas "$tmp/dir/out.pdf" 2> "$tmp/stderr" || status=$?
check "directory, --dump-areas" "$status" "$tmp/stderr" "$tmp/dir/out.pdf"
left=$(ls -A "$tmp/dir")
[ "$left" = "out.pdf" ] || fail "directory, --dump-areas: files left beside it: $left"

# And the same run without the limit writes the PDF.
pliego fo2pdf "$fo" -o "$tmp/full/out.pdf" 2> "$tmp/stderr" ||
  fail "unlimited: $(cat "$tmp/stderr")"
[ -s "$tmp/full/out.pdf" ] || fail "unlimited: no PDF written"
finish
