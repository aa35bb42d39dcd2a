#!/usr/bin/env python3
"""Writes fuzz/fo.dict, the libFuzzer dictionary of fuzz-fo, from the one
table of elements, properties and keywords in src/fo/*.def, so that
mutations insert whole element names, attributes and values instead of
waiting for them to appear byte by byte. Run it after changing a .def
file: fuzz/make-dict.py > fuzz/fo.dict"""
import pathlib
import re

fo = pathlib.Path(__file__).resolve().parent.parent / "src" / "fo"
elements = re.findall(r'^FO_ELEMENT\(\w+, "([^"]+)"\)', (fo / "elements.def").read_text(), re.M)
properties = re.findall(r'^FO_PROPERTY\(\w+, "([^"]+)"', (fo / "properties.def").read_text(), re.M)
keywords = re.findall(r'^FO_KEYWORD\(\w+, "([^"]+)"\)', (fo / "keywords.def").read_text(), re.M)


def entry(name, value):
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    print(f'{name}="{escaped}"')


print("# libFuzzer dictionary for fuzz-fo, made by fuzz/make-dict.py from src/fo/*.def.")
print("# XML structure")
for token in ['<?xml version="1.0"?>', 'xmlns:fo="http://www.w3.org/1999/XSL/Format"',
              "<fo:", "</fo:", "/>", ">", '="', '"', "<![CDATA[", "]]>", "<!--", "-->",
              "&amp;", "&#x202E;", "&#160;"]:
    entry("xml", token)
print("# elements, as opening and closing tags")
for name in elements:
    entry("element", f"<fo:{name}")
    entry("element_end", f"</fo:{name}>")
print("# properties, as attributes")
for name in properties:
    entry("property", f' {name}="')
print("# keywords and expression functions")
for name in keywords:
    entry("keyword", name)
print("# values: lengths, units, numbers, colours, ids")
for value in ["0", "1", "-1", "2147483647", "4294967296", "1e9", "0.5", "100%", "12pt",
              "1in", "2cm", "10mm", "3pc", "2px", "1.2em", "inherit", "auto", "none",
              "#ff0000", "rgb(1,2,3)", "url(x.png)", "url('http://x')", "(1 + 2) * 3",
              "from-parent(font-size)", "proportional-column-width(1)", "body-start()",
              "i", "I", "a", "A", "1 of 2", "first-starting-within-page", "xsl-region-body",
              "xsl-region-before", "xsl-region-after", "xsl-footnote-separator",
              "id1", "#id1"]:
    entry("value", value)
