#!/usr/bin/env python3
"""Check a PDF against an .expect file; print one line per problem.

usage: check_pdf.py FILE.pdf FILE.expect

The expect file holds lines of the form
  pages: N          pdfinfo's page count must be N
  title: TEXT       pdfinfo's Title must be TEXT (likewise author:)
  page N: WORDS     WORDS must occur in `pdftotext -f N -l N` output
Blank lines and lines starting with # are ignored. Text is compared after the
same normalisation as the conformance judge (NFKC, no format characters, a run
of leader dots shortened to "..."), with whitespace collapsed and dropped next
to CJK characters (pdftotext may or may not put spaces between them).
Also: `qpdf --check` must pass and every font must be embedded.
Exit status 1 if any check failed.
"""
import re
import subprocess
import sys
import unicodedata


def run(*command):
    return subprocess.run(command, capture_output=True, text=True)


def normalise(text):
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = re.sub(r"([.\u00b7_*=~-])(?:[ \t]?\1){3,}", r" \1\1\1 ", text)
    text = " ".join(text.split())
    cjk = r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]"
    return re.sub(rf"(?<={cjk}) | (?={cjk})", "", text)


def pdfinfo(pdf):
    info = {}
    for line in run("pdfinfo", pdf).stdout.splitlines():
        key, _, value = line.partition(":")
        info[key.strip().lower()] = value.strip()
    return info


def fonts(pdf):
    """(name, emb) per font, columns cut where pdffonts' dashed rule is."""
    lines = run("pdffonts", pdf).stdout.splitlines()
    if len(lines) < 2:
        return []
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    emb = 3  # name, type, encoding, emb, sub, uni, object ID
    return [(line[slice(*spans[0])].strip(), line[slice(*spans[emb])].strip())
            for line in lines[2:] if line.strip()]


def main(pdf, expect):
    problems = []
    check = run("qpdf", "--check", pdf)
    if check.returncode != 0:
        problems.append(f"qpdf --check exited {check.returncode}: "
                        + (check.stdout + check.stderr).strip()[-300:])
    info = pdfinfo(pdf)
    found = fonts(pdf)
    if not found:
        problems.append("pdffonts lists no font")
    for name, emb in found:
        if emb != "yes":
            problems.append(f"font {name} is not embedded")
    with open(expect, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, _, value = line.partition(":")
            key, value = key.strip(), value.strip()
            where = f"{expect}:{number}"
            if key == "pages":
                if info.get("pages") != value:
                    problems.append(f"{where}: {info.get('pages')} pages, expected {value}")
            elif key in ("title", "author"):
                if info.get(key) != value:
                    problems.append(f"{where}: {key} is {info.get(key)!r}, expected {value!r}")
            elif key.startswith("page "):
                page = key.split()[1]
                text = run("pdftotext", "-f", page, "-l", page, pdf, "-").stdout
                if normalise(value) not in normalise(text):
                    problems.append(f"{where}: page {page} lacks {value!r}; it reads: "
                                    + normalise(text)[:400])
            else:
                problems.append(f"{where}: unknown line {line!r}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
