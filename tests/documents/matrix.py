#!/usr/bin/env python3
"""Every document kind x region x channel x language with complete clauses,
rendered end to end with `pliego render` and read back with poppler:

* it renders (exit 0), `pliego verify` passes (PDF/A-3b, PDF/UA-1 and its
  provenance), the attached document XML is `--emit document`'s, `qpdf --check` passes and `pdffonts` shows every font
  embedded (a Japanese document in a CJK font);
* the text shows the customer's name and the document date (or, in a
  cancellation notice, the effective date) written as that language writes
  dates;
* a service description shows the customer's terms: the URL of its region,
  country, language and channel, or the reseller paragraph that replaces it;
  the English renders are checked against the region table of
  docs/catalogue.md, the others against what the assembler decided;
* every page says "Page N of M" (in the document's language) with the right
  N and M.

The rows are those of tests/catalog/matrix.csv (one per region and channel).
"""
import csv
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

PLIEGO = os.environ["PLIEGO"]
ROOT = os.environ["PLIEGO_SOURCE_ROOT"]
MATRIX = os.path.join(ROOT, "tests", "catalog", "matrix.csv")
NS = {"d": "urn:pliego:document"}
ON = "2026-11-25"

# Languages whose clause libraries are complete for each kind
# (locales/documents.xml: full="...").
LANGUAGES = {
    "service-description": ["en", "es"],
    "cancellation-notice": ["en", "es", "fr", "de", "pt", "ja"],
    "transfer-notice": ["en", "es", "fr", "de", "pt", "ja"],
}

# Long dates as each language writes them (CLDR), to check ICU's output in
# the PDF independently of the assembler.
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
           "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
           "août", "septembre", "octobre", "novembre", "décembre"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
           "August", "September", "Oktober", "November", "Dezember"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
           "agosto", "setembro", "outubro", "novembro", "dezembro"],
}


def long_date(lang, iso):
    year, month, day = (int(part) for part in iso.split("-"))
    if lang == "ja":
        return f"{year}年{month}月{day}日"
    name = MONTHS[lang][month - 1]
    if lang == "en":
        return f"{name} {day}, {year}"
    if lang == "de":
        return f"{day}. {name} {year}"
    if lang == "fr":
        return f"{day} {name} {year}"
    return f"{day} de {name} de {year}"


# The terms of the English service description per matrix row: the region
# table of docs/catalogue.md ("reseller" where the reseller clause replaces
# the terms).
BASE = "https://northwind-support.example"
ENGLISH_TERMS = {
    "us-direct": BASE + "/us/terms",
    "us-reseller": BASE + "/us/terms",
    "canada-direct": BASE + "/ca/terms",
    "canada-reseller": BASE + "/ca/terms",
    "latam-direct": BASE + "/global/service-terms",
    "latam-reseller": BASE + "/global/service-terms",
    "apj-direct": BASE + "/global/service-terms",
    "apj-reseller": "reseller",
    "japan-direct": BASE + "/jp/terms",
    "japan-reseller": "reseller",
    "emea-direct": BASE + "/fr/conditions",
    "emea-reseller": "reseller",
}


def squeeze(text):
    """Text without white space, so line breaks in the PDF do not matter."""
    return re.sub(r"\s+", "", text)


# .ci/run's third pass runs pliego under a decimal-comma locale.
PLIEGO_ENV = dict(os.environ)
if os.environ.get("PLIEGO_TEST_LOCALE"):
    PLIEGO_ENV["LC_ALL"] = os.environ["PLIEGO_TEST_LOCALE"]


def run(args, **kwargs):
    env = PLIEGO_ENV if args[0] == PLIEGO else None
    return subprocess.run(args, capture_output=True, text=True, env=env, **kwargs)


def check(row_number, row, kind, lang, workdir):
    """Renders one combination; returns a list of failure messages."""
    name = f"{row['customer_id']}-{lang}-{kind}"
    failures = []
    pdf = os.path.join(workdir, name + ".pdf")
    document = os.path.join(workdir, name + ".xml")
    common = ["render", "--catalog", ROOT, "--customer", MATRIX,
              "--row", str(row_number), "--doc", kind, "--lang", lang,
              "--on", ON, "-q"]
    result = run([PLIEGO] + common + ["-o", pdf])
    if result.returncode != 0:
        return [f"{name}: pliego render exited {result.returncode}: {result.stderr.strip()}"]
    result = run([PLIEGO] + common + ["--emit", "document", "-o", document])
    if result.returncode != 0:
        return [f"{name}: --emit document exited {result.returncode}: {result.stderr.strip()}"]
    doc = ET.parse(document).getroot()

    # archival output: verify passes, and the embedded document XML is the
    # one --emit document writes
    verify = run([PLIEGO, "verify", "--catalog", ROOT, pdf])
    if verify.returncode != 0:
        failures.append(f"{name}: pliego verify exited {verify.returncode}: "
                        f"{verify.stdout.strip()[:500]}")
    attached = os.path.join(workdir, name + ".attached")
    os.makedirs(attached, exist_ok=True)
    run(["pdfdetach", "-saveall", "-o", attached, pdf])
    embedded = os.path.join(attached, "document.xml")
    with open(document, "rb") as emitted:
        wanted = emitted.read()
    if not os.path.exists(embedded):
        failures.append(f"{name}: no document.xml attached")
    else:
        with open(embedded, "rb") as handle:
            if handle.read() != wanted:
                failures.append(f"{name}: the attached document.xml differs from --emit document")

    qpdf = run(["qpdf", "--check", pdf])
    if qpdf.returncode != 0:
        failures.append(f"{name}: qpdf --check: {qpdf.stdout.strip()[-300:]}")
    fonts = run(["pdffonts", pdf]).stdout.splitlines()[2:]
    if not fonts:
        failures.append(f"{name}: pdffonts lists no font")
    for line in fonts:
        columns = line.split()
        # name type [encoding...] emb sub uni object ID
        if len(columns) < 7 or columns[-5] != "yes":
            failures.append(f"{name}: font not embedded: {line}")
    if lang == "ja" and not any("NotoSansCJK" in line for line in fonts):
        failures.append(f"{name}: a Japanese document without a CJK font: {fonts}")

    info = run(["pdfinfo", pdf]).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    pages = int(match.group(1)) if match else 0
    if pages < 1:
        return failures + [f"{name}: pdfinfo shows no pages"]
    texts = [run(["pdftotext", "-f", str(p), "-l", str(p), "-enc", "UTF-8", pdf, "-"]).stdout
             for p in range(1, pages + 1)]
    whole = squeeze("".join(texts))

    if squeeze(row["legal_name"]) not in whole:
        failures.append(f"{name}: the customer's name {row['legal_name']!r} is missing")
    date = row["effective_date"] if kind == "cancellation-notice" else ON
    if squeeze(long_date(lang, date)) not in whole:
        failures.append(f"{name}: the date {long_date(lang, date)!r} is missing")

    if kind == "service-description":
        terms = doc.find("d:terms", NS)
        url = terms.get("url")
        expected = ENGLISH_TERMS[row["customer_id"]] if lang == "en" else url or "reseller"
        if expected == "reseller":
            if url is not None:
                failures.append(f"{name}: expected the reseller clause, the document has {url}")
            clause = doc.find(f"d:body/d:clause[@id='{terms.get('replaced-by')}']", NS)
            if clause is None:
                failures.append(f"{name}: the reseller clause is not in the document")
            else:
                first = squeeze("".join(clause.find("d:p", NS).itertext()))[:60]
                if first not in whole:
                    failures.append(f"{name}: the reseller paragraph is not in the PDF")
        elif squeeze(expected) not in whole:
            failures.append(f"{name}: the terms URL {expected} is missing")

    label = doc.find("d:labels/d:label[@id='page-of']", NS)
    if label is None:
        failures.append(f"{name}: the document has no page-of label")
    else:
        for page, text in enumerate(texts, start=1):
            wanted = label.text.replace("{pages}", str(pages)).replace("{page}", str(page))
            if squeeze(wanted) not in squeeze(text):
                failures.append(f"{name}: page {page} does not say {wanted!r}")
    return failures


def main():
    with open(MATRIX, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if len(rows) != 12:
        print(f"matrix.csv should have 12 rows, has {len(rows)}", file=sys.stderr)
        return 1
    jobs = [(number, row, kind, lang)
            for number, row in enumerate(rows, start=1)
            for kind, languages in LANGUAGES.items()
            for lang in languages]
    with tempfile.TemporaryDirectory() as workdir, ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda job: check(*job, workdir), jobs))
    failures = [message for result in results for message in result]
    for message in failures:
        print("FAIL:", message, file=sys.stderr)
    print(f"documents: {len(jobs) - sum(1 for r in results if r)} of {len(jobs)} rendered and checked")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
