#!/usr/bin/env python3
"""Checks that link rectangles cover their words on the page.

usage: link_rects.py PDF WORD=URI...

For each WORD=URI, the page's link annotation to URI (qpdf --json) must
cover the word as pdftotext -bbox places it, give or take TOLERANCE points
on each side (a link's box is its line's height, the word's box its
glyphs'). Exits 1 naming each link that does not.
"""
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

TOLERANCE = 4.0


def links(pdf):
    """URI -> [x0, y0, x1, y1] from the top left, in points."""
    doc = json.loads(subprocess.run(["qpdf", "--json", pdf], check=True,
                                    capture_output=True, text=True).stdout)
    objects = doc["qpdf"][1]
    height = None
    found = {}
    for value in objects.values():
        value = value.get("value", value) if isinstance(value, dict) else value
        if not isinstance(value, dict):
            continue
        if value.get("/Type") == "/Page":
            height = float(value["/MediaBox"][3])
        if value.get("/Subtype") == "/Link" and "/A" in value:
            uri = value["/A"].get("/URI", "")
            found[uri[2:] if uri.startswith("u:") else uri] = value["/Rect"]
    return {uri: [r[0], height - r[3], r[2], height - r[1]] for uri, r in found.items()}


def words(pdf):
    """word -> [x0, y0, x1, y1] from the top left, in points."""
    xhtml = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True,
                           capture_output=True, text=True).stdout
    boxes = {}
    for element in ET.fromstring(xhtml).iter():
        if element.tag.endswith("word") and element.text:
            boxes[element.text] = [float(element.get(k))
                                   for k in ("xMin", "yMin", "xMax", "yMax")]
    return boxes


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    pdf = sys.argv[1]
    rects, boxes = links(pdf), words(pdf)
    failures = 0
    for pair in sys.argv[2:]:
        word, uri = pair.split("=", 1)
        rect, box = rects.get(uri), boxes.get(word)
        if rect is None or box is None:
            print(f"{pdf}: no link to {uri} or no word {word}")
            failures += 1
            continue
        off = max(abs(a - b) for a, b in zip(rect, box))
        if off > TOLERANCE:
            print(f"{pdf}: the link to {uri} at {rect} does not cover "
                  f"{word} at {box} ({off:.1f} pt off)")
            failures += 1
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
