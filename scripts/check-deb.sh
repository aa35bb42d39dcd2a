#!/usr/bin/env bash
# Installs a pliego .deb on this machine, renders the example from an empty
# folder with the installed program, checks the installed catalogue and
# the man page, and removes the package again (also when a step fails).
# Needs root. CI runs it once, after the tests:
#
#   scripts/check-deb.sh pliego_VERSION_amd64.deb
set -euo pipefail
deb=$(readlink -f "${1:?give the .deb to check}")
fail() { echo "check-deb.sh: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "needs root to install the package"
if dpkg-query -W -f='${Status}' pliego 2>/dev/null | grep -q "install ok installed"; then
  fail "a pliego package is installed already; not touching it"
fi

work=$(mktemp -d)
cleanup() {
  dpkg -r pliego > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" \
  > "$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "the package does not install"; }

cd "$work"
env -u PLIEGO_CATALOG -u PLIEGO_TEMPLATES /usr/bin/pliego --version > version.txt
grep -qx "catalogue: /usr/share/pliego (installed)" version.txt ||
  fail "the installed program does not find the installed catalogue: $(cat version.txt)"
/usr/bin/pliego render --example --on 2026-11-25 -q -o example.pdf ||
  fail "render --example exited $?"
pdftotext example.pdf example.txt
grep -q 'Mexico\|México' example.txt || fail "the example PDF does not name the customer's country"
/usr/bin/pliego check -q || fail "check of the installed catalogue exited $?"
[ -s /usr/share/man/man1/pliego-render.1 ] || fail "no man page pliego-render(1)"
[ -s /usr/share/bash-completion/completions/pliego ] || fail "no bash completion"

dpkg -r pliego > /dev/null || fail "the package does not remove"
[ ! -e /usr/bin/pliego ] || fail "/usr/bin/pliego is still there after removal"
[ ! -e /usr/share/pliego ] || fail "/usr/share/pliego is still there after removal"
echo "check-deb.sh: $(basename "$deb") installs, renders the example from an empty folder, removes"
