#!/usr/bin/env bash
# pliego render's errors. Each tests/pipeline/hostile/NAME.xsl is installed
# as the service-description template of a templates folder of its own
# (with the fixtures' common/ beside it; @TMP@ and @PORT@ replaced) and
# states what it must produce in a comment
#   <!-- expect: exit 2, "fragment", "another fragment" -->
# Every run must exit with that status, print every fragment on stderr,
# leave no output file, write nothing where the template tried to, open no
# connection, and finish within 30 seconds (a few under a normal build;
# the sanitizers on a busy machine take most of it). Then: a missing template, a
# missing templates folder, an output that cannot be written, usage errors.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# A listener that records any connection: a template reading from the
# network must be refused before it connects.
python3 - "$tmp/port" "$tmp/connected" <<'PY' &
import socket, sys
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(5)
open(sys.argv[1], "w").write(str(server.getsockname()[1]))
server.settimeout(120)
try:
    server.accept()
    open(sys.argv[2], "w").write("connected\n")
except OSError:
    pass
PY
listener=$!
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(cat "$tmp/port")

# outside.xsl: a valid stylesheet just outside each templates folder
cat > "$tmp/outside.xsl" <<'XSL'
<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template name="outside"><x/></xsl:template>
</xsl:stylesheet>
XSL

locale_env=(env)
[ -z "${PLIEGO_TEST_LOCALE:-}" ] || locale_env=(env "LC_ALL=$PLIEGO_TEST_LOCALE")
count=0
for hostile in "$pipeline_dir"/hostile/*.xsl; do
  name=$(basename "$hostile" .xsl)
  count=$((count + 1))
  dir=$tmp/$name
  mkdir "$dir"
  cp -r "$fixtures/common" "$dir/"
  ln -s ../outside.xsl "$dir/link.xsl"
  mkfifo "$dir/fifo.xml" # read by read-fifo.xsl: never written, so a read would wait
  sed "s|@TMP@|$tmp|g; s|@PORT@|$port|g" "$hostile" > "$dir/service-description.xsl"
  spec=$(grep -m1 -o '<!-- expect: exit [0-9]*, ".*" -->' "$dir/service-description.xsl" || true)
  if [ -z "$spec" ]; then
    fail "$name: no '<!-- expect: exit N, \"message\" -->' comment"
    continue
  fi
  want_status=$(sed -E 's/.*exit ([0-9]+),.*/\1/' <<< "$spec")
  fragments=$(grep -o '"[^"]*"' <<< "$spec" | sed 's/^"//; s/"$//')

  out=$tmp/out.pdf
  rm -f "$out"
  status=0
  start=$(date +%s%N)
  timeout 60 "${locale_env[@]}" "$PLIEGO" render --customer "$customer" --catalog "$catalog" \
    --on 2026-11-25 --doc service-description --templates "$dir" -o "$out" \
    2> "$tmp/stderr" || status=$?
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  stderr=$(cat "$tmp/stderr")
  [ "$status" -eq "$want_status" ] ||
    fail "$name: exit status $status, expected $want_status; stderr: $stderr"
  while IFS= read -r fragment; do
    grep -qF -- "$fragment" <<< "$stderr" ||
      fail "$name: stderr lacks \"$fragment\"; stderr: $stderr"
  done <<< "$fragments"
  [ "$(wc -l < "$tmp/stderr")" -eq 1 ] || fail "$name: expected one line on stderr: $stderr"
  [ ! -e "$out" ] || fail "$name: an output file was created despite the error"
  # limits stop a hostile template quickly (generous for sanitizer builds)
  [ "$elapsed_ms" -lt 30000 ] || fail "$name: took ${elapsed_ms} ms"
done
[ "$count" -gt 0 ] || fail "no hostile templates in $pipeline_dir/hostile"
for written in written-exsl.txt written-xsl.txt; do
  [ ! -e "$tmp/$written" ] || fail "a template wrote $tmp/$written"
done
[ ! -e "$tmp/connected" ] || fail "a template connected to 127.0.0.1:$port"
kill "$listener" 2>/dev/null || true
wait "$listener" 2>/dev/null || true

# expect STATUS FRAGMENT ARGS...: render ARGS must exit STATUS and print
# FRAGMENT, leaving no $tmp/o.pdf
expect() {
  local want=$1 fragment=$2 status=0
  shift 2
  rm -f "$tmp/o.pdf"
  render "$@" 2> "$tmp/stderr" > /dev/null || status=$?
  [ "$status" -eq "$want" ] || fail "render $*: exit $status, expected $want: $(cat "$tmp/stderr")"
  grep -qF -- "$fragment" "$tmp/stderr" || fail "render $*: stderr lacks \"$fragment\": $(cat "$tmp/stderr")"
  [ ! -e "$tmp/o.pdf" ] || fail "render $*: left $tmp/o.pdf behind"
}

# a templates folder without the kind's template, and no folder at all
mkdir "$tmp/partial"
cp "$fixtures/service-description.xsl" "$tmp/partial/"
expect 2 "partial/transfer-notice.xsl: error: no template for transfer-notice" \
  --doc transfer-notice --templates "$tmp/partial" -o "$tmp/o.pdf"
expect 2 "no templates folder" --doc transfer-notice --templates "$tmp/none" -o "$tmp/o.pdf"
# a business rule broken is the assembler's error, before any template
sed 's/effective="2026-12-10"/effective="2026-11-26"/' "$customer" > "$tmp/early.xml"
grep -q 'effective="2026-11-26"' "$tmp/early.xml" || fail "cannot make an early cancellation from $customer"
status=0
pliego render --customer "$tmp/early.xml" --catalog "$catalog" --on 2026-11-25 \
  --doc cancellation-notice --templates "$fixtures" -o "$tmp/o.pdf" 2> "$tmp/stderr" || status=$?
[ "$status" -eq 2 ] || fail "early cancellation: exit $status, expected 2: $(cat "$tmp/stderr")"
grep -qF "early.xml:" "$tmp/stderr" || fail "early cancellation: the error does not name the customer file: $(cat "$tmp/stderr")"
[ ! -e "$tmp/o.pdf" ] || fail "early cancellation left $tmp/o.pdf behind"

# an output that cannot be written: 3, and no partial file. A folder that
# does not exist, a name that is a folder (as root too), a read-only folder
# (unless we can write anywhere).
mkdir -p "$tmp/target/out" "$tmp/readonly"
chmod a-w "$tmp/readonly"
targets=("$tmp/missing/out" "$tmp/target/out")
if touch "$tmp/readonly/probe" 2>/dev/null; then
  rm -f "$tmp/readonly/probe"
  echo "running as a user who can write anywhere: the read-only folder is not checked" >&2
else
  targets+=("$tmp/readonly/out")
fi
for target in "${targets[@]}"; do
  for emit in "" document fo; do
    status=0
    render --doc cancellation-notice --templates "$fixtures" ${emit:+--emit $emit} \
      -o "$target" 2> "$tmp/stderr" || status=$?
    what="-o $target${emit:+ --emit $emit}"
    [ "$status" -eq 3 ] || fail "$what: exit $status, expected 3: $(cat "$tmp/stderr")"
    grep -qF "$target" "$tmp/stderr" || fail "$what: the error does not name the file: $(cat "$tmp/stderr")"
    folder=$(dirname "$target")
    if [ -d "$folder" ]; then
      left=$(find "$folder" -mindepth 1 ! -path "$tmp/target/out")
      [ -z "$left" ] || fail "$what: left $left"
    fi
  done
done
# a PNG folder that cannot be made: 3, and the PDF written before it is gone
touch "$tmp/plain-file"
status=0
render --doc cancellation-notice --templates "$fixtures" -o "$tmp/o.pdf" \
  --png "$tmp/plain-file/png" 2> "$tmp/stderr" || status=$?
[ "$status" -eq 3 ] || fail "unwritable --png: exit $status, expected 3: $(cat "$tmp/stderr")"
[ ! -e "$tmp/o.pdf" ] || fail "unwritable --png left the PDF behind"

# usage errors: 1
expect 1 "--doc must be" --doc letter --templates "$fixtures" -o "$tmp/o.pdf"
expect 1 "--emit must be document or fo" --doc cancellation-notice --emit areas -o "$tmp/o.pdf"
expect 1 "no output" --doc cancellation-notice --templates "$fixtures"
status=0
pliego render -o "$tmp/o.pdf" 2> "$tmp/stderr" || status=$?
[ "$status" -eq 1 ] && grep -qF "no customer" "$tmp/stderr" || fail "no --customer: exit $status: $(cat "$tmp/stderr")"
finish
