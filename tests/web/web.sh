#!/usr/bin/env bash
# The pages of `pliego serve` in a real browser: starts the server on a
# free loopback port with the shipped catalogue, templates and example
# customers, and a changed copy of the catalogue to compare with; then runs scenario.js (playwright-core driving Debian's
# Chromium, axe-core on each page). Screenshots, downloads and the
# server's log stay in PLIEGO_WEB_OUT (the build folder's tests/web) as
# artefacts. Skipped (exit 77) only when no Chromium is installed;
# scripts/setup.sh installs chromium-headless-shell and the npm packages.
set -u
: "${PLIEGO:?PLIEGO must name the pliego executable (meson test sets it)}"
root=${PLIEGO_SOURCE_ROOT:?}
here=$(cd "$(dirname "$0")" && pwd)
out=${PLIEGO_WEB_OUT:-${PLIEGO_BUILD_ROOT:?}/tests/web}

chromium=${PLIEGO_CHROMIUM:-}
if [ -z "$chromium" ]; then
  for candidate in chromium-headless-shell chromium; do
    if command -v "$candidate" >/dev/null 2>&1; then
      chromium=$(command -v "$candidate")
      break
    fi
  done
fi
if [ -z "$chromium" ]; then
  echo "skipped: neither chromium-headless-shell nor chromium is installed (scripts/setup.sh installs chromium-headless-shell)"
  exit 77
fi
if ! command -v node >/dev/null 2>&1; then
  echo "FAIL: node is not installed (scripts/setup.sh installs it)" >&2
  exit 1
fi
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/@axe-core/playwright" ]; then
  echo "FAIL: tests/web/node_modules lacks playwright-core or @axe-core/playwright: run scripts/setup.sh (npm ci in tests/web)" >&2
  exit 1
fi

mkdir -p "$out"
rm -f "$out"/*.png "$out"/*.pdf "$out"/*.xml "$out"/*.csv "$out"/serve.log

# Stops the server with SIGTERM, as a person would; it must exit 0 (under
# the sanitizers, a leak makes that fail).
server=
stop_server() {
  local code=0
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null
    wait "$server" 2>/dev/null || code=$?
    server=
  fi
  return "$code"
}
trap stop_server EXIT

# The catalogue to compare with: the shipped one with one word of a French
# clause changed, as the next version of the catalogue might.
next=$out/next-catalog
rm -rf "$next"
mkdir -p "$next"
cp -R "$root/regions" "$root/locales" "$next/"
sed -i 's/le remplacement du matériel\./le remplacement des équipements./' "$next/locales/fr/service-description.xml"
grep -q 'remplacement des équipements' "$next/locales/fr/service-description.xml" ||
  { echo "FAIL: the clause to change for the second catalogue is gone" >&2; exit 1; }

# Port 0: the server binds a free port and prints its address. The
# deadline is long because a sanitizer build renders several times slower
# (tests/serve tests the deadline itself). PLIEGO_TEST_LOCALE (the comma-
# decimal run) applies to the server; the CLI it is compared with keeps C.
log=$out/serve.log
locale=${PLIEGO_TEST_LOCALE:-${LC_ALL:-C.UTF-8}}
LC_ALL=$locale "$PLIEGO" serve --listen 127.0.0.1:0 --catalog "$root" --templates "$root/templates" \
  --customers "$root/examples/customers.csv" --compare-catalog "$next" --workers 2 --deadline 120 \
  >"$log" 2>&1 &
server=$!
url=
for _ in $(seq 1 150); do
  url=$(sed -n 's|^pliego serve: listening on \(http://[^/]*\)/.*|\1|p' "$log" | head -n 1)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$url" ]; then
  echo "FAIL: pliego serve did not start; its log:" >&2
  cat "$log" >&2
  exit 1
fi

PLIEGO_WEB_URL=$url PLIEGO_WEB_OUT=$out PLIEGO_CHROMIUM=$chromium \
  node "$here/scenario.js"
status=$?
if ! stop_server; then
  echo "FAIL: pliego serve did not exit 0 on SIGTERM; the end of its log:" >&2
  tail -n 20 "$log" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "web.sh: failed; screenshots and the server's log are in $out" >&2
fi
exit "$status"
