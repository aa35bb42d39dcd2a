#!/usr/bin/env bash
# Builds the Debian package of pliego with dpkg-deb:
#
#   scripts/build-deb.sh [OUTDIR]     (default OUTDIR: the current folder)
#
# writes OUTDIR/pliego_VERSION_amd64.deb: the program, the library, its
# header and pkg-config file, the installed data (share/pliego: catalogue,
# templates, schemas, examples), the man pages and the bash completion,
# under /usr. Its Depends are the packages that hold the shared libraries
# the binary and the library load (found with dpkg -S, each at least the
# version built against), plus the fonts the templates name.
#
# BUILD_DIR  the meson build folder to use (default: build-deb, set up with
#            --prefix=/usr -Dbuildtype=release if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
out_dir=$(mkdir -p "${1:-.}" && cd "${1:-.}" && pwd)
build_dir=${BUILD_DIR:-build-deb}

if [ ! -f "$build_dir/build.ninja" ]; then
  meson setup "$build_dir" --prefix=/usr -Dbuildtype=release > /dev/null
fi
prefix=$(meson introspect "$build_dir" --buildoptions |
         python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"))')
[ "$prefix" = /usr ] || { echo "build-deb.sh: $build_dir has prefix $prefix, not /usr" >&2; exit 1; }
# only what is installed (not the tests and benchmarks)
mapfile -t targets < <(meson introspect "$build_dir" --targets | python3 -c '
import json, os, sys
root = sys.argv[1]
for t in json.load(sys.stdin):
    if t["installed"]:
        for f in t["filename"]:
            print(os.path.relpath(f, root))' "$(cd "$build_dir" && pwd)")
ninja -C "$build_dir" "${targets[@]}" > /dev/null
version=$(meson introspect "$build_dir" --projectinfo |
          python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
arch=$(dpkg --print-architecture)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
meson install -C "$build_dir" --no-rebuild --strip --quiet --destdir "$stage/root" \
  > "$stage/install.log" 2>&1 || { cat "$stage/install.log" >&2; exit 1; }

# the package of every shared library the program and its library name
# directly (NEEDED; the others come with those packages), at least at the
# version installed here
binary=$stage/root/usr/bin/pliego
library=$(readlink -f "$stage"/root/usr/lib/*/libpliego.so)
depends=$(
  objdump -p "$binary" "$library" | awk '$1 == "NEEDED" { print $2 }' | sort -u |
  while read -r needed; do
    case $needed in libpliego.so*|ld-linux*) continue ;; esac
    path=$(ldd "$binary" | awk -v name="$needed" '$1 == name { print $3 }')
    [ -n "$path" ] || { echo "build-deb.sh: $needed not found" >&2; exit 1; }
    dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")"
  done |
  cut -d: -f1 | sort -u |
  while read -r package; do
    echo "$package (>= $(dpkg-query -W -f='${Version}' "$package" | sed 's/-[^-]*$//'))"
  done | paste -sd, - | sed 's/,/, /g')
[ -n "$depends" ] || { echo "build-deb.sh: found no library dependencies" >&2; exit 1; }
# pliego serve's HTTP server comes from the list above like the rest; a
# package without it would install a pliego whose serve cannot start
case $depends in
  *libmicrohttpd*) ;;
  *) echo "build-deb.sh: libmicrohttpd is not among the dependencies: $depends" >&2; exit 1 ;;
esac
depends="$depends, fonts-liberation2, fonts-dejavu-core, fonts-noto-core"

mkdir -p "$stage/root/DEBIAN"
size=$(du -sk "$stage/root/usr" | cut -f1)
cat > "$stage/root/DEBIAN/control" <<CONTROL
Package: pliego
Version: $version
Architecture: $arch
Maintainer: pliego maintainers <pliego@example.invalid>
Installed-Size: $size
Depends: $depends
Section: text
Priority: optional
Description: contracts, service descriptions and notices as PDF
 pliego assembles a customer's documents from a regional clause catalogue
 and renders them to PDF through XSLT templates and its own XSL-FO
 renderer. Includes the shipped catalogue and templates, the library with
 its header, man pages and bash completion.
CONTROL
# the library lands in a folder ld.so.cache knows
echo "activate-noawait ldconfig" > "$stage/root/DEBIAN/triggers"
find "$stage/root" -type d -exec chmod 0755 {} +
deb=$out_dir/pliego_${version}_${arch}.deb
dpkg-deb --root-owner-group --build "$stage/root" "$deb" > /dev/null
echo "$deb"
