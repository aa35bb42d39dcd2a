#!/usr/bin/env bash
# Installs everything pliego needs to build, test and benchmark on Debian 12.
# Safe to run again: only packages that are missing are installed, and when
# nothing is missing it prints nothing and touches nothing.
set -euo pipefail

packages=(
  # build
  gcc meson ninja-build pkg-config
  libglib2.0-dev libxml2-dev libxslt1-dev libpango1.0-dev libcairo2-dev
  libfontconfig-dev libcmocka-dev libicu-dev
  # GIF and TIFF images, and checking PNG and JPEG bodies, with gdk-pixbuf
  libgdk-pixbuf-2.0-dev
  # customer records in CSV (RFC 4180) for the assembler
  libcsv-dev
  # pliego serve's HTTP server, and wrk for its benchmark (bench/serve.sh)
  libmicrohttpd-dev wrk
  # archival PDF (PDF/A, PDF/UA): qpdf's C API post-processes Cairo's output,
  # and the sRGB ICC profile of the PDF/A output intent
  libqpdf-dev icc-profiles-free
  # SHA-256 with the processor's SHA instructions (provenance, batch manifest)
  nettle-dev
  # deflating the streams archival output adds (libdeflate, faster than zlib)
  libdeflate-dev
  # PNG pages (render --png, serve's previews) written with libpng's fast mode
  libpng-dev
  # hyphenate="true": libhyphen and patterns for the catalogue's languages
  # (the tests use es and en-US; Japanese needs none)
  libhyphen-dev hyphen-es hyphen-en-us hyphen-fr hyphen-de hyphen-pt-pt hyphen-pt-br
  # the fuzz targets: clang with libFuzzer and the sanitizer runtimes
  clang libclang-rt-14-dev
  # test tools: PDF inspection, XML checks, PNG checks, the conformance judge
  poppler-utils qpdf python3 libxml2-utils file git
  # fonts the tests and FOP's references rely on (see tests/fonts/fonts.conf)
  fonts-liberation2 fonts-dejavu-core fonts-noto-core fonts-noto-cjk
  # comma-decimal locale for the second test run (de_DE.UTF-8)
  locales
  # man pages (docs/man/*.scd) and the Debian package (scripts/build-deb.sh)
  scdoc dpkg-dev binutils
  # the distributed batch test (tests/distributed): a one-node Slurm cluster
  slurm-wlm munge
  # Apache FOP 2.8 for comparisons; javac (Debian 12's JDK) and hyperfine for bench/
  fop openjdk-17-jdk-headless hyperfine
  # the browser test of `pliego serve`'s pages (tests/web): playwright-core
  # drives Debian's headless Chromium
  chromium-headless-shell
)

# Run privileged commands directly as root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "setup.sh: need root (or sudo) to run: $*" >&2
    exit 1
  fi
}

missing=()
for package in "${packages[@]}"; do
  # "install ok installed" is the only state in which the package is usable.
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# pdf.js reads the archival PDFs in tests/archive/pdfjs.sh: node and npm from
# Debian when no node is installed (a newer one from elsewhere is kept), then
# the pinned pdfjs-dist from package-lock.json. Without them that test is
# skipped, not failed.
if ! command -v node >/dev/null 2>&1; then
  echo "setup.sh: installing nodejs npm"
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends nodejs npm || true
fi
pdfjs_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/archive/pdfjs"
if command -v npm >/dev/null 2>&1 && [ ! -d "$pdfjs_dir/node_modules/pdfjs-dist" ]; then
  echo "setup.sh: npm ci in tests/archive/pdfjs"
  (cd "$pdfjs_dir" && npm ci --omit=optional --no-audit --no-fund >/dev/null) ||
    echo "setup.sh: npm ci failed; tests/archive/pdfjs.sh will be skipped" >&2
fi
# playwright-core and @axe-core/playwright, pinned in tests/web's
# package-lock.json, for the browser test of the pages (tests/web/web.sh).
web_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/web"
if command -v npm >/dev/null 2>&1 && [ ! -d "$web_dir/node_modules/playwright-core" ]; then
  echo "setup.sh: npm ci in tests/web"
  (cd "$web_dir" && npm ci --no-audit --no-fund >/dev/null) ||
    echo "setup.sh: npm ci failed in tests/web; the web test will fail until it succeeds" >&2
fi

# The locale tests run a second time under de_DE.UTF-8 (decimal comma), which
# Debian's locales package does not generate by default.
if ! locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\?8'; then
  echo "setup.sh: generating locale de_DE.UTF-8"
  as_root sed -i 's/^# *\(de_DE\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^de_DE\.UTF-8 UTF-8' /etc/locale.gen ||
    echo 'de_DE.UTF-8 UTF-8' | as_root tee -a /etc/locale.gen >/dev/null
  as_root locale-gen >/dev/null
fi
