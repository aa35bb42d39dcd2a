#!/usr/bin/env bash
# pliego as a user installs it: `meson install` into a temporary prefix,
# the prefix moved elsewhere, and from an empty folder with no source tree
# in sight: --help, help, --version, render --example, check (the installed
# catalogue), check of a missing catalogue (bad input, 2), serve with the
# installed pages; the man pages and the completion are there;
# examples/embed.c builds against the installed
# headers with pkg-config and renders the example customer's contract
# from the installed catalogue; and neither the binary
# nor the library holds a path of the source or build tree.
set -euo pipefail
: "${PLIEGO_SOURCE_ROOT:?}" "${PLIEGO_BUILD_ROOT:?}"

tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

meson install -C "$PLIEGO_BUILD_ROOT" --no-rebuild --strip --quiet --destdir "$tmp/stage" \
  > "$tmp/install.log" 2>&1 || { cat "$tmp/install.log" >&2; fail "meson install failed"; }
prefix=$(meson introspect "$PLIEGO_BUILD_ROOT" --buildoptions |
         python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"))')
[ -x "$tmp/stage$prefix/bin/pliego" ] || fail "no bin/pliego under the installed prefix $prefix"
mv "$tmp/stage$prefix" "$tmp/moved"
rm -rf "$tmp/stage"
root=$tmp/moved
pliego=$root/bin/pliego

mkdir "$tmp/empty"
cd "$tmp/empty"
# nothing but the moved prefix: no catalogue variables, no source tree
unset PLIEGO_CATALOG PLIEGO_TEMPLATES LD_LIBRARY_PATH

"$pliego" --help > help.txt || fail "--help exited $?"
grep -q '^  render ' help.txt || fail "--help lists no render command"
"$pliego" render --help > render-help.txt || fail "render --help exited $?"
grep -q -- '--example' render-help.txt || fail "render --help misses --example"

"$pliego" --version > version.txt || fail "--version exited $?"
grep -qx "catalogue: $root/share/pliego (installed)" version.txt ||
  { cat version.txt >&2; fail "--version does not name the installed catalogue"; }
grep -q '^libraries: libxml2 [0-9]' version.txt || fail "--version lists no libraries"

"$pliego" render --example --on 2026-11-25 -q -o example.pdf ||
  fail "render --example from an empty folder exited $?"
pdftotext example.pdf example.txt
grep -q 'Mexico\|México' example.txt || fail "the example PDF does not name the customer's country"
qpdf --check example.pdf > /dev/null || fail "qpdf rejects the example PDF"

"$pliego" check -q > check.txt 2>&1 || { cat check.txt >&2; fail "check of the installed catalogue exited $?"; }
"$pliego" check -q --customer "$root/share/pliego/examples/customers.csv" \
  --doc service-description --on 2026-11-25 2> preflight.txt ||
  { cat preflight.txt >&2; fail "pre-flight of the installed example exited $?"; }

status=0
"$pliego" check --catalog "$tmp/empty" 2> missing.txt || status=$?
[ "$status" -eq 2 ] || fail "check of a folder that is no catalogue exited $status, not 2"
grep -q "not a catalogue" missing.txt || fail "no plain message for a missing catalogue"
status=0
PLIEGO_CATALOG=$tmp/nowhere "$pliego" assemble --customer "$root/share/pliego/examples/customer.xml" \
  --doc service-description -o doc.xml 2> missing.txt || status=$?
[ "$status" -eq 2 ] || fail "assemble with PLIEGO_CATALOG naming nothing exited $status, not 2"
grep -q "PLIEGO_CATALOG" missing.txt || fail "the message does not say the catalogue came from PLIEGO_CATALOG"
[ ! -e doc.xml ] || fail "assemble left an output file behind"

for page in pliego pliego-render pliego-batch pliego-batch-merge pliego-check \
            pliego-assemble pliego-fo2pdf; do
  [ -s "$root/share/man/man1/$page.1" ] || fail "man page $page.1 not installed"
done
[ -s "$root/share/bash-completion/completions/pliego" ] || fail "bash completion not installed"

# pliego serve finds the installed pages ($datadir/pliego/web) and sends
# them with their Content-Security-Policy; stopped with SIGTERM, it exits 0
for file in index.html legal.html common.js sales.js legal.js style.css; do
  [ -s "$root/share/pliego/web/$file" ] || fail "the page file web/$file is not installed"
done
"$pliego" serve --listen 127.0.0.1:0 --workers 1 -q > serve.log 2>&1 &
server=$!
url=
for _ in $(seq 1 100); do
  url=$(sed -n 's|^pliego serve: listening on \(http://[^/]*\)/.*|\1|p' serve.log)
  [ -n "$url" ] || ! kill -0 "$server" 2>/dev/null && break
  sleep 0.1
done
[ -n "$url" ] || { cat serve.log >&2; fail "pliego serve did not start from the installed prefix"; }
python3 - "$url" "$root/share/pliego/web" <<'PY' || { kill "$server"; fail "pliego serve: installed pages"; }
import sys, urllib.request
url, web = sys.argv[1], sys.argv[2]
for path, name in (("/", "index.html"), ("/legal", "legal.html"), ("/static/sales.js", "sales.js")):
    with urllib.request.urlopen(url + path, timeout=10) as answer:
        assert answer.read() == open(web + "/" + name, "rb").read(), path + " is not " + name
        if name.endswith(".html"):
            assert answer.headers["Content-Security-Policy"] == "default-src 'self'", path
PY
kill "$server"
wait "$server" || fail "pliego serve exited $? on SIGTERM"

# the library half: the example program, built from the installed prefix
pc=$(find "$root" -name pliego.pc | head -n 1)
[ -n "$pc" ] || fail "no pliego.pc installed"
flags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --define-variable=prefix="$root" \
        --cflags --libs pliego) || fail "pkg-config pliego failed"
libdir=$(dirname "$(dirname "$pc")")
# shellcheck disable=SC2086 # the flags are words
cc -std=c11 -Wall -Wextra -Werror "$root/share/pliego/examples/embed.c" $flags \
  -Wl,-rpath,"$libdir" -o embed || fail "examples/embed.c does not build against the installed header"
./embed "$root/share/pliego" "$root/share/pliego/examples/customer.xml" service-description \
  2026-11-25 embed.pdf > embed.txt || fail "the embed example exited $?"
grep -q '^embed.pdf: service-description in es-MX, [1-9][0-9]* page(s)' embed.txt ||
  fail "embed printed: $(cat embed.txt)"
pdftotext embed.pdf embed-pdf.txt
grep -q 'Talleres Ribera' embed-pdf.txt || fail "the embed example's PDF does not name the customer"

# no path of the machine that built it
source_root=$(cd "$PLIEGO_SOURCE_ROOT" && pwd -P)
build_root=$(cd "$PLIEGO_BUILD_ROOT" && pwd -P)
for file in "$pliego" "$libdir"/libpliego.so*; do
  [ -L "$file" ] && continue
  for path in "$source_root" "$build_root"; do
    if grep -aq -- "$path" "$file"; then
      fail "$(basename "$file") holds the build machine's path $path"
    fi
  done
done
echo "install: ok ($root)"
