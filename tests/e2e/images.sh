#!/usr/bin/env bash
# Images are read only from inside the FO file's folder (subfolders
# included) and the folders given with --image-dir; paths are compared
# after resolving "..", and symbolic links, so neither escapes. A refused
# image is never opened: it gets a warning with its place and an empty box
# of the size asked for, as a missing one does. Also: a character no font
# has is reported once per document.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

logo="$tests_dir/golden/cases/images/logo-144dpi.png"
mkdir -p "$tmp/doc/pictures" "$tmp/elsewhere"
cp "$logo" "$tmp/doc/pictures/logo.png"
cp "$logo" "$tmp/elsewhere/logo.png"
ln -s "$tmp/elsewhere/logo.png" "$tmp/doc/link.png"
ln -s "$tmp/elsewhere" "$tmp/doc/linked-folder"
mkfifo "$tmp/doc/fifo.png"

# write_fo NAME SRC: an FO file in doc/ with one 30 x 12 mm image on line 9.
write_fo() {
  cat > "$tmp/doc/$1.fo" <<FO
<?xml version="1.0"?>
<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format">
  <fo:layout-master-set>
    <fo:simple-page-master master-name="p"><fo:region-body/></fo:simple-page-master>
  </fo:layout-master-set>
  <fo:page-sequence master-reference="p">
    <fo:flow flow-name="xsl-region-body">
      <fo:block>Logo:
        <fo:external-graphic src="$2" width="30mm" height="12mm"/></fo:block>
    </fo:flow>
  </fo:page-sequence>
</fo:root>
FO
}

# run NAME [OPTIONS...]: renders doc/NAME.fo, dumping the area tree.
run() {
  local name=$1
  shift
  status=0
  timeout 60 "$PLIEGO" fo2pdf "$tmp/doc/$name.fo" --dump-areas "$tmp/$name.xml" \
    "$@" 2> "$tmp/stderr" || status=$?
  stderr=$(cat "$tmp/stderr")
  [ "$status" -eq 0 ] || fail "$name: exit status $status; stderr: $stderr"
}

# read_ok NAME: the image was read (its area names the file), no warning.
read_ok() {
  grep -q 'src="logo.png"' "$tmp/$1.xml" || fail "$1: the image was not read"
  [ -z "$stderr" ] || fail "$1: unexpected warnings: $stderr"
}

# refused NAME MESSAGE: a warning at NAME.fo:9 with MESSAGE, and an empty
# 30 x 12 mm box (85.04 x 34.02 points) with no file.
refused() {
  grep -q "$1.fo:9: warning: .*$2" <<< "$stderr" ||
    fail "$1: no warning at $1.fo:9 saying \"$2\"; stderr: $stderr"
  grep -q '<image .*width="85.04" height="34.02"/>' "$tmp/$1.xml" ||
    fail "$1: no empty box of the size asked for: $(grep '<image' "$tmp/$1.xml")"
}

write_fo inside "pictures/logo.png"
run inside
read_ok inside

write_fo uri "file://$tmp/doc/pictures/logo.png"
run uri
read_ok uri

write_fo outside "../elsewhere/logo.png"
run outside
refused outside "outside the allowed directories"

write_fo symlink "link.png"
run symlink
refused symlink "outside the allowed directories"

write_fo symlinked-folder "linked-folder/logo.png"
run symlinked-folder
refused symlinked-folder "outside the allowed directories"

# --image-dir lets the same files in
run outside --image-dir "$tmp/elsewhere"
read_ok outside
run symlink --image-dir "$tmp/elsewhere"
read_ok symlink

# a FIFO would block the reader forever: refused without opening it
write_fo fifo "fifo.png"
run fifo
refused fifo "not a regular file"

write_fo network "http://127.0.0.1:9/logo.png"
run network
refused network "only local files are read, not http: URIs"

# Over the size limits: refused from the header, before any pixel is
# decoded (a GIF's screen of 10000 x 10000 would take 400 MB a copy).
python3 - "$tmp/doc" <<'PY'
import struct, sys, zlib
folder = sys.argv[1]
def png(name, width, height):
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    open(f"{folder}/{name}", "wb").write(b"\x89PNG\r\n\x1a\n" + chunk)
png("wide.png", 40000, 10)
png("area.png", 20000, 20000)
# a whole one-pixel GIF whose logical screen is 10000 x 10000
gif = (b"GIF89a" + struct.pack("<HH", 10000, 10000) + b"\x80\x00\x00" +
       b"\x00\x00\x00\xff\xff\xff" + b"," + struct.pack("<HHHH", 0, 0, 1, 1) +
       b"\x00\x02\x02\x44\x01\x00;")
open(f"{folder}/screen.gif", "wb").write(gif)
PY
write_fo wide "wide.png"
run wide
refused wide "40000 x 10 pixels (at most 30000 a side)"
write_fo area "area.png"
run area
refused area "20000 x 20000 pixels, more than the limit of 80 million in all"
write_fo screen "screen.gif"
run screen
refused screen "10000 x 10000 pixels, more than the limit of 80 million in all"

status=0
"$PLIEGO" fo2pdf "$tmp/doc/inside.fo" -o "$tmp/x.pdf" --image-dir "$tmp/none" \
  2> "$tmp/stderr" || status=$?
[ "$status" -eq 1 ] || fail "--image-dir of a missing folder: exit status $status, expected 1"
grep -q "image-dir.*not a directory" "$tmp/stderr" ||
  fail "--image-dir of a missing folder: $(cat "$tmp/stderr")"

# A relative FO path from another folder: the image is still found (the
# renderer once joined the FO's folder to an already joined path).
(cd "$tmp" && "$PLIEGO" fo2pdf doc/inside.fo -o "$tmp/relative.pdf" 2> "$tmp/stderr") ||
  fail "relative FO path: $(cat "$tmp/stderr")"
images=$(pdfimages -list "$tmp/relative.pdf" 2>/dev/null | tail -n +3 | wc -l)
[ "$images" -ge 1 ] || fail "relative FO path: the PDF holds no image"

# GIF and TIFF are decoded and drawn: the PDF holds the three images, the
# GIF's at its pixel size (the TIFF, drawn at half size, is padded by a
# pixel or so by Cairo's PDF output), and no warning is given.
"$PLIEGO" fo2pdf "$tests_dir/golden/cases/images-gif-tiff.fo" -o "$tmp/gif-tiff.pdf" \
  2> "$tmp/stderr" || fail "images-gif-tiff.fo: $(cat "$tmp/stderr")"
[ ! -s "$tmp/stderr" ] || fail "images-gif-tiff.fo: unexpected warnings: $(cat "$tmp/stderr")"
sizes=$(pdfimages -list "$tmp/gif-tiff.pdf" | awk 'NR > 2 && $3 == "image" { print $4 "x" $5 }' |
        tr '\n' ' ')
case $sizes in
  40x20\ 4[0-4]x2[0-4]\ 40x20\ ) ;;
  *) fail "images-gif-tiff.fo: images in the PDF: $sizes (expected 40x20, about 40x20, 40x20)" ;;
esac
# the GIF's red, green and blue are painted where the image is
pdftoppm -r 72 -png -f 1 -l 1 "$tmp/gif-tiff.pdf" "$tmp/gif-tiff"
python3 - "$tmp/gif-tiff-1.png" <<'PY' || fail "images-gif-tiff.fo: the GIF's colours are not on the page"
import sys, zlib, struct
data = open(sys.argv[1], "rb").read()
pos, idat, width = 8, b"", 0
while pos < len(data):
    size, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + size]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        channels = {2: 3, 6: 4}[colour]
    if kind == b"IDAT":
        idat += body
    pos += 12 + size
raw = zlib.decompress(idat)
stride = width * channels + 1
rows, previous = [], bytearray(stride - 1)
for y in range(len(raw) // stride):
    line = bytearray(raw[y * stride + 1:(y + 1) * stride])
    kind = raw[y * stride]
    for i in range(len(line)):
        a = line[i - channels] if i >= channels else 0
        b = previous[i]
        c = previous[i - channels] if i >= channels else 0
        if kind == 1: line[i] = (line[i] + a) & 255
        elif kind == 2: line[i] = (line[i] + b) & 255
        elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); previous = line
seen = set()
for line in rows:
    for x in range(0, len(line), channels):
        seen.add(tuple(line[x:x + 3]))
sys.exit(0 if {(200, 0, 0), (0, 120, 0), (0, 0, 200)} <= seen else 1)
PY

# Missing glyphs: once per character per document, at the text's line.
status=0
pliego fo2pdf "$tests_dir/bad/missing-glyph.fo" -o "$tmp/glyph.pdf" 2> "$tmp/stderr" || status=$?
[ "$status" -eq 0 ] || fail "missing-glyph.fo: exit status $status"
count=$(grep -c "U+E000" "$tmp/stderr" || true)
[ "$count" -eq 1 ] || fail "U+E000 reported $count times, expected once: $(cat "$tmp/stderr")"
finish
