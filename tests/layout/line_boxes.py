#!/usr/bin/env python3
"""No line past its box: reads dumped area trees (`pliego fo2pdf
--dump-areas`) and fails when a line's text starts before, or ends after,
the content box it was broken for (the line's box-x and box-width).
Two lines may: one with overfull="no-wrap" (wrap-option="no-wrap" asked
for it), and one with overfull="unbreakable" that holds a single word with
no break in it wider than the box (FOP sets those lines overfull too).

    line_boxes.py AREAS.xml...

Prints one line per offending line (file, page, text, by how much) and
exits 1 when there is one. The dump rounds each length to 0.01 pt, so a
line may seem up to 0.02 pt past its box when it ends exactly on it
(right-aligned and right-to-left lines); more than that is reported.
"""
import sys
import xml.etree.ElementTree as ET

EPSILON = 0.02


def offenders(path):
    tree = ET.parse(path)
    for page in tree.getroot().iter("page"):
        for line in page.iter("line"):
            if "box-x" not in line.attrib:
                continue
            x = float(line.get("x"))
            width = float(line.get("width"))
            left = float(line.get("box-x"))
            right = left + float(line.get("box-width"))
            over = max(left - x, x + width - right)
            text = (line.text or "").strip()
            allowed = line.get("overfull") == "no-wrap" or (
                line.get("overfull") == "unbreakable" and " " not in text)
            if over > EPSILON and not allowed:
                yield page.get("index"), over, text


def main(paths):
    if not paths:
        print("usage: line_boxes.py AREAS.xml...", file=sys.stderr)
        return 2
    bad = 0
    lines = 0
    for path in paths:
        for page, over, text in offenders(path):
            bad += 1
            print(f"{path}: page {page}: line past its box by {over:.2f} pt: "
                  f"{text[:60]!r}")
        found = list(ET.parse(path).getroot().iter("line"))
        lines += len(found)
        if found and not any("box-x" in line.attrib for line in found):
            bad += 1
            print(f"{path}: no line says its box (box-x): an area tree "
                  f"from a pliego older than this check?")
    print(f"line_boxes: {lines} lines in {len(paths)} area trees, "
          f"{bad} past their box")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
